"""Import from the browser: upload, dry run, confirmation, progress (the curation « Importer » page).

The same import as `catalogue import` (`importers.base.importer`), in two steps:

1. the files are saved in a folder of their own (`TELEVERSEMENTS_DIR/<jeton>/`), then imported
   à blanc (`dry_run`: nothing written) — the report is the CLI's, record by record;
2. once confirmed, the real import runs, into the review queue (`revue=True`) unless an admin asks
   to publish directly (trusted source, like `--publier`).

Each step runs in a thread of the web process (validation in-process: no worker processes forked
from a threaded server) and writes its state to `etat.json` in the folder as it goes (records read,
then the report): the page reads it back, so progress and report survive a reload and are the
same in every server process. Writes are atomic (temporary file, then rename).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

#: records between two writes of the progress
PAS_PROGRESSION = 200
#: rejected or warned records kept in the state file for the page (all of them are counted)
ITEMS_MONTRES = 500
_JETON = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class TeleversementRefuse(ValueError):
    """The upload cannot be imported; the message is French and says why."""


@dataclass(frozen=True)
class Demande:
    """Who asked what: shown on the page and checked when confirming."""

    utilisateur_id: int
    format: str | None
    publier: bool


def nouveau_dossier(racine: Path) -> tuple[str, Path]:
    jeton = secrets.token_urlsafe(12)
    dossier = racine / jeton
    dossier.mkdir(parents=True)
    return jeton, dossier


def dossier_de(racine: Path, jeton: str) -> Path | None:
    """The folder of an upload, None for an unknown or malformed token."""
    if not jeton or not set(jeton) <= _JETON:
        return None
    dossier = racine / jeton
    return dossier if (dossier / "etat.json").is_file() else None


def enregistrer_fichiers(fichiers: Iterable[FileStorage], dossier: Path) -> list[Path]:
    """Save the uploaded files under safe names; an upload with no file is refused."""
    chemins: list[Path] = []
    for i, fichier in enumerate(fichiers, start=1):
        if not fichier or not fichier.filename:
            continue
        nom = secure_filename(fichier.filename) or f"fichier-{i}"
        chemin = dossier / nom
        if chemin.exists():
            chemin = dossier / f"{i}-{nom}"
        fichier.save(chemin)
        chemins.append(chemin)
    if not chemins:
        raise TeleversementRefuse("Aucun fichier reçu : choisissez au moins un fichier.")
    return chemins


def verifier_format(chemins: list[Path], format_: str | None) -> str:
    """The importer's format (given, or recognised from the content), or a French refusal."""
    from importers import ImportRefuse, importer_pour  # the importers load on first use

    try:
        return importer_pour(chemins, format_).format
    except ImportRefuse as exc:
        raise TeleversementRefuse(str(exc)) from exc


def lire_etat(dossier: Path) -> dict[str, Any]:
    return dict(json.loads((dossier / "etat.json").read_text(encoding="utf-8")))


def ecrire_etat(dossier: Path, etat: dict[str, Any]) -> None:
    temporaire = dossier / "etat.json.tmp"
    temporaire.write_text(json.dumps(etat, ensure_ascii=False), encoding="utf-8")
    temporaire.replace(dossier / "etat.json")


def fichiers_du_dossier(dossier: Path) -> list[Path]:
    return sorted(p for p in dossier.iterdir() if p.is_file() and not p.name.startswith("etat.json"))


def preparer(dossier: Path, demande: Demande, format_reconnu: str) -> dict[str, Any]:
    etat = {"utilisateur_id": demande.utilisateur_id, "format": format_reconnu,
            "publier": demande.publier, "fichiers": [p.name for p in fichiers_du_dossier(dossier)],
            "etape": "a-blanc", "statut": "en-cours", "traites": 0, "debut": time.time()}
    ecrire_etat(dossier, etat)
    return etat


def lancer(dossier: Path, engine: Engine, etape: str, taille_lot: int,
           contexte: Callable[[], AbstractContextManager[Any]]) -> threading.Thread:
    """Run one step (`a-blanc` or `import`) in a thread, inside `contexte` (the app's context);
    the state file follows it."""
    etat = lire_etat(dossier)
    etat.update(etape=etape, statut="en-cours", traites=0, debut=time.time())
    etat.pop("rapport", None)
    ecrire_etat(dossier, etat)
    fil = threading.Thread(target=_executer, args=(dossier, engine, etat, taille_lot, contexte),
                           name=f"import-{dossier.name}-{etape}", daemon=True)
    fil.start()
    return fil


def _executer(dossier: Path, engine: Engine, etat: dict[str, Any], taille_lot: int,
              contexte: Callable[[], AbstractContextManager[Any]]) -> None:
    compte = 0

    def avancer(n: int) -> None:
        nonlocal compte
        compte += n
        if compte % PAS_PROGRESSION < n:
            ecrire_etat(dossier, {**etat, "traites": compte})

    from importers import importer_pour
    from importers.base import importer

    try:
        with contexte():
            importeur = importer_pour(fichiers_du_dossier(dossier), etat["format"])
            rapport = importer(importeur, engine, dry_run=etat["etape"] == "a-blanc",
                               progression=avancer, taille_lot=taille_lot, processus=1,
                               revue=not etat["publier"])
        etat.update(statut="fini", traites=compte, rapport=resume_rapport(rapport.as_dict(),
                                                                          rapport.resume()))
    except Exception as exc:  # noqa: BLE001 — said on the page, never lost silently
        etat.update(statut="echec", traites=compte,
                    erreur=f"L'import s'est arrêté : {str(exc).strip()[:300] or type(exc).__name__}. "
                           "Les lots déjà écrits restent ; le rapport des imports en garde la trace.")
    ecrire_etat(dossier, etat)


def resume_rapport(rapport: dict[str, Any], resume: str) -> dict[str, Any]:
    """What the page shows: the CLI's summary line, the counters, the run's notes, and the records
    that were rejected or warned (the first `ITEMS_MONTRES`)."""
    a_montrer = [{**i, "position": n} for n, i in enumerate(rapport["items"], start=1)
                 if i.get("status") == "rejected" or i.get("warnings")]
    return {"resume": resume, "run": rapport["run"], "items": a_montrer[:ITEMS_MONTRES],
            "items_caches": max(0, len(a_montrer) - ITEMS_MONTRES)}
