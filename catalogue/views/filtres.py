"""Jinja filters: slugs, codes and numbers shown in plain French."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, request

from catalogue import formats, horaires
from catalogue.referentiels import freins, territoires, vocabulaires


def libelle(slug: str | None, champ: str) -> str:
    if slug is None:
        return ""
    if champ == "freins":
        f = freins.PAR_SLUG.get(slug)
        return f.label if f else slug
    return vocabulaires.libelles(champ).get(slug, slug)


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


def requete_avec(**remplacements: Any) -> str:
    """The current query string with some parameters replaced: every repeated parameter
    (`freins=sante&freins=logement`) is kept, in its order."""
    paires = [(cle, valeur) for cle, valeur in request.args.items(multi=True)
              if cle not in remplacements]
    paires += [(cle, str(valeur)) for cle, valeur in remplacements.items() if valeur is not None]
    return "?" + urlencode(paires)


def init_app(app: Flask) -> None:
    filtres: dict[str, Any] = {"libelle": libelle, "date_fr": formats.date_longue,
                               "heures": formats.heures, "nom_zone": nom_zone,
                               "pourcentage": formats.pourcentage, "compte": formats.compte,
                               "nombre": formats.nombre, "date_courte": formats.date_courte,
                               "eligibilite": eligibilite, "horaires": horaires.en_mots,
                               "horaires_phrase": horaires.en_phrase}
    app.jinja_env.filters.update(filtres)
    app.jinja_env.globals.update(freins_leves=freins.freins_leves, requete_avec=requete_avec)
