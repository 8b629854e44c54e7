"""Public pages: home, offer, structure."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func
from sqlmodel import col, select

from catalogue import db
from catalogue.curation.acces import peut_curer_offre, utilisateur_courant
from catalogue.models import Offer, Statut, Structure
from catalogue.protections import entier_borne
from catalogue.referentiels import territoires, vocabulaires

bp = Blueprint("pages", __name__)

PAR_PAGE = 20


#: sort orders of the catalogue page: label and SQL order
TRIS = {
    "maj": ("Mises à jour récentes d'abord", (col(Offer.date_maj).desc(), col(Offer.id))),
    "nom": ("Nom (A → Z)", (func.lower(Offer.nom), col(Offer.id))),
    "qualite": ("Qualité des informations", (col(Offer.score_qualite).desc(), col(Offer.id))),
}


@bp.get("/catalogue")
def accueil() -> str:
    """The published offers, filtered by words of the name, type and département, sorted."""
    session = db.session()
    page = entier_borne(request.args.get("page"), 1)
    filtres = {"q": (request.args.get("q") or "").strip()[:100],
               "type": request.args.get("type") or "",
               "departement": (request.args.get("departement") or "").strip().upper()[:3]}
    tri = request.args.get("tri") or "maj"
    tri = tri if tri in TRIS else "maj"
    publiees = select(Offer).where(Offer.statut == Statut.PUBLIEE.value)
    if filtres["q"]:
        publiees = publiees.where(col(Offer.nom).ilike(f"%{_echapper_like(filtres['q'])}%",
                                                       escape="\\"))
    if filtres["type"] in vocabulaires.libelles("type"):
        publiees = publiees.where(Offer.type == filtres["type"])
    if territoires.departement(filtres["departement"]) is not None:
        publiees = publiees.where(col(Offer.code_insee).startswith(filtres["departement"]))
    total = session.exec(select(func.count()).select_from(publiees.subquery())).one()
    offres = session.exec(publiees.order_by(*TRIS[tri][1])
                          .offset((page - 1) * PAR_PAGE).limit(PAR_PAGE)).all()
    return render_template("pages/accueil.html", offres=offres, total=total, page=page,
                           pages=max(1, -(-total // PAR_PAGE)), filtres=filtres, tri=tri,
                           tris={cle: libelle for cle, (libelle, _) in TRIS.items()},
                           types=sorted(vocabulaires.libelles("type").items(), key=lambda x: x[1]),
                           departements=territoires.departements())


def _echapper_like(texte: str) -> str:
    return texte.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@bp.get("/offres")
@bp.get("/offres/")
def offres() -> ResponseReturnValue:
    """The offers' list is the catalogue page."""
    return redirect(url_for("pages.accueil") + (f"?{request.query_string.decode()}"
                                                if request.query_string else ""), 301)


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
