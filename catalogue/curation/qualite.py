"""Quality and freshness, as an animateur needs them: what is missing, in words, and what is due.

- `criteres_manques`: the official data·inclusion quality score (`score_qualite` of the schema
  package, computed by `catalogue.services.qualite`) with each criterion below 1 said in French;
- `a_completer`: the gaps that matter to référents (weekly hours above all: the 15 hours are
  counted with them), checked on the row itself;
- `a_actualiser`: offers whose `date_maj` is older than their update frequency (DORA's choices:
  1, 3, 6, 12, 16 months or never; 6 by default).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from data_inclusion.schema import v1

from catalogue import services
from catalogue.curation.historique import OFFRE, enregistrement
from catalogue.models import Offer
from catalogue.referentiels import vocabulaires

DESCRIPTION_CONSEILLEE = 200

#: what each criterion of the official score asks, said as what is missing
CRITERES = {
    "adresse_bien_definie": "Adresse manquante alors que l'accueil se fait sur place.",
    "modes_mobilisation_bien_definis": "Comment mobiliser l'offre (modes de mobilisation et "
                                       "personnes mobilisatrices) n'est pas entièrement précisé.",
    "au_moins_un_public": "Aucun public précisé.",
    "au_moins_une_thematique": "Aucune thématique.",
    "au_moins_un_moyen_de_contact": "Aucun moyen de contact (téléphone, courriel ou lien).",
    "courriel_bien_defini": "Mobilisation par courriel sans adresse de courriel.",
    "date_maj_recente": "Mise à jour ancienne (plus de 6 mois).",
    "frais_bien_definis": "Frais non précisés (ou payant sans précision).",
    "description_bien_definie": "Description trop courte (moins de 200 caractères) ou trop longue.",
    "telephone_bien_defini": "Mobilisation par téléphone sans numéro de téléphone.",
}


@dataclass(frozen=True)
class Qualite:
    score: float
    manques: list[str]


def qualite_actuelle(offre: Offer) -> Qualite:
    """The official score today (freshness moves with the calendar), and its misses in words."""
    modele = v1.Service.model_validate({k: v for k, v in enregistrement(offre, OFFRE).items()
                                        if v is not None})
    score, criteres = services.qualite(modele)
    return Qualite(score, criteres_manques(criteres))


def criteres_manques(criteres: dict[str, float | None] | None) -> list[str]:
    return [CRITERES.get(nom, nom) for nom, valeur in (criteres or {}).items()
            if valeur is not None and valeur < 1]


def a_completer(offre: Offer) -> list[str]:
    """What a référent misses on this offer, in words (empty: nothing)."""
    manques = []
    if offre.volume_horaire_hebdomadaire is None:
        manques.append("Heures par semaine non renseignées")
    if not offre.publics:
        manques.append("Aucun public")
    if not (offre.telephone or offre.courriel or offre.lien_mobilisation):
        manques.append("Aucun contact")
    if len(offre.description or "") < DESCRIPTION_CONSEILLEE:
        manques.append(f"Description courte ({len(offre.description or '')} caractères, "
                       f"{DESCRIPTION_CONSEILLEE} conseillés)")
    if not offre.modes_mobilisation:
        manques.append("Modes de mobilisation non précisés")
    if offre.frais is None:
        manques.append("Frais non précisés")
    if vocabulaires.EN_PRESENTIEL in (offre.modes_accueil or ()) and not offre.adresse:
        manques.append("Adresse manquante")
    return manques


def ajouter_mois(jour: date, mois: int) -> date:
    annee, m = divmod(jour.month - 1 + mois, 12)
    annee += jour.year
    return date(annee, m + 1, min(jour.day, calendar.monthrange(annee, m + 1)[1]))


def echeance(offre: Offer, frequence: int) -> date | None:
    """When the offer must be checked again; None when its frequency is "never"."""
    return None if frequence == 0 else ajouter_mois(offre.date_maj, frequence)


def a_actualiser(offre: Offer, frequence: int, aujourdhui: date | None = None) -> bool:
    limite = echeance(offre, frequence)
    return limite is not None and limite <= (aujourdhui or date.today())


def resume(offres: list[Offer], frequences: dict[str, int], defaut: int) -> dict[str, Any]:
    """Counts for the dashboard."""
    return {
        "total": len(offres),
        "a_completer": sum(1 for o in offres if a_completer(o)),
        "a_actualiser": sum(1 for o in offres if a_actualiser(o, frequences.get(o.id, defaut))),
        "sans_heures": sum(1 for o in offres if o.volume_horaire_hebdomadaire is None),
    }
