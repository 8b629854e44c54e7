"""The published contract: every API route declares its parameters and answers here, once.

`operation(...)` registers a Flask view *and* its description (summary, query schema, response
schema, errors, example). The view receives its query string already read with that schema (a 422
in the one error shape otherwise). `specification()` turns the registry into OpenAPI 3.1 with
apispec's marshmallow plugin, from the very schemas that read the requests: what is documented is
what runs.

Why apispec rather than flask-smorest: our answers are data·inclusion's (pagination in the body,
FastAPI's 422 shape), not flask-smorest's (pagination in an `X-Pagination` header, its own error
body), and the pages, the CLI and the API keep plain Flask views; apispec gives the generation from
marshmallow without imposing a framework on the views.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, request
from marshmallow import Schema

from catalogue.api import reponses
from catalogue.api.erreurs import parametres_invalides
from catalogue.api.parametres import ParametresInvalides, lire
from catalogue.validation import Slugs

VERSION = "1.0.0"

_MESSAGES = {
    400: "Requête mal formée.",
    401: "Clé d'API inconnue ou révoquée (en-tête `Authorization: Bearer …`).",
    404: "Introuvable (ou pas publié).",
    410: "Le journal des changements a été élagué après `depuis` : reprendre les exports.",
    422: "Paramètre invalide : `loc` le nomme, `msg` dit pourquoi.",
    429: "Trop de requêtes pour cette adresse IP ou cette clé (voir l'en-tête `Retry-After`).",
}


@dataclass
class Operation:
    regle: str
    resume: str
    etiquette: str
    description: str = ""
    parametres: type[Schema] | None = None
    reponse: type[Schema] | None = None
    #: {media type: JSON schema} when the answer is not one marshmallow schema (dumps)
    contenus: dict[str, Any] | None = None
    liste: bool = False
    erreurs: tuple[int, ...] = (401, 429)
    exemple: Any = None
    en_tetes: dict[str, Any] = field(default_factory=dict)

    @property
    def chemin(self) -> str:
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", self.regle)

    @property
    def parametres_chemin(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.regle)


OPERATIONS: list[Operation] = []


def operation(bp: Blueprint, regle: str, **description: Any) -> Callable[[Callable[..., Any]],
                                                                          Callable[..., Any]]:
    """Register `vue` as GET `regle` on `bp` and in the contract. With `parametres`, the view gets
    the query string read by that schema as `p`."""
    op = Operation((bp.url_prefix or "") + regle, **description)
    OPERATIONS.append(op)
    schema = op.parametres() if op.parametres else None

    def decorer(vue: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(vue)
        def enveloppe(**kwargs: Any) -> Any:
            if schema is not None:
                try:
                    kwargs["p"] = lire(schema, request.args)
                except ParametresInvalides as exc:
                    raise parametres_invalides(exc.erreurs) from None
            return vue(**kwargs)

        bp.add_url_rule(regle, view_func=enveloppe, methods=["GET"])
        return enveloppe

    return decorer


# ------------------------------------------------------------------------------------------------
# OpenAPI


def _nom_schema(schema: Any) -> str:
    classe = schema if isinstance(schema, type) else type(schema)
    return classe.__name__


def _slugs(_convertisseur: Any, champ: Any, **_: Any) -> dict[str, Any]:
    """A list of vocabulary slugs (`validation.Slugs`) shows its allowed values."""
    if isinstance(champ, Slugs):
        return {"items": {"type": "string", "enum": sorted(champ.valeurs)}}
    return {}


def specification(serveur: str = "/") -> dict[str, Any]:
    marshmallow = MarshmallowPlugin(schema_name_resolver=_nom_schema)
    spec = APISpec(
        title="Offres d'insertion — API ouverte", version=VERSION, openapi_version="3.1.0",
        plugins=[marshmallow],
        info={"description": _DESCRIPTION, "license": {"name": "Licence Ouverte 2.0",
                                                        "identifier": "etalab-2.0"}},
        servers=[{"url": serveur}],
    )
    assert marshmallow.converter is not None
    marshmallow.converter.add_attribute_function(_slugs)
    spec.components.security_scheme("cle", {"type": "http", "scheme": "bearer", "description": (
        "Clé d'API facultative (`catalogue tokens create NOM`) : lève la limite par adresse IP et "
        "identifie le partenaire.")})
    spec.components.schema("Erreur", schema=reponses.Erreur)
    for op in sorted(OPERATIONS, key=lambda o: o.chemin):
        spec.path(path=op.chemin, operations={"get": _operation(op)})
    return spec.to_dict()


def _operation(op: Operation) -> dict[str, Any]:
    parametres: list[dict[str, Any]] = [
        {"in": "path", "name": nom, "required": True, "schema": {"type": "string", "minLength": 1},
         "description": "Identifiant." if nom == "id" else "Source (voir /api/v1/sources)."}
        for nom in op.parametres_chemin]
    if op.parametres is not None:
        parametres.append({"in": "query", "schema": op.parametres})
    sortie: dict[str, Any] = {
        "summary": op.resume, "tags": [op.etiquette], "parameters": parametres,
        "security": [{}, {"cle": []}], "responses": {"200": _succes(op)},
    }
    if op.description:
        sortie["description"] = op.description
    for statut in sorted({*op.erreurs, *((422,) if op.parametres else ())}):
        sortie["responses"][str(statut)] = {
            "description": _MESSAGES[statut],
            "content": {"application/json": {"schema": "Erreur"}}}
    return sortie


def _succes(op: Operation) -> dict[str, Any]:
    if op.contenus is not None:
        contenu = op.contenus
    else:
        schema: Any = op.reponse
        if op.liste:
            schema = {"type": "array", "items": schema}
        contenu = {"application/json": {"schema": schema}}
    if op.exemple is not None:
        premier = next(iter(contenu))
        contenu[premier] = {**contenu[premier], "example": op.exemple}
    reponse: dict[str, Any] = {"description": "Réussite.", "content": contenu}
    if op.en_tetes:
        reponse["headers"] = op.en_tetes
    return reponse


_DESCRIPTION = """\
API ouverte du catalogue des offres d'insertion, **compatible avec l'API data·inclusion** : mêmes
chemins, mêmes noms de paramètres, mêmes formes de réponse (`{"items", "total", "page", "size",
"pages"}`, résultats de recherche `{"service", "distance"}`, erreurs 422 `{"detail": [{"loc",
"msg", "type"}]}`). Seules les offres **publiées** sortent, au schéma data·inclusion v1.

- Lecture libre, limitée par adresse IP ; une clé d'API (`Authorization: Bearer …`) lève cette
  limite et identifie le partenaire (limite propre à la clé).
- Moissonnage : exports complets (`/api/v1/exports/…`, avec `ETag` et `Last-Modified`) et flux des
  changements (`/api/v1/changements?depuis=N`), retraits compris.
- Les paramètres et champs marqués « Extension » sont propres à ce catalogue (freins, commune par
  nom ou code postal, facettes, motif d'éligibilité, suggestions).
- Toutes les erreurs (400, 401, 404, 405, 422, 429) ont la même forme, en français.
"""
