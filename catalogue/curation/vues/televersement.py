"""« Importer des fichiers » in the curation workspace: upload, dry-run report, confirmation,
progress (`catalogue.curation.televersement` does the work). Signed-in animateurs and admins only;
every form carries the CSRF token; the size limit (`TELEVERSEMENT_TAILLE_MAX`) is stated on the
page and enforced before the view by `catalogue.protections.taille_max`."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from catalogue import db, formats
from catalogue.curation import acces
from catalogue.curation import televersement as tv
from catalogue.curation.vues import commun
from catalogue.models import Role
from catalogue.protections import refuser_fichiers_trop_gros, taille_max

bp = Blueprint("televersement", __name__, url_prefix="/curation/imports")


def _racine() -> Path:
    return Path(current_app.config["TELEVERSEMENTS_DIR"])


def _taille_max() -> int:
    return int(current_app.config["TELEVERSEMENT_TAILLE_MAX"])


def _formulaire(erreur: str | None = None, statut: int = 200) -> ResponseReturnValue:
    from importers import FORMATS

    return render_template("curation/import_nouveau.html", erreur=erreur, formats=FORMATS,
                           taille_max=taille_lisible(_taille_max()),
                           admin=commun.utilisateur().role == Role.ADMIN), statut


def taille_lisible(octets: int) -> str:
    return f"{formats.nombre(octets / 1024 / 1024, 0)} Mo"


@bp.get("/nouveau")
@acces.connexion_requise(*acces.CURATEURS)
def nouveau() -> ResponseReturnValue:
    return _formulaire()


@bp.post("/nouveau")
@acces.connexion_requise(*acces.CURATEURS)
@taille_max("TELEVERSEMENT_TAILLE_MAX")  # uploads take more than forms (docs/securite.md)
def envoyer() -> ResponseReturnValue:
    from importers import FORMATS

    format_ = request.form.get("format") or None
    if format_ is not None and format_ not in FORMATS:
        return _formulaire(f"Format inconnu « {format_[:30]} ».", 422)
    u = commun.utilisateur()
    jeton, dossier = tv.nouveau_dossier(_racine())
    try:
        chemins = tv.enregistrer_fichiers(request.files.getlist("fichiers"), dossier)
        if sum(c.stat().st_size for c in chemins) > _taille_max():
            shutil.rmtree(dossier, ignore_errors=True)
            refuser_fichiers_trop_gros(_taille_max())
        format_reconnu = tv.verifier_format(chemins, format_)
    except tv.TeleversementRefuse as exc:
        shutil.rmtree(dossier, ignore_errors=True)
        return _formulaire(str(exc), 422)
    publier = u.role == Role.ADMIN and request.form.get("publier") == "oui"
    tv.preparer(dossier, tv.Demande(u.id or 0, format_, publier), format_reconnu)
    _lancer(dossier, "a-blanc")
    return redirect(url_for("televersement.suivi", jeton=jeton))


def _lancer(dossier: Path, etape: str) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    tv.lancer(dossier, db.engine(), etape, current_app.config["IMPORT_BATCH_SIZE"],
              app.app_context)


def _dossier_a_moi(jeton: str) -> Path:
    """The upload's folder; someone else's upload is not found (like a programme)."""
    dossier = tv.dossier_de(_racine(), jeton)
    u = commun.utilisateur()
    if dossier is None or (tv.lire_etat(dossier)["utilisateur_id"] != u.id
                           and u.role != Role.ADMIN):
        abort(404, description="Aucun envoi de fichiers à cette adresse.")
    return dossier


@bp.get("/<jeton>")
@acces.connexion_requise(*acces.CURATEURS)
def suivi(jeton: str) -> ResponseReturnValue:
    etat = tv.lire_etat(_dossier_a_moi(jeton))
    return render_template("curation/import_suivi.html", etat=etat, jeton=jeton)


@bp.post("/<jeton>/confirmer")
@acces.connexion_requise(*acces.CURATEURS)
def confirmer(jeton: str) -> ResponseReturnValue:
    dossier = _dossier_a_moi(jeton)
    etat = tv.lire_etat(dossier)
    if etat["etape"] != "a-blanc" or etat["statut"] != "fini":
        commun.message("Cet envoi n'attend pas de confirmation.", "erreur")
    else:
        _lancer(dossier, "import")
    return redirect(url_for("televersement.suivi", jeton=jeton))
