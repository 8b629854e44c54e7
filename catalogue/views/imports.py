"""Import runs and their per-record reports: for signed-in curators (animateurs, admins) only,
since a report holds the raw values of rejected records and links to unpublished offers."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import func
from sqlmodel import select

from catalogue import baux, db
from catalogue.curation.acces import CURATEURS, connexion_requise
from catalogue.models import ImportItem, ImportRun
from catalogue.protections import entier_borne

bp = Blueprint("imports", __name__, url_prefix="/imports")

PAR_PAGE = 100
STATUTS = ("created", "updated", "unchanged", "rejected")


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
    total = session.exec(select(func.count()).select_from(requete.subquery())).one()
    items = session.exec(requete.order_by(ImportItem.position)  # type: ignore[arg-type]
                         .offset((page - 1) * PAR_PAGE).limit(PAR_PAGE)).all()
    return render_template("imports/rapport.html", run=run, items=items, statut=statut,
                           total=total, page=page, pages=max(1, -(-total // PAR_PAGE)))
