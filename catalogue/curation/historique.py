"""History of every change to an offer or a structure: who (a person or an import run), when, and
per field the value before and after.

Rows are written in the same transaction as the change they describe, by the service layer only,
so the history cannot drift from the data: an import writes them in bulk with its batch, a hand
edit with its update.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from catalogue.insertion import inserer
from catalogue.models import CHAMPS_SERVICE, CHAMPS_STRUCTURE, Modification, maintenant

OFFRE, STRUCTURE = "offre", "structure"

#: why a change happened, as shown in the history
LIBELLES_ORIGINE = {
    "creation": "Création", "import": "Import", "edition": "Modification à la main",
    "approbation": "Publication après revue", "rejet": "Rejet en revue",
    "conflit": "Conflit résolu", "confirmation": "Confirmée « toujours à jour »",
    "archivage": "Archivage", "fusion": "Fusion de doublons", "frequence": "Fréquence de mise à jour",
    "statut": "Changement de statut",
}


#: field names as the pages say them
LIBELLES_CHAMPS: dict[str, str] = {
    "nom": "Nom",
    "description": "Description",
    "type": "Type",
    "thematiques": "Thématiques",
    "frais": "Frais",
    "frais_precisions": "Précisions sur les frais",
    "publics": "Publics",
    "publics_precisions": "Précisions sur les publics",
    "conditions_acces": "Conditions d'accès",
    "commune": "Commune",
    "code_postal": "Code postal",
    "code_insee": "Code INSEE",
    "adresse": "Adresse",
    "complement_adresse": "Complément d'adresse",
    "longitude": "Longitude",
    "latitude": "Latitude",
    "telephone": "Téléphone",
    "courriel": "Courriel",
    "modes_accueil": "Modes d'accueil",
    "zone_eligibilite": "Zone d'éligibilité",
    "contact_nom_prenom": "Contact",
    "lien_mobilisation": "Lien de mobilisation",
    "modes_mobilisation": "Modes de mobilisation",
    "mobilisable_par": "Mobilisable par",
    "mobilisation_precisions": "Précisions sur la mobilisation",
    "volume_horaire_hebdomadaire": "Heures par semaine",
    "nombre_semaines": "Nombre de semaines",
    "horaires_accueil": "Horaires",
    "date_maj": "Date de mise à jour",
    "lien_source": "Lien source",
    "source": "Source",
    "id": "Identifiant",
    "structure_id": "Structure",
    "statut": "Statut",
    "siret": "SIRET",
    "site_web": "Site web",
    "accessibilite_lieu": "Accessibilité",
    "reseaux_porteurs": "Réseaux porteurs",
    "frequence_maj_mois": "Fréquence de mise à jour (mois)",
}


def libelle_champ(champ: str) -> str:
    return LIBELLES_CHAMPS.get(champ, champ)


def champs_de(objet: str) -> tuple[str, ...]:
    return CHAMPS_SERVICE if objet == OFFRE else CHAMPS_STRUCTURE


def jsonable(valeur: Any) -> Any:
    """Values as JSON keeps them: dates as ISO text, empty text and lists as None."""
    if isinstance(valeur, datetime | date):
        return valeur.isoformat()[:10]
    if valeur in ("", [], ()):
        return None
    if isinstance(valeur, tuple | set | frozenset):
        return list(valeur)
    return valeur


def enregistrement(ligne: Any, objet: str) -> dict[str, Any]:
    """A row (ORM object or mapping) as a JSON-ready v1 record."""
    lire = ligne.get if isinstance(ligne, Mapping) else lambda c: getattr(ligne, c, None)
    return {champ: jsonable(lire(champ)) for champ in champs_de(objet)}


def difference(avant: Mapping[str, Any] | None, apres: Mapping[str, Any],
               champs: Iterable[str]) -> dict[str, dict[str, Any]]:
    """`{champ: {"avant": …, "apres": …}}` for the fields whose value differs."""
    avant = avant or {}
    ecarts = {}
    for champ in champs:
        a, b = jsonable(avant.get(champ)), jsonable(apres.get(champ))
        if a != b:
            ecarts[champ] = {"avant": a, "apres": b}
    return ecarts


def ligne(objet: str, objet_id: str, origine: str, changements: dict[str, Any], *,
          run_id: int | None = None, auteur_id: int | None = None,
          commentaire: str | None = None) -> dict[str, Any]:
    """One history row as a mapping, for bulk inserts."""
    return {"objet": objet, "objet_id": objet_id, "quand": maintenant(), "origine": origine,
            "run_id": run_id, "auteur_id": auteur_id, "changements": changements,
            "commentaire": commentaire}


def noter(session: Session, lignes: list[dict[str, Any]]) -> None:
    if lignes:
        inserer(session, Modification, lignes)


def historique(session: Session, objet: str, objet_id: str) -> list[Modification]:
    """Newest first."""
    requete = (select(Modification).where(Modification.objet == objet)
               .where(Modification.objet_id == objet_id)
               .order_by(col(Modification.quand).desc(), col(Modification.id).desc()))
    return list(session.exec(requete).all())
