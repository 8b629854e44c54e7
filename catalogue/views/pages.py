"""Public pages: home, offer, structure."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import func
from sqlmodel import select

from catalogue import db
from catalogue.curation.acces import peut_curer_offre, utilisateur_courant
from catalogue.models import Offer, Statut, Structure
from catalogue.protections import entier_borne

bp = Blueprint("pages", __name__)

PAR_PAGE = 20


@bp.get("/catalogue")
def accueil() -> str:
    session = db.session()
    page = entier_borne(request.args.get("page"), 1)
    publiees = select(Offer).where(Offer.statut == Statut.PUBLIEE.value)
    total = session.exec(select(func.count()).select_from(publiees.subquery())).one()
    offres = session.exec(publiees.order_by(Offer.date_maj.desc(), Offer.id)  # type: ignore[attr-defined]
                          .offset((page - 1) * PAR_PAGE).limit(PAR_PAGE)).all()
    return render_template("pages/accueil.html", offres=offres, total=total, page=page,
                           pages=max(1, -(-total // PAR_PAGE)))


@bp.get("/offres/<path:offre_id>")
def offre(offre_id: str) -> str:
    session = db.session()
    o = session.get(Offer, offre_id)
    if o is None or not visible(o):
        abort(404, description=f"Aucune offre « {offre_id} » dans le catalogue.")
    structure = session.get(Structure, o.structure_id)
    return render_template("offers/offre.html", offre=o, structure=structure)


@bp.get("/structures/<path:structure_id>")
def structure(structure_id: str) -> str:
    session = db.session()
    s = session.get(Structure, structure_id)
    if s is None:
        abort(404, description=f"Aucune structure « {structure_id} » dans le catalogue.")
    offres = session.exec(select(Offer).where(Offer.structure_id == structure_id)
                          .order_by(Offer.nom)).all()
    return render_template("offers/structure.html", structure=s,
                           offres=[o for o in offres if visible(o)])


def visible(offre: Offer) -> bool:
    """Everyone sees a published offer; a draft, suspended or archived one only the curators who
    may curate it (animateurs of its territory, admins) see."""
    return offre.statut == Statut.PUBLIEE.value or peut_curer_offre(utilisateur_courant(), offre)
