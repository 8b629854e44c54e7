"""From the API's parameters (data·inclusion names) to the one search service's `search.Requete`.

The API never filters offers itself: the service listing and both searches build a `Requete` and ask
the index, like the pages and the CLI do. Each parameter maps onto one `Requete` field
(`_VERS_REQUETE`); a parameter whose field the search service does not have (yet) is refused with a
422 saying so, rather than silently ignored.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from catalogue.api import publication
from catalogue.api.erreurs import ErreurApi
from catalogue.api.parametres import TAILLE_DEFAUT
from catalogue.recherche import communes_du_lieu
from catalogue.referentiels import vocabulaires
from search import Requete, RequeteInvalide

_CATEGORIES = frozenset(c.value for c in vocabulaires.CATEGORIES)
_CHAMPS_REQUETE = frozenset(f.name for f in dataclasses.fields(Requete))

#: API parameter -> `Requete` field, for the parameters copied as they are
_VERS_REQUETE = {
    "frais": "frais", "publics": "publics", "modes_accueil": "modes_accueil", "types": "types",
    "freins": "freins", "categories": "categories", "heures_min": "heures_min",
    "heures_max": "heures_max", "heures_connues": "heures_connues", "q": "q",
    "score_qualite_minimum": "score_qualite_minimum", "sources": "sources",
    "exclure_doublons": "exclure_doublons", "rayon_km": "rayon_km", "structure": "structure_id",
}

def requete_recherche(p: dict[str, Any]) -> Requete:
    """`/search/services` and `/search`: the person's commune (or point), the filters, a page."""
    champs = _communs(p)
    champs["commune"] = _commune(p)
    if "lat" in p:
        champs["origine"] = (p["lat"], p["lon"])
    return _requete(champs)


def requete_liste(p: dict[str, Any]) -> Requete:
    """`/services`: every published offer, filtered by where it takes place (not by eligibility)."""
    champs = _communs(p)
    champs["commune"] = None
    communes = [p["code_commune"]] if p.get("code_commune") else []
    departement = publication.departement_demande(p)
    region = publication.region_demandee(p)
    for nom, valeurs, parametre in (
            ("localisation_communes", communes, "code_commune"),
            ("localisation_departements", [departement] if departement else [], "code_departement"),
            ("localisation_regions", [region] if region else [], "code_region")):
        if valeurs:
            champs[nom] = _champ_requis(nom, parametre, tuple(valeurs))
    return _requete(champs)


def taille(p: dict[str, Any]) -> int:
    return int(p.get("size") or p.get("par_page") or TAILLE_DEFAUT)


def _communs(p: dict[str, Any]) -> dict[str, Any]:
    champs: dict[str, Any] = {"page": p["page"], "par_page": taille(p)}
    thematiques = p.get("thematiques") or []
    champs["thematiques"] = tuple(t for t in thematiques if t not in _CATEGORIES)
    categories = [t for t in thematiques if t in _CATEGORIES] + list(p.get("categories") or [])
    p = {**p, "categories": categories}
    for parametre, champ in _VERS_REQUETE.items():
        valeur = p.get(parametre)
        if valeur in (None, [], False, ""):
            continue
        champs[champ] = _champ_requis(champ, parametre,
                                      tuple(valeur) if isinstance(valeur, list) else valeur)
    return champs


def _champ_requis(champ: str, parametre: str, valeur: Any) -> Any:
    if champ not in _CHAMPS_REQUETE:
        raise ErreurApi(422, f"paramètre pas encore pris en charge par le service de recherche "
                        f"de ce catalogue ({champ}).", ("query", parametre), "non_pris_en_charge")
    return valeur


def _commune(p: dict[str, Any]) -> str | None:
    if p.get("code_commune"):
        return str(p["code_commune"])
    texte = p.get("commune")
    if not texte:
        return None
    try:  # one rule with the pages: a text that fits several communes is said, not guessed
        return communes_du_lieu(texte, exiger_unique=True)[0].code
    except RequeteInvalide as exc:
        raise ErreurApi(422, str(exc).split(" : ", 1)[-1], ("query", "commune")) from None


def _requete(champs: dict[str, Any]) -> Requete:
    try:
        return Requete(**champs)
    except RequeteInvalide as exc:
        parametre = {"commune": "code_commune", "par_page": "size", "origine": "lat"}.get(
            exc.parametre, exc.parametre)
        raise ErreurApi(422, str(exc).split(" : ", 1)[-1], ("query", parametre)) from None
