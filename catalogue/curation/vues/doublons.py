"""Duplicate candidates of a département, side-by-side comparison and merge."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlmodel import Session, col, select

from catalogue import db, services
from catalogue.curation import acces, doublons, territoire
from catalogue.curation import services as curation
from catalogue.curation.historique import OFFRE, enregistrement
from catalogue.curation.vues import commun
from catalogue.models import NonDoublon, Offer, Statut, Structure
from catalogue.protections import entier

bp = Blueprint("doublons", __name__, url_prefix="/curation/doublons")

ACTIFS = (Statut.PUBLIEE.value, Statut.BROUILLON.value, Statut.SUSPENDUE.value)


def candidats_du_departement(s: Session, dep: str) -> list[doublons.Candidat]:
    """Candidates among the live offers touching a département, minus pairs said distinct."""
    offres = territoire.offres(s, territoire.ids_du_territoire(s, [dep]), ACTIFS)
    structures = {st.id: st for st in s.exec(select(Structure).where(
        col(Structure.id).in_({o.structure_id for o in offres})))}
    exclus = {(n.id_a, n.id_b) for n in s.exec(select(NonDoublon).where(NonDoublon.objet == OFFRE))}
    return doublons.candidats(offres, structures, exclus)


@bp.get("/")
@acces.connexion_requise(*acces.CURATEURS)
def liste() -> ResponseReturnValue:
    s, u = db.session(), commun.utilisateur()
    dep = commun.departement_choisi(u)
    candidats = candidats_du_departement(s, dep)
    offres = {o.id: o for o in territoire.offres(s, {i for c in candidats for i in (c.a, c.b)},
                                                 ACTIFS)}
    return render_template("curation/doublons.html", candidats=candidats, offres=offres,
                           departement=dep, departements=acces.departements_visibles(u))


@bp.get("/comparer")
@acces.connexion_requise(*acces.CURATEURS)
def comparer() -> ResponseReturnValue:
    s = db.session()
    a = commun.offre_curable_ou_403(s, request.args.get("a", ""))
    b = commun.offre_curable_ou_403(s, request.args.get("b", ""))
    if a.id == b.id:
        abort(400, description="Choisissez deux offres différentes.")
    ea, eb = enregistrement(a, OFFRE), enregistrement(b, OFFRE)
    champs = [c for c in services.CHAMPS_SERVICE if c not in ("id", "source", "structure_id")]
    return render_template("curation/comparer.html", a=a, b=b, ea=ea, eb=eb, champs=champs,
                           structures={st.id: st for st in (s.get(Structure, a.structure_id),
                                                            s.get(Structure, b.structure_id)) if st},
                           differents={c for c in champs if ea.get(c) != eb.get(c)},
                           score=doublons.evaluer(*_profils(s, a, b)))


def _profils(s: Session, a: Offer, b: Offer) -> tuple[doublons.Profil, doublons.Profil]:
    return (doublons.profil(a, s.get(Structure, a.structure_id)),
            doublons.profil(b, s.get(Structure, b.structure_id)))


@bp.post("/fusionner")
@acces.connexion_requise(*acces.CURATEURS)
def fusionner() -> ResponseReturnValue:
    s = db.session()
    garde, autre = request.form.get("garde", ""), request.form.get("autre", "")
    champs = request.form.getlist("prendre")
    with commun.action(s):
        issue = curation.fusionner(s, garde, autre, champs, entier(request.form.get("version"))
                                   or 0, commun.utilisateur())
        if not issue.ecrite:
            raise ValueError("Fusion impossible, la fiche obtenue serait invalide : "
                             + "; ".join(p.message for p in issue.resultat.erreurs[:3]))
        commun.message(f"Fusion faite : l'ancienne adresse de {autre} mène désormais ici.")
        return redirect(url_for("edition.offre", offre_id=garde))
    return redirect(url_for("doublons.comparer", a=garde, b=autre))


@bp.post("/distincts")
@acces.connexion_requise(*acces.CURATEURS)
def distincts() -> ResponseReturnValue:
    s = db.session()
    with commun.action(s):
        curation.marquer_non_doublon(s, request.form.get("a", ""), request.form.get("b", ""),
                                     commun.utilisateur())
        commun.message("Noté : ces deux offres ne seront plus proposées comme doublons.")
    return redirect(url_for("doublons.liste", departement=request.form.get("departement")))
