"""The "à compléter" and "à actualiser" lists of a département."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from catalogue import db
from catalogue.curation import acces, moderation, qualite, territoire
from catalogue.curation.historique import OFFRE
from catalogue.curation.vues import commun
from catalogue.models import Statut

bp = Blueprint("qualite", __name__, url_prefix="/curation/qualite")

LISTES = {"a-completer": "À compléter", "a-actualiser": "À actualiser"}
STATUTS_SUIVIS = (Statut.PUBLIEE.value, Statut.BROUILLON.value, Statut.SUSPENDUE.value)


@bp.get("/")
@acces.connexion_requise(*acces.CURATEURS)
def liste() -> ResponseReturnValue:
    s, u = db.session(), commun.utilisateur()
    dep = commun.departement_choisi(u)
    nom_liste = request.args.get("liste") if request.args.get("liste") in LISTES else "a-completer"
    offres = territoire.offres(s, territoire.ids_du_territoire(s, [dep]), STATUTS_SUIVIS)
    offres = [o for o in offres if acces.peut_curer_offre(u, o)]
    defaut = current_app.config["FREQUENCE_MAJ_DEFAUT"]
    frequences = {i: sv.frequence_maj_mois for i, sv in moderation.suivis(
        s, OFFRE, [o.id for o in offres]).items() if sv.frequence_maj_mois is not None}
    if nom_liste == "a-completer":
        lignes = [(o, qualite.a_completer(o)) for o in offres]
        lignes = sorted([(o, m) for o, m in lignes if m], key=lambda om: (-len(om[1]), om[0].nom))
    else:
        lignes = [(o, [f"Mise à jour le {o.date_maj.strftime('%d/%m/%Y')}, à revoir tous les "
                       f"{frequences.get(o.id, defaut)} mois"])
                  for o in sorted(offres, key=lambda o: o.date_maj)
                  if qualite.a_actualiser(o, frequences.get(o.id, defaut))]
    return render_template("curation/qualite.html", lignes=lignes, liste=nom_liste, listes=LISTES,
                           departement=dep, departements=acces.departements_visibles(u),
                           resume=qualite.resume(offres, frequences, defaut))
