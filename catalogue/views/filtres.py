"""Jinja filters: slugs, codes and numbers shown in plain French."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask

from catalogue import horaires
from catalogue.referentiels import freins, territoires, vocabulaires

_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre")


def libelle(slug: str | None, champ: str) -> str:
    if slug is None:
        return ""
    if champ == "freins":
        f = freins.PAR_SLUG.get(slug)
        return f.label if f else slug
    return vocabulaires.libelles(champ).get(slug, slug)


def date_fr(valeur: date | datetime | str | None) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        valeur = date.fromisoformat(valeur[:10])
    return f"{valeur.day} {_MOIS[valeur.month - 1]} {valeur.year}"


def heures(valeur: float | None) -> str:
    """`2.5` -> `2 h 30`, `3.0` -> `3 h`."""
    if valeur is None:
        return "non renseigné"
    entieres, minutes = int(valeur), round((valeur - int(valeur)) * 60)
    return f"{entieres} h {minutes:02d}" if minutes else f"{entieres} h"


def nom_zone(code: str) -> str:
    return territoires.nom_zone(code)


_ELIGIBILITES = {
    "commune": "réservée aux habitants de la commune", "epci": "ouverte à l'intercommunalité",
    "departement": "ouverte au département", "france": "ouverte à toute la France",
    "partout": "sans restriction géographique", "a-distance": "à distance",
}


def eligibilite(valeur: str | None) -> str:
    """Why an offer serves the person's commune, in words."""
    return _ELIGIBILITES.get(valeur or "", "")


def pourcentage(valeur: float | None) -> str:
    return "—" if valeur is None else f"{round(valeur * 100)} %"


def init_app(app: Flask) -> None:
    filtres: dict[str, Any] = {"libelle": libelle, "date_fr": date_fr, "heures": heures,
                               "nom_zone": nom_zone, "pourcentage": pourcentage,
                               "eligibilite": eligibilite, "horaires": horaires.en_mots}
    app.jinja_env.filters.update(filtres)
    app.jinja_env.globals.update(freins_leves=freins.freins_leves)
