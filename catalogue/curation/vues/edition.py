"""An offer or a structure seen by its animateur: quality, history, actions, and the edit forms."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlmodel import Session, select

from catalogue import db, services
from catalogue.curation import (
    acces,
    formulaires,
    fusion_structures,
    historique,
    moderation,
    qualite,
    revue_structures,
)
from catalogue.curation import services as curation
from catalogue.curation.historique import OFFRE, STRUCTURE, enregistrement
from catalogue.curation.moderation import EN_ATTENTE
from catalogue.curation.vues import commun
from catalogue.models import Offer, Revue, Statut, Structure, Utilisateur
from catalogue.protections import entier

bp = Blueprint("edition", __name__, url_prefix="/curation")


def _structure_ou_erreur(s: Session, structure_id: str) -> Structure:
    try:
        return curation.structure_curable(s, structure_id, commun.utilisateur())
    except curation.Interdit as exc:
        abort(403, description=str(exc))
    except curation.Introuvable as exc:
        abort(404, description=str(exc))


def _auteurs(s: Session, modifications: list[Any]) -> dict[int, str]:
    ids = {m.auteur_id for m in modifications if m.auteur_id}
    if not ids:
        return {}
    return {u.id or 0: u.nom or u.courriel for u in s.exec(select(Utilisateur).where(
        Utilisateur.id.in_(ids)))}  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------------------
# Offer


@bp.get("/offres/<path:offre_id>")
@acces.connexion_requise(*acces.CURATEURS)
def offre(offre_id: str) -> ResponseReturnValue:
    s = db.session()
    if (nouvel := curation.redirection(s, offre_id)) is not None:
        return redirect(url_for("edition.offre", offre_id=nouvel), 301)
    o = commun.offre_curable_ou_403(s, offre_id)
    modifications = historique.historique(s, OFFRE, o.id)
    sv = s.get(curation.SuiviCuration, (OFFRE, o.id))
    frequence = sv.frequence_maj_mois if sv and sv.frequence_maj_mois is not None else \
        current_app.config["FREQUENCE_MAJ_DEFAUT"]
    attentes = s.exec(select(Revue).where(Revue.objet_id == o.id, Revue.statut == EN_ATTENTE)).all()
    return render_template(
        "curation/offre.html", offre=o, structure=s.get(Structure, o.structure_id),
        qualite=qualite.qualite_actuelle(o), a_completer=qualite.a_completer(o),
        modifications=modifications, auteurs=_auteurs(s, modifications), suivi=sv,
        frequence=frequence, echeance=qualite.echeance(o, frequence), attentes=attentes,
        frequences=curation.LIBELLES_FREQUENCE, origines=historique.LIBELLES_ORIGINE)


@bp.route("/offres/<path:offre_id>/modifier", methods=["GET", "POST"])
@acces.connexion_requise(*acces.CURATEURS)
def modifier_offre(offre_id: str) -> ResponseReturnValue:
    s = db.session()
    o = commun.offre_curable_ou_403(s, offre_id)
    sections = formulaires.SECTIONS_OFFRE
    if request.method == "GET":
        return _formulaire_offre(o, formulaires.valeurs(enregistrement(o, OFFRE)), {}, o.version)
    version = entier(request.form.get("version")) or 0
    saisies = formulaires.valeurs_saisies(request.form, sections)
    try:
        issue = curation.modifier_offre(s, o.id, formulaires.lire(request.form, sections), version,
                                        commun.utilisateur())
    except services.VersionPerimee:
        return _perimee(s, o, saisies)
    if not issue.ecrite:
        s.rollback()
        return _formulaire_offre(o, saisies, _erreurs(issue), version), 400
    s.commit()
    if issue.en_revue is not None:
        commun.message("Modification envoyée en revue, rien n'est changé pour l'instant : elle "
                       "étend l'offre hors de votre territoire. Un animateur du territoire "
                       "concerné ou un administrateur doit l'approuver.", "info")
    else:
        commun.message("Offre enregistrée." if issue.changements else "Aucun changement.")
    return redirect(url_for("edition.offre", offre_id=o.id))


def _perimee(s: Session, o: Offer, saisies: dict[str, Any]) -> tuple[str, int]:
    """Someone saved in between: nothing written; the form keeps what was typed, shows what the
    other person changed, and carries the new version (saving again is a deliberate choice)."""
    s.rollback()
    s.refresh(o)
    autres = historique.historique(s, OFFRE, o.id)[:1]
    return _formulaire_offre(o, saisies, {}, o.version, perimee=True, autres=autres), 409


def _erreurs(issue: curation.Issue) -> dict[str, list[str]]:
    erreurs = curation.erreurs_par_champ(issue.resultat)
    for champ, vers in formulaires.CHAMP_DU_FORMULAIRE.items():
        if champ in erreurs:
            erreurs.setdefault(vers, []).extend(erreurs.pop(champ))
    return erreurs


def _formulaire_offre(o: Offer, valeurs: dict[str, Any], erreurs: dict[str, list[str]],
                      version: int, perimee: bool = False, autres: list[Any] | None = None) -> str:
    return render_template("curation/formulaire.html", objet=o, titre=o.nom, sorte=OFFRE,
                           sections=formulaires.SECTIONS_OFFRE, valeurs=valeurs, erreurs=erreurs,
                           jeton_version=version, perimee=perimee, autres=autres or [],
                           action=url_for("edition.modifier_offre", offre_id=o.id),
                           retour=url_for("edition.offre", offre_id=o.id))


@bp.post("/offres/<path:offre_id>/confirmer")
@acces.connexion_requise(*acces.CURATEURS)
def confirmer(offre_id: str) -> ResponseReturnValue:
    s = db.session()
    with commun.action(s):
        curation.confirmer_a_jour(s, offre_id, commun.utilisateur())
        commun.message("Confirmée toujours à jour : date de mise à jour passée à aujourd'hui.")
    return redirect(commun.suite_sure(request.form.get("suite"))
                    or url_for("edition.offre", offre_id=offre_id))


@bp.post("/offres/<path:offre_id>/statut")
@acces.connexion_requise(*acces.CURATEURS)
def statut(offre_id: str) -> ResponseReturnValue:
    s = db.session()
    nouveau = request.form.get("statut", "")
    with commun.action(s):
        if nouveau not in {st.value for st in Statut}:
            raise ValueError(f"Statut inconnu « {nouveau[:20]} ».")
        curation.changer_statut(s, offre_id, nouveau, entier(request.form.get("version")),
                                commun.utilisateur(), request.form.get("motif") or None)
        commun.message(f"Statut : {Statut(nouveau).libelle}.")
    return redirect(url_for("edition.offre", offre_id=offre_id))


@bp.post("/offres/<path:offre_id>/frequence")
@acces.connexion_requise(*acces.CURATEURS)
def frequence(offre_id: str) -> ResponseReturnValue:
    s = db.session()
    with commun.action(s):
        curation.definir_frequence(s, offre_id, entier(request.form.get("mois")) or -1,
                                   commun.utilisateur())
        commun.message("Fréquence de mise à jour enregistrée.")
    return redirect(url_for("edition.offre", offre_id=offre_id))


# ------------------------------------------------------------------------------------------------
# Structure


@bp.get("/structures/<path:structure_id>")
@acces.connexion_requise(*acces.CURATEURS)
def structure(structure_id: str) -> ResponseReturnValue:
    s = db.session()
    if (nouvelle := fusion_structures.redirection(s, structure_id)) is not None:
        return redirect(url_for("edition.structure", structure_id=nouvelle), 301)
    st = _structure_ou_erreur(s, structure_id)
    modifications = historique.historique(s, STRUCTURE, st.id)
    offres = s.exec(select(Offer).where(Offer.structure_id == st.id).order_by(Offer.nom)).all()
    attentes = [(c, historique.difference(c.avant if c.nature not in revue_structures.PAR_VERSION
                                          else enregistrement(st, STRUCTURE), c.proposee or {},
                                          [x for x in historique.champs_de(STRUCTURE)
                                           if x != "date_maj"]))
                for c in revue_structures.en_attente(s, st.id)]
    return render_template("curation/structure.html", structure=st, offres=offres,
                           modifications=modifications, auteurs=_auteurs(s, modifications),
                           origines=historique.LIBELLES_ORIGINE, attentes=attentes,
                           questions=revue_structures.QUESTIONS, natures_revue=moderation.NATURES,
                           par_version=revue_structures.PAR_VERSION)


@bp.post("/structures/revue/<int:revue_id>")
@acces.connexion_requise(*acces.CURATEURS)
def revue_structure(revue_id: int) -> ResponseReturnValue:
    """Approve or reject a structure edit or merge that waited for a curator of its territory."""
    s = db.session()
    item = commun.item_ou_404(s, revue_id)
    decision = request.form.get("decision", "")
    with commun.action(s):
        if decision == "approuver":
            revue_structures.approuver(s, revue_id, commun.utilisateur())
            commun.message("Changement approuvé et appliqué.")
        elif decision == "rejeter":
            revue_structures.rejeter(s, revue_id, request.form.get("motif", ""),
                                     commun.utilisateur())
            commun.message("Changement rejeté : rien n'a été appliqué.")
        else:
            raise ValueError("Décision inconnue : approuver ou rejeter.")
    return redirect(url_for("edition.structure", structure_id=item.objet_id))


@bp.post("/structures/conflit/<int:revue_id>")
@acces.connexion_requise(*acces.CURATEURS)
def conflit_structure(revue_id: int) -> ResponseReturnValue:
    s = db.session()
    item = commun.item_ou_404(s, revue_id)
    with commun.action(s):
        curation.resoudre_conflit_structure(s, revue_id, request.form.get("garder", ""),
                                            commun.utilisateur())
        commun.message("Conflit résolu.")
    return redirect(url_for("edition.structure", structure_id=item.objet_id))


@bp.route("/structures/<path:structure_id>/modifier", methods=["GET", "POST"])
@acces.connexion_requise(*acces.CURATEURS)
def modifier_structure(structure_id: str) -> ResponseReturnValue:
    s = db.session()
    st = _structure_ou_erreur(s, structure_id)
    sections = formulaires.SECTIONS_STRUCTURE
    if request.method == "GET":
        return _formulaire_structure(st, formulaires.valeurs(enregistrement(st, STRUCTURE)), {},
                                     st.empreinte)
    jeton = request.form.get("version", "")
    saisies = formulaires.valeurs_saisies(request.form, sections)
    try:
        issue = curation.modifier_structure(s, st.id, formulaires.lire(request.form, sections),
                                            jeton, commun.utilisateur())
    except services.VersionPerimee:
        s.rollback()
        s.refresh(st)
        return _formulaire_structure(st, saisies, {}, st.empreinte, perimee=True), 409
    if not issue.ecrite:
        s.rollback()
        return _formulaire_structure(st, saisies, _erreurs(issue), jeton), 400
    s.commit()
    if issue.en_revue is not None:
        commun.message("Modification envoyée en revue, rien n'est changé pour l'instant : cette "
                       "structure ou ses offres touchent des départements hors de votre "
                       "territoire. Un animateur qui les couvre tous ou un administrateur doit "
                       "l'approuver.", "info")
    else:
        commun.message("Structure enregistrée.")
    return redirect(url_for("edition.structure", structure_id=st.id))


def _formulaire_structure(st: Structure, valeurs: dict[str, Any], erreurs: dict[str, list[str]],
                          jeton: str, perimee: bool = False) -> str:
    return render_template("curation/formulaire.html", objet=st, titre=st.nom, sorte=STRUCTURE,
                           sections=formulaires.SECTIONS_STRUCTURE, valeurs=valeurs,
                           erreurs=erreurs, jeton_version=jeton, perimee=perimee, autres=[],
                           action=url_for("edition.modifier_structure", structure_id=st.id),
                           retour=url_for("edition.structure", structure_id=st.id))


@bp.get("/zones")
@acces.connexion_requise(*acces.CURATEURS)
def zones() -> ResponseReturnValue:
    """Suggestions for the zone field: départements, intercommunalités, communes (JSON)."""
    return jsonify(formulaires.suggestions_de_zones(request.args.get("q", "")[:80]))
