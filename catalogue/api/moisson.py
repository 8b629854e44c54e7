"""Harvesting: the whole catalogue at once (dumps), then only what changed (the change feed).

**Dumps** `/api/v1/exports/{structures,services}.{json,csv}`: the published catalogue written by the
export (`catalogue.exports.exporter`, each record validated by the schema package). They are
regenerated when the catalogue changed, i.e. when the change journal (`catalogue.journal`) has a
newer row than the one they were written at; until then every request serves the same files, with an
`ETag`, a `Last-Modified` (the time of that last change) and conditional GET (304). The header
`X-Sequence-Changements` gives the journal number the dump is at: the starting point of the feed.

**Change feed** `/api/v1/changements?depuis=N`: the journal's rows after N, each with the record's
*current* public state: `publication` with the v1 record if it is published now, `retrait` if it is
not (deleted, merged away, suspended, archived, back to draft). A structure left without any
published service is withdrawn too. A harvester keeps the last `sequence` it applied and asks again
from there; if the journal was pruned past that point it gets a 410 and takes the dumps again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, send_file
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlmodel import Session, col

from catalogue import db, journal
from catalogue.api import publication, reponses
from catalogue.api.contrat import operation
from catalogue.api.erreurs import ErreurApi
from catalogue.api.parametres import TAILLE_DEFAUT, Moissonnage
from catalogue.exports import exporter
from catalogue.models import Offer, Structure

bp = Blueprint("api_moisson", __name__, url_prefix="/api/v1")

MOISSON = "Moissonnage"
TYPES_MIME = {"json": "application/json", "csv": "text/csv"}
_VERROU = threading.Lock()


# ------------------------------------------------------------------------------------------------
# Dumps


def _etat(session: Session) -> tuple[int, datetime | None]:
    """The journal's last sequence and its time (0, None on an empty journal)."""
    sequence = journal.derniere_sequence(session)
    if not sequence:
        return 0, None
    return sequence, _instant(session, sequence)


def dossier_des_exports(session: Session, racine: Path) -> tuple[Path, int, datetime | None]:
    """The folder holding the dumps at the journal's current sequence, written if missing."""
    sequence, instant = _etat(session)
    dossier = racine / str(sequence)
    if not dossier.is_dir():
        with _VERROU:
            if not dossier.is_dir():
                _ecrire_exports(session, racine, dossier)
    return dossier, sequence, instant


def _ecrire_exports(session: Session, racine: Path, dossier: Path) -> None:
    """Write every dump into a temporary folder renamed at the end (a failure leaves nothing half
    written; another process writing the same folder at once is harmless), then drop older ones."""
    racine.mkdir(parents=True, exist_ok=True)
    provisoire = Path(tempfile.mkdtemp(dir=racine, prefix=".ecriture-"))
    try:
        for format_ in TYPES_MIME:
            exporter(session, provisoire, format_, structures_sans_offre=False)
        os.rename(provisoire, dossier)
    except OSError:
        if not dossier.is_dir():
            raise
    finally:
        shutil.rmtree(provisoire, ignore_errors=True)
    for ancien in racine.iterdir():
        if ancien != dossier and not ancien.name.startswith("."):
            shutil.rmtree(ancien, ignore_errors=True)


def _servir(nom: str, format_: str) -> ResponseReturnValue:
    racine = Path(current_app.config.get("API_EXPORTS_DIR")
                  or Path(current_app.instance_path) / "exports-api")
    dossier, sequence, instant = dossier_des_exports(db.session(), racine)
    reponse = send_file(dossier / f"{nom}.{format_}", mimetype=TYPES_MIME[format_],
                        conditional=True, etag=f"{sequence}-{nom}-{format_}",
                        last_modified=instant, max_age=0)
    reponse.headers["X-Sequence-Changements"] = str(sequence)
    return reponse


_EN_TETES = {
    "ETag": {"schema": {"type": "string"}, "description": "Version du fichier (rejouer avec "
             "If-None-Match : 304 s'il n'a pas changé)."},
    "Last-Modified": {"schema": {"type": "string"}, "description": "Date du dernier changement "
                      "du catalogue (rejouer avec If-Modified-Since)."},
    "X-Sequence-Changements": {"schema": {"type": "integer"}, "description": "Numéro du dernier "
                               "changement inclus : le `depuis` du flux des changements."},
}


def _vue_export(nom: str, format_: str) -> None:
    element = {"structures": reponses.StructureSeule, "services": reponses.ServiceV1}[nom]
    contenu = ({"application/json": {"schema": {"type": "array", "items": element}}}
               if format_ == "json" else
               {"text/csv": {"schema": {"type": "string"}}})

    def vue() -> ResponseReturnValue:
        return _servir(nom, format_)

    vue.__name__ = f"export_{nom}_{format_}"
    operation(bp, f"/exports/{nom}.{format_}", resume=f"Exporter toutes les {nom} publiées "
              f"({format_.upper()})" if nom == "structures" else
              f"Exporter tous les services publiés ({format_.upper()})", etiquette=MOISSON,
              contenus=contenu, en_tetes=_EN_TETES, erreurs=(401, 429),
              description="Fichier complet au schéma data·inclusion v1, régénéré quand le "
                          "catalogue change ; GET conditionnel (ETag, Last-Modified).")(vue)


for _nom in ("structures", "services"):
    for _format in TYPES_MIME:
        _vue_export(_nom, _format)


# ------------------------------------------------------------------------------------------------
# Change feed


@operation(bp, "/changements", resume="Flux des changements (moissonnage incrémental)",
           etiquette=MOISSON, parametres=Moissonnage, reponse=reponses.PageChangements,
           erreurs=(401, 410, 429), description=(
               "Les changements après `depuis`, dans l'ordre, avec l'état public actuel de chaque "
           "enregistrement : `publication` (le voici) ou `retrait` (retirez-le). Partir du "
           "`X-Sequence-Changements` d'un export complet, puis repasser `suivant`."))
def changements(p: dict[str, Any]) -> ResponseReturnValue:
    session = db.session()
    if p["depuis"] < journal.elague_jusqu_a(session):
        raise ErreurApi(410, "Le journal des changements a été élagué après ce numéro : reprenez "
                        "les exports complets.", ("query", "depuis"), "flux_elague")
    taille = p["size"] or TAILLE_DEFAUT
    lignes = journal.depuis(session, p["depuis"], taille + 1)
    items = [item for ligne in lignes[:taille] for item in _changement(session, *ligne)]
    suivant = lignes[:taille][-1][0] if lignes else p["depuis"]
    return jsonify({"items": items, "depuis": p["depuis"], "suivant": suivant,
                    "fin": len(lignes) <= taille})


def _changement(session: Session, sequence: int, kind: str, ident: str,
                _operation: str) -> list[dict[str, Any]]:
    date = _date(session, sequence)
    if kind == journal.OFFER:
        offre = session.get(Offer, ident)
        publiee = offre is not None and offre.statut == publication.PUBLIEE
        items = [_item(sequence, "service", ident, date,
                       publication.service_publie_seul(offre) if publiee and offre else None)]
        if offre is not None and not publiee and not _structure_publiee(session, offre.structure_id):
            items.append(_item(sequence, "structure", offre.structure_id, date, None))
        return items
    structure = session.get(Structure, ident)
    publiee = structure is not None and _structure_publiee(session, ident)
    return [_item(sequence, "structure", ident, date,
                  publication.structure_seule(structure) if publiee and structure else None)]


def _item(sequence: int, type_: str, ident: str, date: str,
          donnees: dict[str, Any] | None) -> dict[str, Any]:
    return {"sequence": sequence, "type": type_, "id": ident, "date": date,
            "operation": "publication" if donnees is not None else "retrait", "donnees": donnees}


def _date(session: Session, sequence: int) -> str:
    instant = _instant(session, sequence)
    return instant.isoformat() if instant else ""


def _instant(session: Session, sequence: int) -> datetime | None:
    changement = session.get(journal.Changement, sequence)
    return changement.changed_at if changement else None


def _structure_publiee(session: Session, ident: str) -> bool:
    return bool(session.execute(select(func.count()).where(
        col(Offer.structure_id) == ident, col(Offer.statut) == publication.PUBLIEE)).scalar())
