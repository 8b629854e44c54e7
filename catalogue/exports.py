"""Export of the catalogue to the national schema (data·inclusion v1).

CSV cells that a spreadsheet would evaluate as a formula are neutralised with a leading `'`
(`catalogue.texte.cellule_tableur`); JSON and JSON Lines are written exactly as stored.

Every record is checked with the schema package's `Structure` / `Service` models before it is written;
anything invalid is listed with its reason and left out. Services whose structure is not exported are
left out too (the receiving side would reject them).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pydantic
from data_inclusion.schema import v1
from sqlalchemy import exists
from sqlmodel import Session, col, select

from catalogue.curation.historique import STRUCTURE
from catalogue.formats import compte
from catalogue.models import (
    CHAMPS_SERVICE,
    CHAMPS_STRUCTURE,
    Offer,
    Redirection,
    Statut,
    Structure,
)
from catalogue.services import service_v1, structure_v1
from catalogue.texte import cellule_tableur

FORMATS = ("json", "jsonl", "csv")


@dataclass
class BilanExport:
    ecrits: dict[str, int] = field(default_factory=lambda: {"structures": 0, "services": 0})
    ecartes: list[dict[str, str]] = field(default_factory=list)
    fichiers: list[str] = field(default_factory=list)

    def resume(self) -> str:
        texte = (f"Export : {compte(self.ecrits['structures'], 'structure')} et "
                 f"{compte(self.ecrits['services'], 'service écrit', 'services écrits')} "
                 f"({', '.join(self.fichiers)})")
        if self.ecartes:
            texte += (f" ; {compte(len(self.ecartes), 'enregistrement écarté', 'enregistrements écartés')}"
                      " car invalide" + ("s" if len(self.ecartes) > 1 else ""))
        return texte + "."


def exporter(session: Session, dossier: Path, format: str = "json",
             statuts: tuple[str, ...] = (Statut.PUBLIEE.value,),
             structures_sans_offre: bool = True) -> BilanExport:
    """Write `structures.<format>` and `services.<format>` in `dossier`. Without
    `structures_sans_offre`, only structures with an offer of one of `statuts` are written (the
    API's public dumps)."""
    if format not in FORMATS:
        raise ValueError(f"Format d'export « {format} » inconnu : {', '.join(FORMATS)}.")
    dossier.mkdir(parents=True, exist_ok=True)
    bilan = BilanExport()
    structures_ecrites = _ecrire(
        dossier / f"structures.{format}", format, CHAMPS_STRUCTURE,
        _valides(session, bilan, "structures",
                 _structures(session, None if structures_sans_offre else statuts)), bilan,
    )
    services = (s for s in _services(session, statuts) if s["structure_id"] in structures_ecrites
                or _ecarter(bilan, "services", s["id"], "structure non exportée"))
    _ecrire(dossier / f"services.{format}", format, CHAMPS_SERVICE,
            _valides(session, bilan, "services", services), bilan)
    return bilan


def _structures(session: Session, statuts: tuple[str, ...] | None) -> Iterator[dict[str, Any]]:
    """Structures, without those merged into another (their row only keeps their provenance)."""
    requete = select(Structure).where(~exists().where(
        col(Redirection.objet) == STRUCTURE, col(Redirection.ancien_id) == Structure.id)
    ).order_by(Structure.id)
    if statuts is not None:
        requete = requete.where(exists().where(
            col(Offer.structure_id) == Structure.id, col(Offer.statut).in_(statuts)))
    for structure in session.exec(requete).yield_per(1000):
        yield structure_v1(structure)


def _services(session: Session, statuts: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    requete = select(Offer).where(Offer.statut.in_(statuts)).order_by(Offer.id)  # type: ignore[attr-defined]
    for offre in session.exec(requete).yield_per(1000):
        yield service_v1(offre)


_MODELES: dict[str, type[pydantic.BaseModel]] = {"structures": v1.Structure,
                                                 "services": v1.Service}


def _valides(session: Session, bilan: BilanExport, kind: str,
             records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    modele = _MODELES[kind]
    for record in records:
        try:
            modele.model_validate(record)
        except pydantic.ValidationError as exc:
            raisons = "; ".join(f"{'.'.join(map(str, e['loc']))} : {e['msg']}"
                                for e in exc.errors())
            _ecarter(bilan, kind, record["id"], raisons)
            continue
        yield record


def _ecarter(bilan: BilanExport, kind: str, ident: str, raison: str) -> bool:
    bilan.ecartes.append({"kind": kind, "id": ident, "raison": raison})
    return False


def _ecrire(chemin: Path, format: str, champs: tuple[str, ...],
            records: Iterator[dict[str, Any]], bilan: BilanExport) -> set[str]:
    """Write to a temporary file renamed at the end: a failed export leaves no half file."""
    kind = chemin.stem
    ids: set[str] = set()
    provisoire = chemin.with_suffix(chemin.suffix + ".part")
    with ExitStack() as pile:
        fichier = pile.enter_context(provisoire.open("w", encoding="utf-8", newline=""))
        ecrire = _ecrivain(format, fichier, champs)
        for record in records:
            ecrire(record)
            ids.add(record["id"])
        _clore(format, fichier, bool(ids))
    provisoire.replace(chemin)
    bilan.ecrits[kind] = len(ids)
    bilan.fichiers.append(chemin.name)
    return ids


def _ecrivain(format: str, fichier: IO[str], champs: tuple[str, ...]) -> Any:
    if format == "csv":
        ecrivain = csv.DictWriter(fichier, fieldnames=list(champs))
        ecrivain.writeheader()
        return lambda r: ecrivain.writerow({k: _cellule(v) for k, v in r.items()})
    if format == "jsonl":
        return lambda r: fichier.write(json.dumps(r, ensure_ascii=False) + "\n")
    premier = [True]

    def ecrire_json(record: dict[str, Any]) -> None:
        fichier.write("[\n" if premier[0] else ",\n")
        premier[0] = False
        fichier.write(json.dumps(record, ensure_ascii=False))

    return ecrire_json


def _clore(format: str, fichier: IO[str], non_vide: bool) -> None:
    if format == "json":
        fichier.write("\n]\n" if non_vide else "[]\n")


def _cellule(valeur: Any) -> Any:
    """A CSV cell: lists joined by commas, text that a spreadsheet would evaluate neutralised
    (`cellule_tableur`; the JSON exports stay exact)."""
    if isinstance(valeur, list):
        valeur = ", ".join(str(v) for v in valeur)
    if isinstance(valeur, str):
        return cellule_tableur(valeur)
    return "" if valeur is None else valeur
