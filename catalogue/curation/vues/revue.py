"""The review queue: new offers, upstream changes and conflicts, one by one or by import run."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from catalogue import db, formats, services
from catalogue.curation import acces, moderation, revue_structures
from catalogue.curation import services as curation
from catalogue.curation.vues import commun
from catalogue.models import ImportRun
from catalogue.protections import entier

bp = Blueprint("revue", __name__, url_prefix="/curation/revue")


@bp.get("/")
@acces.connexion_requise(*acces.CURATEURS)
def liste() -> ResponseReturnValue:
    nature = request.args.get("nature") if request.args.get("nature") in moderation.NATURES else None
    run_id = entier(request.args.get("run"))
    s, u = db.session(), commun.utilisateur()
    elements = curation.file_de_revue(s, u, nature, run_id)
    runs = Counter(e.item.run_id for e in elements if e.item.run_id is not None)
    return render_template("curation/revue_liste.html", elements=elements, nature=nature,
                           run_id=run_id, natures=moderation.NATURES,
                           natures_offres=moderation.NATURES_OFFRES,
                           structures=revue_structures.elements(s, u),
                           runs=[(s.get(ImportRun, r), n) for r, n in sorted(runs.items())])


@bp.get("/<int:revue_id>")
@acces.connexion_requise(*acces.CURATEURS)
def detail(revue_id: int) -> ResponseReturnValue:
    s = db.session()
    item = commun.item_ou_404(s, revue_id)
    offre = commun.offre_de_revue_ou_403(s, item)
    return render_template("curation/revue_detail.html", item=item, offre=offre,
                           lignes=curation.comparer(item, offre), natures=moderation.NATURES,
                           erreurs={})


@bp.post("/<int:revue_id>/approuver")
@acces.connexion_requise(*acces.CURATEURS)
def approuver(revue_id: int) -> ResponseReturnValue:
    s = db.session()
    item = commun.item_ou_404(s, revue_id)
    with commun.action(s):
        curation.approuver(s, revue_id, commun.utilisateur())
        commun.message(f"« {item.avant and item.avant.get('nom') or item.objet_id} » : "
                       "approuvé et publié." if item.nature == moderation.NOUVELLE else
                       "Modification appliquée." if item.nature == moderation.HORS_TERRITOIRE
                       else "Modification de la source appliquée.")
    return redirect(commun.suite_sure(request.form.get("suite")) or url_for("revue.liste"))


@bp.post("/<int:revue_id>/rejeter")
@acces.connexion_requise(*acces.CURATEURS)
def rejeter(revue_id: int) -> ResponseReturnValue:
    s = db.session()
    item = commun.item_ou_404(s, revue_id)
    motif = request.form.get("motif", "")
    if not motif.strip():
        offre = commun.offre_de_revue_ou_403(s, item)
        return render_template("curation/revue_detail.html", item=item, offre=offre,
                               lignes=curation.comparer(item, offre), natures=moderation.NATURES,
                               erreurs={"motif": ["Indiquez le motif du rejet."]}), 400
    with commun.action(s):
        curation.rejeter(s, revue_id, motif, commun.utilisateur())
        commun.message("Rejeté ; le motif est gardé dans l'historique.")
    return redirect(url_for("revue.liste"))


@bp.post("/<int:revue_id>/conflit")
@acces.connexion_requise(*acces.CURATEURS)
def resoudre(revue_id: int) -> ResponseReturnValue:
    s = db.session()
    item = commun.item_ou_404(s, revue_id)
    offre = commun.offre_curable_ou_403(s, item.objet_id)
    choix = {c: request.form.get(f"choix-{c}", "locale") for c in services.CHAMPS_SERVICE}
    with commun.action(s):
        issue = curation.resoudre_conflit(s, revue_id, choix, entier(request.form.get("version"))
                                          or 0, commun.utilisateur())
        if not issue.ecrite:
            s.rollback()
            return render_template("curation/revue_detail.html", item=item, offre=offre,
                                   lignes=curation.comparer(item, offre),
                                   natures=moderation.NATURES,
                                   erreurs=curation.erreurs_par_champ(issue.resultat)), 400
        commun.message("Conflit résolu : la fusion des deux versions est enregistrée.")
    return redirect(url_for("edition.offre", offre_id=offre.id))


@bp.post("/run/<int:run_id>/approuver")
@acces.connexion_requise(*acces.CURATEURS)
def approuver_run(run_id: int) -> ResponseReturnValue:
    s = db.session()
    if s.get(ImportRun, run_id) is None:
        abort(404, description=f"Aucun import n° {run_id}.")
    with commun.action(s):
        faits, restants = curation.approuver_run(s, run_id, commun.utilisateur())
        commun.message(f"Import n° {run_id} : {formats.compte(faits, 'élément approuvé')}"
                       + (f", {formats.compte(restants, 'laissé')} (conflits ou hors de votre territoire)."
                          if restants else "."))
    return redirect(url_for("revue.liste"))
