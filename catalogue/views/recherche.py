"""Search for référents: the page (server-rendered, works without JavaScript) and the communes
autocompletion. The JSON search API is `catalogue.api.routes` (data·inclusion's surface)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from sqlmodel import Session, col, select

from catalogue import db
from catalogue.models import Offer, Structure
from catalogue.recherche import communes_du_lieu, index, lignes_par_ids, requete_depuis
from catalogue.referentiels import freins, territoires, vocabulaires
from search import Requete, RequeteInvalide, Resultat

bp = Blueprint("recherche", __name__)


def offres_par_ids(session: Session, ids: list[str]) -> list[tuple[Offer, Structure | None]]:
    """Rows in the ranking order of the index."""
    if not ids:
        return []
    lignes = session.exec(select(Offer, Structure).join(Structure, isouter=True)
                          .where(col(Offer.id).in_(ids))).all()
    par_id = {o.id: (o, s) for o, s in lignes}
    return [par_id[i] for i in ids if i in par_id]


#: what a result card of `search/resultats.html` shows (the rest, raw record first, stays unread)
_CARTE_OFFRE = (Offer.id, Offer.structure_id, Offer.nom, Offer.type, Offer.volume_horaire_hebdomadaire,
                Offer.nombre_semaines, Offer.frais, Offer.modes_accueil, Offer.commune,
                Offer.thematiques, Offer.date_maj, Offer.score_qualite)
_CARTE_STRUCTURE = (Structure.id, Structure.nom)


def _chercher(req: Requete) -> Resultat:
    resultat = index().search(req)
    if req.page > 1 and req.page > resultat.pages:
        raise RequeteInvalide("page", f"la page {req.page} n'existe pas (il y a {resultat.pages} "
                              f"page{'s' if resultat.pages > 1 else ''})")
    return resultat


@bp.get("/")
def accueil() -> str:
    return render_template("search/accueil.html", freins=freins.FREINS,
                           communes_exemple=["Lens", "Rennes", "Mende"])


@bp.get("/recherche")
def page_resultats() -> ResponseReturnValue:
    try:
        req = requete_depuis(request.args)
        resultat = _chercher(req)
    except RequeteInvalide as exc:
        return render_template("search/accueil.html", freins=freins.FREINS, erreur=exc,
                               communes_exemple=["Lens", "Rennes", "Mende"],
                               communes=_propositions(request.args.get("lieu"))), 400
    with db.lecture() as connexion:
        offres = lignes_par_ids(connexion, [h.id for h in resultat.hits], _CARTE_OFFRE,
                                _CARTE_STRUCTURE)
    hits = {h.id: h for h in resultat.hits}
    commune = territoires.commune(req.commune) if req.commune else None
    return render_template("search/resultats.html", req=req, resultat=resultat, offres=offres,
                           hits=hits, commune=commune, facettes=_facettes(resultat, req),
                           programme=_programme_en_cours(), freins=freins.FREINS,
                           filtres_actifs=_filtres_actifs(req),
                           autres_filtres=_autres_filtres(req))


def _programme_en_cours() -> Any:
    """The programme this search was started from (`programme=ID`), if the user may change it:
    its results then offer « Ajouter au programme »."""
    from catalogue.programmes import service
    from catalogue.programmes.erreurs import ProgrammeIntrouvable
    from catalogue.programmes.views import referent

    texte = request.args.get("programme", "")
    if not texte.isdigit():
        return None
    try:
        return service.trouver_programme(db.session(), int(texte), [referent()])
    except ProgrammeIntrouvable:
        return None


def _propositions(texte: str | None) -> list[Any]:
    """Communes to choose from when the typed place is unknown or ambiguous."""
    if not texte or not texte.strip():
        return []
    return communes_du_lieu(texte.strip()) or territoires.rechercher_communes(texte, 8)


def _filtres_actifs(req: Requete) -> int:
    return sum(len(getattr(req, nom)) for nom in _TITRES) + (req.heures_connues is not None)


def _autres_filtres(req: Requete) -> list[tuple[str, str]]:
    """The filters chosen in the facets (all but the freins, which the search form shows as boxes):
    « Modifier la recherche » carries them so changing the commune keeps them."""
    paires = [(nom, valeur) for nom in _TITRES if nom != "freins" for valeur in getattr(req, nom)]
    if req.heures_connues is not None:
        paires.append(("heures_connues", "oui" if req.heures_connues else "non"))
    return paires


_TITRES = {"freins": "Freins", "categories": "Besoins", "publics": "Publics", "types": "Type",
           "frais": "Frais", "modes_accueil": "Mode d'accueil"}


def _facettes(resultat: Resultat, req: Requete) -> list[dict[str, Any]]:
    """Facets for the page: label, count and whether the value is selected."""
    sortie = []
    for nom, titre in _TITRES.items():
        choisis = set(getattr(req, nom))
        comptes = [(v, n) for v, n in resultat.facets.get(nom, {}).items() if n or v in choisis]
        comptes.sort(key=lambda vn: (-vn[1], _libelle(nom, vn[0])))
        valeurs = [{"valeur": v, "libelle": _libelle(nom, v), "compte": n, "choisi": v in choisis}
                   for v, n in comptes]
        sortie.append({"nom": nom, "titre": titre, "valeurs": valeurs})
    return sortie


def _libelle(nom: str, valeur: str) -> str:
    if nom == "freins":
        return freins.PAR_SLUG[valeur].label
    champ = {"categories": "categories", "types": "type"}.get(nom, nom)
    return vocabulaires.libelles(champ).get(valeur, valeur)


# ------------------------------------------------------------------------------------------------
# JSON API


@bp.get("/api/v1/communes")
def api_communes() -> ResponseReturnValue:
    texte = request.args.get("q", "")
    return jsonify([{"code": c.code, "nom": c.nom, "departement": c.departement,
                     "codes_postaux": list(c.codes_postaux)}
                    for c in territoires.rechercher_communes(texte, 10)] if texte.strip() else [])
