"""The API's response bodies, as marshmallow schemas, for the contract (`contrat.py`).

Services and structures extend the validation schemas every write goes through
(`catalogue.validation.ServiceSchema` / `StructureSchema`): the contract shows the rules the data
was checked with. Pages are data·inclusion's `{"items", "total", "page", "size", "pages"}`.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from catalogue.validation import ServiceSchema, StructureSchema

EXTENSION = "Extension propre à ce catalogue. "


def _d(texte: str) -> dict[str, str]:
    return {"description": texte}


class ServiceV1(ServiceSchema):
    """A service exactly as the data·inclusion v1 schema has it (the dumps)."""


class Service(ServiceSchema):
    score_qualite = fields.Float(required=True, metadata=_d("Score de qualité data·inclusion (0 à 1)."))


class StructureSeule(StructureSchema):
    pass


class ServiceDetaille(Service):
    structure = fields.Nested(StructureSeule, required=True, allow_none=True)


class IdentifiantDoublon(Schema):
    source = fields.String(required=True)
    id = fields.String(required=True)


class Structure(StructureSchema):
    score_qualite = fields.Float(required=True, metadata=_d(
        "Moyenne des scores de qualité de ses services publiés."))
    doublons = fields.List(fields.Nested(IdentifiantDoublon), required=True, metadata=_d(
        "Doublons connus (toujours vide : la curation fusionne les doublons)."))


class StructureDetaillee(Structure):
    services = fields.List(fields.Nested(Service), required=True)


class ResultatRecherche(Schema):
    service = fields.Nested(ServiceDetaille, required=True)
    distance = fields.Integer(required=True, allow_none=True, metadata=_d(
        "Distance en km (entière) entre la personne et le lieu ; vide pour une offre à distance "
        "ou sans lieu connu."))
    distance_km = fields.Float(required=True, allow_none=True, metadata=_d(
        EXTENSION + "La même distance, non arrondie."))
    distance_estimee = fields.Boolean(required=True, metadata=_d(
        EXTENSION + "Distance comptée depuis le centre de la commune de l'offre (pas de "
                    "coordonnées)."))
    score = fields.Float(required=True, metadata=_d(EXTENSION + "Pertinence du texte (0 sans texte)."))
    eligibilite = fields.String(required=True, allow_none=True, metadata=_d(
        EXTENSION + "Pourquoi la personne y a droit : commune, epci, departement, france, partout, "
                    "a-distance ; vide sans commune."))


def page(nom: str, element: type[Schema], extra: dict[str, Any] | None = None) -> type[Schema]:
    champs: dict[str, Any] = {
        "items": fields.List(fields.Nested(element), required=True),
        "total": fields.Integer(required=True, metadata=_d("Nombre total de résultats.")),
        "page": fields.Integer(required=True, metadata=_d("Numéro de cette page.")),
        "size": fields.Integer(required=True, metadata=_d("Nombre de résultats sur cette page.")),
        "pages": fields.Integer(required=True, metadata=_d("Nombre de pages.")),
        **(extra or {}),
    }
    return Schema.from_dict(champs, name=nom)


PageStructures = page("PageStructures", Structure)
PageServices = page("PageServices", Service)
PageRecherche = page("PageRecherche", ResultatRecherche, {
    "facets": fields.Dict(keys=fields.String(), values=fields.Dict(
        keys=fields.String(), values=fields.Integer()), required=True, metadata=_d(
        EXTENSION + "Pour chaque facette, le nombre de résultats de chaque valeur.")),
    "suggestions": fields.List(fields.String(), required=True, metadata=_d(
        EXTENSION + "Recherches corrigées quand un mot ne trouve rien.")),
})


class Source(Schema):
    slug = fields.String(required=True)
    nom = fields.String(required=True)
    description = fields.String(required=True, allow_none=True)


class TermeReferentiel(Schema):
    value = fields.String(required=True)
    label = fields.String(required=True)
    description = fields.String(required=True, allow_none=True)


class Changement(Schema):
    sequence = fields.Integer(required=True, metadata=_d("Numéro du changement (croissant)."))
    type = fields.String(required=True, metadata=_d("`service` ou `structure`."))
    id = fields.String(required=True)
    operation = fields.String(required=True, metadata=_d(
        "`publication` : l'enregistrement est publié (nouveau ou modifié), le voici ; `retrait` : "
        "il n'est plus publié (supprimé, fusionné, suspendu, archivé) : retirez-le."))
    date = fields.String(required=True, metadata=_d("Date et heure du changement (ISO 8601, UTC)."))
    donnees = fields.Dict(required=True, allow_none=True, metadata=_d(
        "L'enregistrement data·inclusion v1 publié (vide pour un retrait)."))


class PageChangements(Schema):
    items = fields.List(fields.Nested(Changement), required=True)
    depuis = fields.Integer(required=True, metadata=_d("Le numéro `depuis` demandé."))
    suivant = fields.Integer(required=True, metadata=_d(
        "À passer en `depuis` à l'appel suivant (le dernier numéro de cette page)."))
    fin = fields.Boolean(required=True, metadata=_d("Vrai quand il n'y a plus rien après."))


class DetailErreur(Schema):
    loc = fields.List(fields.String(), required=True, metadata=_d(
        "Où : `query`, `path` ou `header`, puis le nom du paramètre."))
    msg = fields.String(required=True, metadata=_d("Ce qui ne va pas, en français."))
    type = fields.String(required=True, metadata=_d("Code stable de l'erreur."))


class Erreur(Schema):
    detail = fields.List(fields.Nested(DetailErreur), required=True)
