"""Import runs and their per-record reports: for signed-in curators (animateurs, admins) only,
since a report holds the raw values of rejected records and links to unpublished offers.

An admin sees every line of a report; an animateur only the lines of records of their territory:
an offer that touches one of their départements (place or zone), a structure placed in one of them
or running such an offer. A line whose record is not in the catalogue (rejected, or a dry run) has
no known territory: only admins see it. The page says how many lines are left out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue import baux, db
from catalogue.curation import territoire
from catalogue.curation.acces import CURATEURS, connexion_requise, utilisateur_courant
from catalogue.models import ImportItem, ImportRun, Offer, Role, Structure
from catalogue.protections import entier_borne

bp = Blueprint("imports", __name__, url_prefix="/imports")

PAR_PAGE = 100
STATUTS = ("created", "updated", "unchanged", "rejected")
STRUCTURE = "structure"


@bp.get("/")
@connexion_requise(*CURATEURS)
def liste() -> str:
    baux.marquer_interrompus(db.session())
    runs = db.session().exec(select(ImportRun).order_by(ImportRun.id.desc()).limit(200)).all()  # type: ignore[union-attr]
    return render_template("imports/liste.html", runs=runs)


@bp.get("/<int:run_id>")
@connexion_requise(*CURATEURS)
def rapport(run_id: int) -> str:
    session = db.session()
    baux.marquer_interrompus(session)
    run = session.get(ImportRun, run_id)
    if run is None:
        abort(404, description=f"Aucun import n° {run_id}.")
    statut = request.args.get("statut")
    if statut not in STATUTS:
        statut = None
    page = entier_borne(request.args.get("page"), 1)
    requete = select(ImportItem).where(ImportItem.run_id == run_id)
    if statut:
        requete = requete.where(ImportItem.status == statut)
    u = utilisateur_courant()
    if u is None or u.role == Role.ADMIN:
        total = session.exec(select(func.count()).select_from(requete.subquery())).one()
        items = session.exec(requete.order_by(col(ImportItem.position))
                             .offset((page - 1) * PAR_PAGE).limit(PAR_PAGE)).all()
        caches = 0
    else:
        visibles, caches = _lignes_du_territoire(session, requete, u.departements)
        total = len(visibles)
        morceau = visibles[(page - 1) * PAR_PAGE : page * PAR_PAGE]
        items = session.exec(select(ImportItem).where(col(ImportItem.id).in_(morceau))
                             .order_by(col(ImportItem.position))).all() if morceau else []
    return render_template("imports/rapport.html", run=run, items=items, statut=statut,
                           total=total, page=page, pages=max(1, -(-total // PAR_PAGE)),
                           caches=caches)


def _lignes_du_territoire(session: Session, requete: Any, departements: list[str]
                          ) -> tuple[list[int], int]:
    """(ids of the report lines whose record is of these départements, in order; how many
    others). The territory's offers and structures are found in SQL (`territoire`), the lines
    read as (id, kind, record id) only."""
    offres = territoire.ids_du_territoire(session, departements)
    structures = _structures_du_territoire(session, departements, offres)
    lignes = session.execute(requete.with_only_columns(
        col(ImportItem.id), col(ImportItem.kind), col(ImportItem.record_id))
        .order_by(col(ImportItem.position))).all()
    visibles = [i for i, sorte, ident in lignes
                if ident in (structures if sorte == STRUCTURE else offres)]
    return visibles, len(lignes) - len(visibles)


def _structures_du_territoire(session: Session, departements: list[str],
                              offres: set[str]) -> set[str]:
    codes = sorted(set().union(*(territoire.codes_du_departement(d) for d in departements)))
    ids: set[str] = set()
    for i in range(0, len(codes), 900):
        ids |= set(session.exec(select(Structure.id).where(
            col(Structure.code_insee).in_(codes[i : i + 900]))))
    liste = sorted(offres)
    for i in range(0, len(liste), 900):
        ids |= set(session.exec(select(Offer.structure_id).where(
            col(Offer.id).in_(liste[i : i + 900]))))
    return ids
