"""Coverage: the département's EPCI (or commune) × frein matrix as a page (a map of one frein, its
table, an SVG heat map of all freins) and a CSV file; and the same cells for one commune, for
référents."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from catalogue import db
from catalogue.curation import acces, couverture
from catalogue.curation.carte import choroplethe
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


def _frein() -> freins.Frein:
    """The frein the map shows (`frein=`), the first one by default."""
    slug = request.args.get("frein") or freins.FREINS[0].slug
    trouve = next((f for f in freins.FREINS if f.slug == slug), None)
    if trouve is None:
        abort(400, description=f"Paramètre « frein » : frein inconnu « {slug[:40]} » ; choisissez "
                               "un frein de la liste.")
    return trouve


def _lien(m: couverture.Matrice, frein: freins.Frein) -> Callable[[couverture.Ligne], str]:
    """Where a shape of the map leads: an EPCI to the map of its communes, a commune to the search
    a référent of that commune would make with that frein."""
    def lien(ligne: couverture.Ligne) -> str:
        if m.par == "epci":
            return url_for("couverture.page", departement=m.departement, par="commune",
                           epci=ligne.code, frein=frein.slug, portee=m.portee)
        return url_for("recherche.page_resultats", code_commune=ligne.code, freins=frein.slug)
    return lien


@bp.get("/")
@acces.connexion_requise(*acces.CURATEURS)
def page() -> ResponseReturnValue:
    m, frein = _matrice(), _frein()
    u = commun.utilisateur()
    return render_template("curation/couverture.html", m=m, svg=couverture.en_svg(m),
                           choroplethe=choroplethe(m, frein, _lien(m, frein)),
                           frein=frein, freins=freins.FREINS,
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
