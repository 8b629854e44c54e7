"""Coverage: the département's EPCI (or commune) × frein matrix as a page, an SVG heat map and a
CSV file; and the same cells for one commune, for référents."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from catalogue import db
from catalogue.curation import acces, couverture
from catalogue.curation.vues import commun
from catalogue.recherche import communes_du_lieu
from catalogue.referentiels import freins, territoires
from search import RequeteInvalide

bp = Blueprint("couverture", __name__, url_prefix="/curation/couverture")


def _matrice() -> couverture.Matrice:
    dep = commun.departement_choisi(commun.utilisateur())
    par = "commune" if request.args.get("par") == "commune" else "epci"
    epci = request.args.get("epci") or None
    if epci and (territoires.epci(epci) is None):
        abort(404, description="EPCI inconnu.")
    portee = "proximite" if request.args.get("portee") == "proximite" else "eligibles"
    return couverture.matrice(db.session(), dep, par, epci, portee)


@bp.get("/")
@acces.connexion_requise(*acces.CURATEURS)
def page() -> ResponseReturnValue:
    m = _matrice()
    u = commun.utilisateur()
    return render_template("curation/couverture.html", m=m, svg=couverture.en_svg(m),
                           epcis=territoires.epcis_du_departement(m.departement),
                           departements=acces.departements_visibles(u),
                           epci=request.args.get("epci") or "", portees=couverture.PORTEES)


@bp.get("/carte.svg")
@acces.connexion_requise(*acces.CURATEURS)
def carte() -> ResponseReturnValue:
    return Response(couverture.en_svg(_matrice()), mimetype="image/svg+xml")


@bp.get("/couverture.csv")
@acces.connexion_requise(*acces.CURATEURS)
def en_csv() -> ResponseReturnValue:
    m = _matrice()
    nom = f"couverture-{m.departement}-{m.par}.csv"
    return Response("\ufeff" + couverture.en_csv(m), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{nom}"'})


@bp.get("/commune")
@acces.connexion_requise()
def commune() -> ResponseReturnValue:
    """For référents: what a person of this commune can find, frein by frein."""
    lieu = (request.args.get("lieu") or "").strip()
    if not lieu:
        return render_template("curation/couverture_commune.html", commune=None, lieu="")
    try:
        c = communes_du_lieu(lieu, exiger_unique=True)[0]
    except RequeteInvalide as exc:
        return render_template("curation/couverture_commune.html", commune=None, lieu=lieu,
                               erreur=str(exc).split(" : ", 1)[-1]), 400
    s = db.session()
    return render_template("curation/couverture_commune.html", commune=c, lieu=lieu,
                           cellules=couverture.commune(s, c.code),
                           proches=couverture.commune(s, c.code, "proximite"), freins=freins.FREINS)
