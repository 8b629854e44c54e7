"""The catalogue's write functions: the one place where structures and offers are created or changed.

Importers, curation forms and the API call these with records already validated by
`catalogue.validation`, so every write path applies the same rules. They work on batches (an import
writes hundreds of records per transaction) and leave the commit to the caller, who owns the
transaction and the per-record report.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from data_inclusion.schema import v1
from data_inclusion.schema.v1 import score_qualite
from sqlalchemy import delete, insert, select, update
from sqlmodel import Session, col

from catalogue.models import (
    CHAMPS_LISTE_SERVICE,
    CHAMPS_SERVICE,
    CHAMPS_STRUCTURE,
    Offer,
    OfferTag,
    Statut,
    Structure,
    maintenant,
    table,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

#: Keys a caller may attach to a record for us (never v1 fields): kept in `brut`, not compared.
PREFIXE_META = "_"


@dataclass
class AEcrire:
    """A validated v1 record and the raw record it came from (kept for audit)."""

    donnees: dict[str, Any]
    brut: dict[str, Any]
    #: (score, criteria) when the caller already computed it (import workers do)
    qualite: tuple[float, dict[str, float | None]] | None = None
    #: fingerprint of `donnees` and the raw record serialised, when already computed
    empreinte: str | None = None
    brut_json: str | None = None


class JsonDeja(str):
    """A value already serialised to JSON: the JSON columns store it as is."""


def empreinte(donnees: dict[str, Any]) -> str:
    """Fingerprint of a normalised v1 record: equal records, equal fingerprints."""
    texte = json.dumps(donnees, sort_keys=True, ensure_ascii=False, default=_json_defaut)
    return hashlib.sha256(texte.encode()).hexdigest()


def _json_defaut(valeur: Any) -> Any:
    if isinstance(valeur, date | datetime):
        return valeur.isoformat()
    if isinstance(valeur, set | frozenset):
        return sorted(valeur)
    return str(valeur)


def _source_id(record_id: str, source: str) -> str:
    return record_id.removeprefix(f"{source}--")


def json_serialiser(valeur: Any) -> str:
    """JSON columns hold raw records as received: spreadsheets give dates and decimals."""
    if isinstance(valeur, JsonDeja):
        return valeur
    return json.dumps(valeur, ensure_ascii=False, default=_json_defaut)


# ------------------------------------------------------------------------------------------------
# Structures


def enregistrer_structures(session: Session, lot: Sequence[AEcrire], simuler: bool = False
                           ) -> list[str]:
    """Create or update structures; returns created / updated / unchanged per record.
    With `simuler`, nothing is written: the outcomes are what a write would do."""
    return _enregistrer(session, Structure, lot, _ligne_structure, None, simuler)


def _ligne_structure(a: AEcrire, instant: datetime) -> dict[str, Any]:
    ligne = {champ: a.donnees.get(champ) for champ in CHAMPS_STRUCTURE}
    ligne["lien_source"] = _texte(ligne["lien_source"])
    ligne["site_web"] = _texte(ligne["site_web"])
    ligne["accessibilite_lieu"] = _texte(ligne["accessibilite_lieu"])
    return ligne


def structures_connues(session: Session, ids: Iterable[str]) -> set[str]:
    ids = list(set(ids))
    connues: set[str] = set()
    for i in range(0, len(ids), 900):
        morceau = ids[i : i + 900]
        connues |= set(session.execute(select(col(Structure.id)).where(col(Structure.id).in_(morceau)))
                       .scalars())
    return connues


# ------------------------------------------------------------------------------------------------
# Offers


def enregistrer_offres(
    session: Session, lot: Sequence[AEcrire], statut_initial: str = Statut.PUBLIEE.value,
    simuler: bool = False,
) -> list[str]:
    """Create or update offers (v1 services); a new offer gets `statut_initial`, an updated one keeps
    its status. Returns created / updated / unchanged per record."""
    return _enregistrer(session, Offer, lot, _ligne_offre, statut_initial, simuler)


def _ligne_offre(a: AEcrire, instant: datetime) -> dict[str, Any]:
    ligne = {champ: a.donnees.get(champ) for champ in CHAMPS_SERVICE}
    ligne.pop("source_id", None)
    ligne["lien_source"] = _texte(ligne["lien_source"])
    ligne["lien_mobilisation"] = _texte(ligne["lien_mobilisation"])
    score, criteres = a.qualite or qualite(v1.Service.model_validate(a.donnees))
    ligne["score_qualite"] = score
    ligne["criteres_qualite"] = criteres
    return ligne


def qualite(modele: v1.Service) -> tuple[float, dict[str, float | None]]:
    """The official data·inclusion quality score (the criteria of `score_qualite` in the schema
    package, aggregated as its `score` does).

    Only the freshness criterion is memoised: it depends on nothing but the source and `date_maj`,
    and the package builds pendulum durations on every call, which dominated import time.
    """
    criteres: dict[str, float | None] = {}
    for critere in score_qualite.CRITERES:
        if critere is score_qualite.date_maj_recente:
            valeur = _fraicheur(modele.source in _SOURCES_SANS_FRAICHEUR, modele.date_maj,
                                date.today())
        else:
            valeur = critere(modele)
        criteres[critere.__name__] = None if valeur is None else round(valeur, 2)
    pertinents = [v for v in criteres.values() if v is not None]
    return round(sum(pertinents) / len(pertinents), 2), criteres


#: sources for which the package's freshness criterion does not apply (it returns None)
_SOURCES_SANS_FRAICHEUR = ("agefiph", "france-travail")


@lru_cache(maxsize=4096)
def _fraicheur(sans_fraicheur: bool, date_maj: date, _jour: date) -> float | None:
    """The package's own `date_maj_recente`, called on a minimal stand-in, cached per day."""
    source = _SOURCES_SANS_FRAICHEUR[0] if sans_fraicheur else "autre"
    return score_qualite.date_maj_recente(SimpleNamespace(source=source,
                                                          date_maj=date_maj))


def _tags(offer_id: str, donnees: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"offer_id": offer_id, "champ": champ, "valeur": str(valeur)}
        for champ in CHAMPS_LISTE_SERVICE
        for valeur in donnees.get(champ) or ()  # validation already removed duplicates
    ]


def _texte(valeur: Any) -> str | None:
    return None if valeur is None else str(valeur)


# ------------------------------------------------------------------------------------------------
# Shared batch upsert


def _enregistrer(session: Session, modele: Any, lot: Sequence[AEcrire], faire_ligne: Any,
                 statut_initial: str | None, simuler: bool) -> list[str]:
    instant = maintenant()
    existantes = _empreintes(session, modele, [a.donnees["id"] for a in lot])
    nouvelles, modifiees, inchangees, issues = [], [], [], []
    for a in lot:
        ident, emp = a.donnees["id"], a.empreinte or empreinte(a.donnees)
        if existantes.get(ident) == emp:
            inchangees.append(ident)
            issues.append(UNCHANGED)
            continue
        if simuler:
            issues.append(UPDATED if ident in existantes else CREATED)
            existantes[ident] = emp
            continue
        ligne = {**faire_ligne(a, instant), **_provenance(a, emp, instant)}
        if ident in existantes:
            modifiees.append(ligne)
            issues.append(UPDATED)
        else:
            ligne.update(premiere_vue=instant, cree_le=instant)
            if statut_initial is not None:
                ligne.update(statut=statut_initial, version=1)
            nouvelles.append(ligne)
            issues.append(CREATED)
        existantes[ident] = emp
    if simuler:
        return issues
    _ecrire(session, modele, nouvelles, modifiees, inchangees, instant)
    if modele is Offer:
        _ecrire_tags(session, lot, issues)
        _noter_changements(session, [a.donnees["id"] for a, i in zip(lot, issues, strict=True)
                                     if i != UNCHANGED])
    return issues


def _provenance(a: AEcrire, emp: str, instant: datetime) -> dict[str, Any]:
    return {
        "source_id": _source_id(a.donnees["id"], a.donnees["source"]),
        "brut": JsonDeja(a.brut_json) if a.brut_json is not None else a.brut,
        "empreinte": emp,
        "derniere_vue": instant,
        "modifie_le": instant,
    }


def _empreintes(session: Session, modele: Any, ids: list[str]) -> dict[str, str]:
    trouvees: dict[str, str] = {}
    for i in range(0, len(ids), 900):
        requete = select(modele.id, modele.empreinte).where(modele.id.in_(ids[i : i + 900]))
        trouvees.update({ident: emp for ident, emp in session.execute(requete)})
    return trouvees


def _ecrire(session: Session, modele: Any, nouvelles: list[dict[str, Any]],
            modifiees: list[dict[str, Any]], inchangees: list[str], instant: datetime) -> None:
    if nouvelles:
        session.execute(insert(table(modele)), nouvelles)
    if modifiees:
        if modele is Offer:
            _incrementer_versions(session, [m["id"] for m in modifiees])
        session.execute(update(modele), modifiees)
    for i in range(0, len(inchangees), 900):
        session.execute(update(modele).where(modele.id.in_(inchangees[i : i + 900]))
                        .values(derniere_vue=instant))


def _incrementer_versions(session: Session, ids: list[str]) -> None:
    for i in range(0, len(ids), 900):
        session.execute(update(Offer).where(col(Offer.id).in_(ids[i : i + 900]))
                        .values(version=Offer.version + 1))


def _ecrire_tags(session: Session, lot: Sequence[AEcrire], issues: list[str]) -> None:
    ecrits = [a for a, issue in zip(lot, issues, strict=True) if issue != UNCHANGED]
    if not ecrits:
        return
    ids = list({a.donnees["id"] for a in ecrits})
    for i in range(0, len(ids), 900):
        session.execute(delete(OfferTag).where(col(OfferTag.offer_id).in_(ids[i : i + 900])))
    derniers = {a.donnees["id"]: a for a in ecrits}
    tags = [t for ident, a in derniers.items() for t in _tags(ident, a.donnees)]
    if tags:
        session.execute(insert(table(OfferTag)), tags)


def _noter_changements(session: Session, ids: list[str]) -> None:
    """Remember which offers this transaction changed, for the search index (after commit)."""
    session.info.setdefault("offres_modifiees", set()).update(ids)


# ------------------------------------------------------------------------------------------------
# Reading back as v1


def service_v1(offre: Offer) -> dict[str, Any]:
    """An offer as a data·inclusion v1 service dict (JSON-ready)."""
    return _v1(offre, CHAMPS_SERVICE)


def structure_v1(structure: Structure) -> dict[str, Any]:
    return _v1(structure, CHAMPS_STRUCTURE)


def _v1(ligne: Any, champs: Sequence[str]) -> dict[str, Any]:
    sortie: dict[str, Any] = {}
    for champ in champs:
        valeur = getattr(ligne, champ)
        sortie[champ] = valeur.isoformat() if isinstance(valeur, date) else valeur
    return sortie
