"""data·inclusion's API surface, served from this catalogue (published offers only).

Listings and details read the database; every search — `/search/services`, `/search` and the
service listing — goes through the one search service (`catalogue.recherche.index().search`) with a
`Requete` built by `requetes.py`.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from flask import Blueprint, jsonify, redirect, url_for
from flask.typing import ResponseReturnValue

from catalogue import db
from catalogue.api import exemples, publication, reponses, requetes
from catalogue.api.contrat import operation
from catalogue.api.erreurs import ErreurApi
from catalogue.api.parametres import (
    TAILLE_DEFAUT,
    ListeServices,
    ListeStructures,
    RechercheServices,
    RechercheTexte,
)
from catalogue.models import Structure
from catalogue.recherche import index
from catalogue.referentiels import vocabulaires
from catalogue.services import structure_gardee
from search import Requete, RequeteInvalide, Resultat

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DONNEES = "Données"
DOCUMENTATION = "Référentiels"


def _page(items: list[Any], total: int, page: int, taille: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "size": len(items),
            "pages": math.ceil(total / taille) if taille else 0}


# ------------------------------------------------------------------------------------------------
# Structures


@operation(bp, "/structures", resume="Lister les structures", etiquette=DONNEES,
           parametres=ListeStructures, reponse=reponses.PageStructures,
           description="Les structures qui ont au moins un service publié, par identifiant.")
def structures(p: dict[str, Any]) -> ResponseReturnValue:
    taille = p["size"] or TAILLE_DEFAUT
    total, items = publication.structures_publiees(db.session(), p, p["page"], taille)
    return jsonify(_page(items, total, p["page"], taille))


@operation(bp, "/structures/<id>", resume="Détailler une structure", etiquette=DONNEES,
           reponse=reponses.StructureDetaillee, erreurs=(401, 404, 429))
def structure(id: str) -> ResponseReturnValue:
    trouvee = db.session().get(Structure, id)
    return _structure_detaillee(trouvee, id)


@operation(bp, "/structures/<source>/<id>", resume="Détailler une structure (par source)",
           etiquette=DONNEES, reponse=reponses.StructureDetaillee, erreurs=(401, 404, 429),
           description="`id` est l'identifiant chez le producteur, ou l'identifiant complet.")
def structure_par_source(source: str, id: str) -> ResponseReturnValue:
    return _structure_detaillee(publication.structure_par_source(db.session(), source, id), id)


def _structure_detaillee(trouvee: Structure | None, id: str) -> ResponseReturnValue:
    if trouvee is not None and (gardee := structure_gardee(db.session(), trouvee.id)):
        # merged into another structure: its address leads there, method and all (308)
        return redirect(url_for("api.structure", id=gardee), 308)
    detail = publication.structure_detaillee(db.session(), trouvee) if trouvee else None
    if detail is None:
        raise ErreurApi(404, f"Structure « {id[:100]} » introuvable ou sans service publié.",
                        ("path", "id"))
    return jsonify(detail)


# ------------------------------------------------------------------------------------------------
# Services


@operation(bp, "/services", resume="Lister les services", etiquette=DONNEES,
           parametres=ListeServices, reponse=reponses.PageServices,
           description="Les services publiés. `code_commune`, `code_departement`, `code_region` "
                       "filtrent sur le **lieu** du service (pas sur l'éligibilité : pour "
                       "l'éligibilité d'une personne, voir `/search/services`).")
def services(p: dict[str, Any]) -> ResponseReturnValue:
    req = requetes.requete_liste(p)
    resultat = _resultat_ou_vide(req)
    with db.lecture() as connexion:
        lignes = publication.offres_par_ids(connexion, [h.id for h in resultat.hits])
    items = [publication.service_publie_seul(o) for o, _s in lignes]
    return jsonify(_page(items, resultat.total, req.page, req.par_page))


@operation(bp, "/services/<id>", resume="Détailler un service", etiquette=DONNEES,
           reponse=reponses.ServiceDetaille, erreurs=(401, 404, 429))
def service(id: str) -> ResponseReturnValue:
    return _service_detaille(publication.offre_publiee(db.session(), id), id)


@operation(bp, "/services/<source>/<id>", resume="Détailler un service (par source)",
           etiquette=DONNEES, reponse=reponses.ServiceDetaille, erreurs=(401, 404, 429),
           description="`id` est l'identifiant chez le producteur, ou l'identifiant complet.")
def service_par_source(source: str, id: str) -> ResponseReturnValue:
    return _service_detaille(publication.offre_publiee_par_source(db.session(), source, id), id)


def _service_detaille(ligne: Any, id: str) -> ResponseReturnValue:
    if ligne is None:
        raise ErreurApi(404, f"Service « {id[:100]} » introuvable ou pas publié.", ("path", "id"))
    return jsonify(publication.service_publie(*ligne))


# ------------------------------------------------------------------------------------------------
# Search


_DESCRIPTION_RECHERCHE = """\
Les services auxquels une personne a droit, par le même service de recherche que les pages du
catalogue. Avec `code_commune` (ou `commune`) : zone d'éligibilité vide ou contenant la commune, son
EPCI, son département ou `france` ; offres sur place à moins de `rayon_km` (50 km) de la commune ou du
point `lat`/`lon` ; offres à distance toujours. `distance` (km, entier) est vide pour une offre à
distance. Les résultats sont classés par pertinence du texte, puis proximité, puis distance, puis
qualité. Au-delà de la dernière page : `items` vide."""


@operation(bp, "/search/services", resume="Rechercher des services", etiquette=DONNEES,
           parametres=RechercheServices, reponse=reponses.PageRecherche,
           description=_DESCRIPTION_RECHERCHE, exemple=exemples.RECHERCHE)
def recherche_services(p: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(chercher(requetes.requete_recherche(p)))


@operation(bp, "/search", resume="Recherche en texte libre", etiquette=DONNEES,
           parametres=RechercheTexte, reponse=reponses.PageRecherche,
           description="Comme `/search/services`, avec un texte `q` obligatoire.")
def recherche_texte(p: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(chercher(requetes.requete_recherche(p)))


def chercher(req: Requete) -> dict[str, Any]:
    """One page of search results in data·inclusion's shape, plus the project's extensions. Past
    the last page: no items (data·inclusion's answer), with the total."""
    resultat = _resultat_ou_vide(req)
    hits = {h.id: h for h in resultat.hits}
    with db.lecture() as connexion:
        lignes = publication.offres_par_ids(connexion, list(hits))
    items = [_resultat(o, s, hits[o.id]) for o, s in lignes]
    sortie = _page(items, resultat.total, req.page, req.par_page)
    sortie.update(facets=resultat.facets, suggestions=resultat.suggestions)
    return sortie


def _resultat_ou_vide(req: Requete) -> Resultat:
    try:
        return index().search(req)
    except RequeteInvalide as exc:
        if exc.parametre != "page":
            raise ErreurApi(422, str(exc).split(" : ", 1)[-1], ("query", exc.parametre)) from None
    premiere = index().search(dataclasses.replace(req, page=1))
    return dataclasses.replace(premiere, hits=[])


def _resultat(offre: Any, structure: Any, hit: Any) -> dict[str, Any]:
    distance = hit.distance_km
    return {"service": publication.service_publie(offre, structure),
            "distance": int(distance) if distance is not None else None,
            "distance_km": round(distance, 3) if distance is not None else None,
            "distance_estimee": bool(getattr(hit, "distance_estimee", False)),
            "score": round(hit.score, 4), "eligibilite": hit.eligibilite}


# ------------------------------------------------------------------------------------------------
# Sources and référentiels


@operation(bp, "/sources", resume="Lister les sources", etiquette=DONNEES,
           reponse=reponses.Source, liste=True)
def sources() -> ResponseReturnValue:
    return jsonify(publication.sources_publiees(db.session()))


#: path under /doc -> (vocabulary, label) — data·inclusion's référentiels
REFERENTIELS = {
    "thematiques": (vocabulaires.THEMATIQUES, "thématiques"),
    "publics": (vocabulaires.PUBLICS, "publics"),
    "frais": (vocabulaires.FRAIS, "frais"),
    "modes-accueil": (vocabulaires.MODES_ACCUEIL, "modes d'accueil"),
    "types-services": (vocabulaires.TYPES, "types de services"),
    "reseaux-porteurs": (vocabulaires.RESEAUX_PORTEURS, "réseaux porteurs"),
    "modes-mobilisation": (vocabulaires.MODES_MOBILISATION, "modes de mobilisation"),
    "personnes-mobilisatrices": (vocabulaires.PERSONNES_MOBILISATRICES, "personnes mobilisatrices"),
}


def _vue_referentiel(nom: str) -> None:
    termes, libelle = REFERENTIELS[nom]
    valeurs = [{"value": t.value, "label": t.label, "description": t.description} for t in termes]

    def vue() -> ResponseReturnValue:
        return jsonify(valeurs)

    vue.__name__ = f"referentiel_{nom.replace('-', '_')}"
    operation(bp, f"/doc/{nom}", resume=f"Référentiel des {libelle}", etiquette=DOCUMENTATION,
              reponse=reponses.TermeReferentiel, liste=True, erreurs=(429,))(vue)


for _nom in REFERENTIELS:
    _vue_referentiel(_nom)
