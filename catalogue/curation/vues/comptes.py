"""Sign-in, sign-out and the workspace's home."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from catalogue import db, formats
from catalogue.curation import acces
from catalogue.curation import services as curation
from catalogue.curation.vues import commun
from catalogue.models import Role

bp = Blueprint("curation", __name__, url_prefix="/curation")


@bp.route("/connexion", methods=["GET", "POST"])
def connexion() -> ResponseReturnValue:
    suite = commun.suite_sure(request.values.get("suite"))
    if request.method == "GET":
        return render_template("curation/connexion.html", suite=suite, courriel="")
    courriel = request.form.get("courriel", "")
    s = db.session()
    try:
        u = acces.authentifier(s, courriel, request.form.get("mot_de_passe", ""),
                               request.remote_addr or "")
    except acces.TropDeTentatives as refus:
        return render_template("curation/connexion.html", suite=suite, courriel=courriel,
                               erreur="Trop de tentatives de connexion pour ce compte : "
                               f"réessayez dans {formats.compte(refus.minutes, 'minute')}."), 429
    if u is None:
        return render_template("curation/connexion.html", suite=suite, courriel=courriel,
                               erreur="Courriel ou mot de passe incorrect."), 401
    acces.ouvrir_session(s, u, current_app.permanent_session_lifetime)
    return redirect(suite or url_for("curation.accueil"))


@bp.post("/deconnexion")
def deconnexion() -> ResponseReturnValue:
    acces.fermer_session(db.session())
    return redirect(url_for("curation.connexion"))


@bp.get("/")
@acces.connexion_requise()
def accueil() -> ResponseReturnValue:
    u = acces.utilisateur_courant()
    assert u is not None
    if u.role == Role.REFERENT:
        return render_template("curation/accueil_referent.html")
    en_attente = len(curation.file_de_revue(db.session(), u))
    return render_template("curation/accueil.html", en_attente=en_attente,
                           departements=acces.departements_visibles(u)[:120])
