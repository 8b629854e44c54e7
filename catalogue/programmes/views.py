"""Pages of the programmes (blueprint `programmes`, under /programmes): thin wrappers around `service`.

Until accounts exist, a référent is their browser session: a random id kept in the signed session
cookie owns the programmes created from that browser. Demo programmes are visible to everyone, read
only; « Dupliquer » makes an editable copy.

Forms take slots as text (`lundi-vendredi 11:30-13:30`, one per line), which the validation reads
(`heures.lire_texte_creneaux`).
The search page links here with `?offre=<id>` on a programme page to add that offer.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from catalogue import db, formats
from catalogue.programmes import exports, service, suggestion
from catalogue.programmes import heures as h
from catalogue.programmes.erreurs import ProgrammeIntrouvable, SaisieInvalide
from catalogue.programmes.models import MotifReduction, Parcours, Programme
from catalogue.programmes.plan import tableau_semaines
from catalogue.programmes.validation import publics_permis
from catalogue.recherche import communes_du_lieu
from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import territoires, vocabulaires
from search import RAYON_KM_DEFAUT

bp = Blueprint("programmes", __name__, url_prefix="/programmes")
CLE_SESSION = "referent"


def referent() -> str:
    """The owner of the programmes: the signed-in référent's account, else this browser (so the
    demo works without an account; such programmes stay with the browser session)."""
    from catalogue.curation.acces import utilisateur_courant

    utilisateur = utilisateur_courant()
    if utilisateur is not None:
        return f"utilisateur:{utilisateur.id}"
    if CLE_SESSION not in session:
        session[CLE_SESSION] = secrets.token_urlsafe(16)
    return str(session[CLE_SESSION])


def _programme(programme_id: int, ecriture: bool = False) -> Programme:
    proprietaires = [referent()] if ecriture else [referent(), service.PROPRIETAIRE_DEMO]
    try:
        return service.trouver_programme(db.session(), programme_id, proprietaires)
    except ProgrammeIntrouvable as exc:
        abort(404, description=str(exc))


def _contexte_formulaire() -> dict[str, Any]:
    publics = vocabulaires.libelles("publics")
    return {"freins": ref_freins.FREINS, "parcours": list(Parcours), "motifs": list(MotifReduction),
            "publics": sorted(((p, publics[p]) for p in publics_permis()), key=lambda x: x[1])}


# ------------------------------------------------------------------------------------------------
# List, create, edit


@bp.get("/")
def liste() -> str:
    s = db.session()
    archives = request.args.get("archives") == "1"
    return render_template("programmes/liste.html", archives=archives,
                           programmes=service.lister_programmes(s, referent(), archives),
                           exemples=service.lister_programmes(s, service.PROPRIETAIRE_DEMO))


def donnees_programme(form: MultiDict[str, str]) -> dict[str, Any]:
    """Form fields -> what `service.creer_programme` reads (lists from checkboxes, slots from text,
    the commune's INSEE code from what was typed)."""
    donnees: dict[str, Any] = {cle: form.get(cle) for cle in (
        "libelle", "debut", "nombre_semaines", "cible_heures", "parcours", "motif_reduction")}
    donnees["commune"] = commune_choisie(form)
    donnees.update({cle: form.getlist(cle) for cle in ("publics", "freins", "freins_ailleurs")})
    donnees["indisponibilites"] = form.get("indisponibilites") or ""
    return donnees


def commune_choisie(form: Mapping[str, str]) -> str:
    """The INSEE code of the commune, typed as in the search (name, "Lens (62)", postal code or
    INSEE code) or chosen among homonyms (`commune_code`); empty when the text names no single
    commune — the form then says so and lists the candidates (`communes_candidates`)."""
    code = (form.get("commune_code") or "").strip()
    if code and territoires.commune(code) is not None:
        return code
    candidates = communes_candidates(form.get("commune") or "")
    return candidates[0].code if len(candidates) == 1 else ""


def communes_candidates(texte: str) -> list[territoires.Commune]:
    return communes_du_lieu(texte.strip()) if texte.strip() else []


def _erreurs_commune(form: Mapping[str, str], erreurs: dict[str, str]) -> dict[str, Any]:
    """The commune error in the search's words, with the communes to choose from."""
    texte = (form.get("commune") or "").strip()
    if "commune" not in erreurs or not texte:
        return {}
    candidates = communes_candidates(texte)
    erreurs["commune"] = (f"plusieurs communes correspondent à « {texte[:60]} » : choisissez-en une"
                          if candidates else f"commune introuvable « {texte[:60]} » : tapez son nom "
                          "ou son code postal")
    return {"communes": candidates}


def _valeurs_formulaire(p: Programme | None) -> dict[str, Any]:
    if p is None:  # a new programme starts next Monday unless the référent says otherwise
        lundi = date.today() + timedelta(days=7 - date.today().weekday())
        return {"nombre_semaines": 26, "cible_heures": 15, "debut": lundi.isoformat(),
                "parcours": Parcours.SOCIO_PROFESSIONNEL.value}
    return {"libelle": p.libelle, "commune": territoires.nom_zone(p.code_commune),
            "debut": p.debut.isoformat(),
            "nombre_semaines": p.nombre_semaines, "cible_heures": f"{p.cible_heures:g}",
            "parcours": p.parcours, "motif_reduction": p.motif_reduction, "publics": p.publics,
            "freins": p.freins, "freins_ailleurs": p.freins_ailleurs,
            "indisponibilites": h.texte_creneaux(p.indisponibilites)}


def _formulaire(programme: Programme | None, valeurs: Mapping[str, Any], erreurs: dict[str, str],
                statut: int = 200) -> ResponseReturnValue:
    communes = _erreurs_commune(request.form, erreurs) if request.method == "POST" else {}
    return render_template("programmes/formulaire.html", programme=programme, valeurs=valeurs,
                           erreurs=erreurs, **communes, **_contexte_formulaire()), statut


@bp.route("/nouveau", methods=["GET", "POST"])
def nouveau() -> ResponseReturnValue:
    if request.method == "GET":
        return _formulaire(None, _valeurs_formulaire(None), {})
    try:
        programme = service.creer_programme(db.session(), donnees_programme(request.form), referent())
    except SaisieInvalide as exc:
        return _formulaire(None, _valeurs_form(request.form), exc.par_champ(), 422)
    db.session().commit()
    return redirect(url_for("programmes.page", programme_id=programme.id))


def _valeurs_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """What was typed, to show it again next to the errors."""
    valeurs: dict[str, Any] = form.to_dict()
    valeurs.update({cle: form.getlist(cle) for cle in ("publics", "freins", "freins_ailleurs")})
    return valeurs


@bp.route("/<int:programme_id>/modifier", methods=["GET", "POST"])
def modifier(programme_id: int) -> ResponseReturnValue:
    programme = _programme(programme_id, ecriture=True)
    if request.method == "GET":
        return _formulaire(programme, _valeurs_formulaire(programme), {})
    try:
        service.modifier_programme(db.session(), programme, donnees_programme(request.form))
    except SaisieInvalide as exc:
        db.session().rollback()
        return _formulaire(programme, _valeurs_form(request.form), exc.par_champ(), 422)
    db.session().commit()
    return redirect(url_for("programmes.page", programme_id=programme_id))


# ------------------------------------------------------------------------------------------------
# The programme page


@bp.get("/<int:programme_id>")
def page(programme_id: int) -> ResponseReturnValue:
    programme = _programme(programme_id)
    return _page(programme, {}, {}, 200)


def _page(programme: Programme, valeurs: Mapping[str, Any], erreurs: Mapping[str, str],
          statut: int) -> ResponseReturnValue:
    s = db.session()
    vue = service.vue_programme(s, programme)
    offre_id = request.args.get("offre") or valeurs.get("offer_id")
    offre = service.offres_par_id(s, [offre_id]).get(offre_id) if offre_id else None
    if offre is not None and "creneaux" not in valeurs:
        valeurs = {**valeurs, "offer_id": offre["id"],
                   "creneaux": creneaux_proposes(offre, vue.plan.indisponibilites)}
    return render_template("programmes/programme.html", vue=vue, p=programme, offre=offre,
                           trouvees=offres_trouvees(programme, request.args.get("chercher", "")),
                           modifiable=programme.proprietaire == referent(), valeurs=valeurs,
                           erreurs=erreurs, freins=ref_freins.FREINS, texte_creneaux=h.texte_creneaux,
                           duree=h.duree_lisible, formats=exports.FORMATS,
                           fiche=exports.fiche(vue, semaine_choisie(programme.nombre_semaines)),
                           jours=h.NOMS_JOURS), statut


def offres_trouvees(programme: Programme, texte: str) -> list[dict[str, Any]] | None:
    """The offer picker: the first offers of a search from the programme's commune (same rules as
    the search page: eligible, published), to choose one to add. None when nothing was asked."""
    from catalogue.recherche import index
    from catalogue.views.recherche import offres_par_ids
    from search import Requete, RequeteInvalide

    texte = texte.strip()[:200]
    if not texte:
        return None
    try:
        resultat = index().search(Requete(programme.code_commune, q=texte, par_page=10))
    except RequeteInvalide:
        return []
    return [{"id": o.id, "nom": o.nom, "structure": s.nom if s else "", "commune": o.commune or "",
             "heures": o.volume_horaire_hebdomadaire, "horaires": o.horaires_accueil}
            for o, s in offres_par_ids(db.session(), [hit.id for hit in resultat.hits])]


def semaine_choisie(nombre_semaines: int) -> int:
    """The week the grid shows (`?semaine=N`), the first one by default or when out of range."""
    texte = request.args.get("semaine", "")
    numero = int(texte) if texte.isdigit() else 1
    return numero if 1 <= numero <= nombre_semaines else 1


def creneaux_proposes(offre: Mapping[str, Any], indisponibles: Iterable[h.Creneau] = ()) -> str:
    """Pre-filled slots: the offer's sessions when its opening hours add up to its weekly volume,
    less the times the person is not available."""
    horaires, volume = offre.get("horaires_accueil"), offre.get("volume_horaire_hebdomadaire")
    ouvert = h.ouvertures(horaires) if horaires else None
    if ouvert is None or volume is None or abs(h.heures_ouvertes(ouvert) - volume) > 0.01:
        return ""
    return h.texte_creneaux(h.sans_indisponibilites(ouvert, indisponibles))


def donnees_activite(form: MultiDict[str, str]) -> dict[str, Any]:
    donnees: dict[str, Any] = {cle: form.get(cle) for cle in (
        "offer_id", "libelle", "semaine_debut", "semaine_fin", "heures_saisies")}
    donnees["freins"] = form.getlist("freins")
    donnees["creneaux"] = form.get("creneaux") or ""
    return donnees


@bp.post("/<int:programme_id>/activites")
def ajouter(programme_id: int) -> ResponseReturnValue:
    programme = _programme(programme_id, ecriture=True)
    try:
        service.ajouter_activite(db.session(), programme, donnees_activite(request.form))
    except SaisieInvalide as exc:
        db.session().rollback()
        return _page(programme, request.form.to_dict(), exc.par_champ(), 422)
    db.session().commit()
    flash("Activité ajoutée.")
    return redirect(url_for("programmes.page", programme_id=programme_id) + "#semaines")


@bp.post("/<int:programme_id>/activites/<int:position>")
def modifier_activite(programme_id: int, position: int) -> ResponseReturnValue:
    programme = _programme(programme_id, ecriture=True)
    try:
        service.modifier_activite(db.session(), programme, position, donnees_activite(request.form))
    except SaisieInvalide as exc:
        db.session().rollback()
        erreurs = {f"activite-{position}-{k}": v for k, v in exc.par_champ().items()}
        return _page(programme, {}, erreurs, 422)
    except ProgrammeIntrouvable as exc:
        abort(404, description=str(exc))
    db.session().commit()
    return redirect(url_for("programmes.page", programme_id=programme_id) + f"#activite-{position}")


@bp.post("/<int:programme_id>/activites/<int:position>/retirer")
def retirer(programme_id: int, position: int) -> ResponseReturnValue:
    programme = _programme(programme_id, ecriture=True)
    try:
        service.retirer_activite(db.session(), programme, position)
    except ProgrammeIntrouvable as exc:
        abort(404, description=str(exc))
    db.session().commit()
    return redirect(url_for("programmes.page", programme_id=programme_id))


# ------------------------------------------------------------------------------------------------
# Suggestion, duplicate, archive, export


@bp.get("/<int:programme_id>/proposer")
def proposer(programme_id: int) -> ResponseReturnValue:
    """What the suggestion would add; nothing is written until the référent confirms. The référent
    sets the maximum number of activities (`?activites_max=`)."""
    programme = _programme(programme_id)
    saisie = request.args.get("activites_max")
    try:
        activites_max = service.lire_activites_max(saisie)
    except SaisieInvalide as exc:
        return _proposition(programme, suggestion.ACTIVITES_MAX, saisie, exc.par_champ(), 400)
    return _proposition(programme, activites_max, saisie, {}, 200)


def _proposition(programme: Programme, activites_max: int, saisie: str | None,
                 erreurs: Mapping[str, str], statut: int) -> ResponseReturnValue:
    s = db.session()
    proposition = service.proposer_pour(s, programme, activites_max)
    atteintes = sum(1 for semaine in tableau_semaines(proposition.plan) if semaine.atteinte)
    return render_template("programmes/proposition.html", p=programme, proposition=proposition,
                           atteintes_apres=atteintes, vue=service.vue_programme(s, programme),
                           modifiable=programme.proprietaire == referent(), duree=h.duree_lisible,
                           saisie=saisie if erreurs else activites_max, erreurs=erreurs,
                           activites_max_limite=suggestion.ACTIVITES_MAX_LIMITE,
                           activites_max_defaut=suggestion.ACTIVITES_MAX,
                           rayon_km=f"{RAYON_KM_DEFAUT:g}"), statut


@bp.post("/<int:programme_id>/proposer")
def appliquer(programme_id: int) -> ResponseReturnValue:
    programme = _programme(programme_id, ecriture=True)
    s = db.session()
    try:
        activites_max = service.lire_activites_max(request.form.get("activites_max"))
    except SaisieInvalide as exc:
        return _proposition(programme, suggestion.ACTIVITES_MAX, request.form.get("activites_max"),
                            exc.par_champ(), 400)
    ajoutees = service.appliquer_proposition(s, programme, service.proposer_pour(s, programme, activites_max))
    s.commit()
    flash(f"{formats.compte(len(ajoutees), 'activité ajoutée')} au programme.")
    return redirect(url_for("programmes.page", programme_id=programme_id) + "#semaines")


@bp.post("/<int:programme_id>/dupliquer")
def dupliquer(programme_id: int) -> ResponseReturnValue:
    copie = service.dupliquer_programme(db.session(), _programme(programme_id), referent(),
                                        request.form.get("libelle") or None)
    db.session().commit()
    flash("Programme dupliqué : adaptez-le à la personne.")
    return redirect(url_for("programmes.modifier", programme_id=copie.id))


@bp.post("/<int:programme_id>/archiver")
def archiver(programme_id: int) -> ResponseReturnValue:
    service.archiver_programme(db.session(), _programme(programme_id, ecriture=True))
    db.session().commit()
    flash("Programme archivé.")
    return redirect(url_for("programmes.liste"))


@bp.post("/<int:programme_id>/restaurer")
def restaurer(programme_id: int) -> ResponseReturnValue:
    service.restaurer_programme(db.session(), _programme(programme_id, ecriture=True))
    db.session().commit()
    return redirect(url_for("programmes.page", programme_id=programme_id))


@bp.get("/<int:programme_id>/export.<format>")
def exporter(programme_id: int, format: str) -> Response:
    if format not in exports.FORMATS:
        abort(404, description=f"Format d'export inconnu « {format} ».")
    vue = service.vue_programme(db.session(), _programme(programme_id))
    fichier = exports.exporter(vue, format)
    reponse = Response(fichier.contenu, content_type=fichier.type_mime)
    if format != "html":
        reponse.headers["Content-Disposition"] = f'attachment; filename="{fichier.nom_fichier}"'
    return reponse
