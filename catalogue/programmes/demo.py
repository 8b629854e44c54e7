"""Two sample programmes on the demo catalogue (Lens, 62498), owned by "demo" and visible to all.

- « Exemple — objectif 15 h »: 12 weeks, freins mobilité and numérique; a 4-week computer workshop,
  open-ended weekly activities, a free activity (job-search steps), a volunteering slot from
  week 5 when the workshop ends: 15 h every week.
- « Exemple — objectif réduit »: a lone parent without childcare (reduced target 10 h, reason
  recorded), unavailable at school times (weekdays 11:30-13:30) and on Wednesday afternoons; a 4-week
  budget workshop, open-ended activities, and a rights-access drop-in that publishes no hours (an
  assumed 1 h, shown as such).

`charger_programmes_demo` is idempotent: it replaces the demo programmes. It needs the demo catalogue
(`catalogue.demo.chargement.charger_demo`) to be loaded first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalogue.programmes import service

LENS = "62498"
RSA = "beneficiaires-des-minimas-sociaux"
JOURS_OUVRES = ("Mo", "Tu", "We", "Th", "Fr")


def _creneau(jour: str, debut: str, fin: str) -> dict[str, str]:
    return {"jour": jour, "debut": debut, "fin": fin}


PROGRAMMES: tuple[dict[str, Any], ...] = (
    {
        "programme": {"libelle": "Exemple — objectif 15 h", "commune": LENS, "publics": [RSA],
                      "freins": ["mobilite", "numerique"], "nombre_semaines": 12},
        "activites": [
            {"offer_id": "demo--accompagnement-emploi-62498-accompagnement-intensif",
             "creneaux": [_creneau("Mo", "14:00", "16:00"), _creneau("We", "14:00", "16:00")]},
            {"offer_id": "demo--plateforme-mobilite-62498-parcours-mobilite-62510",
             "creneaux": [_creneau("We", "09:30", "11:30")]},
            {"offer_id": "demo--numerique-62510-premiers-pas-ordinateur",
             "creneaux": [_creneau("Mo", "09:30", "12:30")]},
            {"offer_id": "demo--centre-social-62498-jardin-partage",
             "creneaux": [_creneau("Th", "09:30", "12:30")]},
            {"libelle": "Démarches de recherche d'emploi", "creneaux": [_creneau("Tu", "09:00", "12:00")]},
            {"offer_id": "demo--centre-social-62498-benevolat", "semaine_debut": 5,
             "creneaux": [_creneau("Tu", "13:30", "16:30")]},
        ],
    },
    {
        "programme": {"libelle": "Exemple — objectif réduit", "commune": LENS,
                      "publics": ["familles", RSA],
                      "freins": ["parentalite", "isolement-social", "acces-aux-droits"],
                      "nombre_semaines": 26, "cible_heures": 10,
                      "motif_reduction": "parent-isole-sans-garde",
                      "indisponibilites": [*(_creneau(j, "11:30", "13:30") for j in JOURS_OUVRES),
                                           _creneau("We", "13:30", "18:00")]},
        "activites": [
            {"offer_id": "demo--creche-avip-62498-matinees-parents-enfants",
             "creneaux": [_creneau("Th", "13:30", "15:30")]},
            {"offer_id": "demo--centre-social-62498-cafe-des-habitants",
             "creneaux": [_creneau("Fr", "09:30", "11:30")]},
            {"offer_id": "demo--budget-62498-atelier-budget", "creneaux": [_creneau("Mo", "09:00", "11:00")]},
            {"offer_id": "demo--acces-aux-droits-62427-permanence-acces-aux-droits-62498",
             "heures_saisies": 1},
            {"libelle": "Démarches de recherche d'emploi", "creneaux": [_creneau("Tu", "09:00", "11:00")]},
            {"offer_id": "demo--centre-social-62498-benevolat",
             "creneaux": [_creneau("Tu", "13:30", "16:30")]},
        ],
    },
)


def lundi(jour: dt.date) -> dt.date:
    return jour - dt.timedelta(days=jour.weekday())


def charger_programmes_demo(engine: Engine, debut: dt.date | None = None) -> list[int]:
    """Replace the demo programmes; they start on `debut` (default: this week's Monday)."""
    premier_jour = debut or lundi(dt.date.today())
    with Session(engine, expire_on_commit=False) as session:
        service.supprimer_programmes(session, service.PROPRIETAIRE_DEMO)
        ids = [_creer(session, modele, premier_jour) for modele in PROGRAMMES]
        session.commit()
    return ids


def _creer(session: Session, modele: dict[str, Any], debut: dt.date) -> int:
    programme = service.creer_programme(session, {**modele["programme"], "debut": debut},
                                        service.PROPRIETAIRE_DEMO)
    for activite in modele["activites"]:
        service.ajouter_activite(session, programme, activite)
    return service.identifiant(programme)
