"""Structure duplicates of a département: candidates, side-by-side comparison, merge."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue import db
from catalogue.curation import acces, doublons_structures, fusion_structures, territoire
from catalogue.curation import services as curation
from catalogue.curation.doublons import Candidat
from catalogue.curation.historique import STRUCTURE, champs_de, enregistrement
from catalogue.curation.vues import commun
from catalogue.models import NonDoublon, Offer, Redirection, Structure

bp = Blueprint("doublons_structures", __name__, url_prefix="/curation/doublons/structures")

#: fields compared side by side (identity and date are not chosen)
CHAMPS = [c for c in champs_de(STRUCTURE) if c not in ("id", "source", "date_maj")]


def structures_du_departement(s: Session, dep: str) -> list[Structure]:
    """Live structures of a département: placed in it, or running an offer that touches it."""
    codes = sorted(territoire.codes_du_departement(dep))
    ids: set[str] = set()
    for i in range(0, len(codes), 900):
        ids |= set(s.exec(select(Structure.id).where(col(Structure.code_insee).in_(codes[i:i + 900]))))
    offres = sorted(territoire.ids_du_territoire(s, [dep]))
    for i in range(0, len(offres), 900):
        ids |= set(s.exec(select(Offer.structure_id).where(col(Offer.id).in_(offres[i:i + 900]))))
    absorbees = set(s.exec(select(Redirection.ancien_id).where(Redirection.objet == STRUCTURE)))
    trouvees: list[Structure] = []
    vivantes = sorted(ids - absorbees)
    for i in range(0, len(vivantes), 900):
        trouvees += s.exec(select(Structure).where(col(Structure.id).in_(vivantes[i:i + 900]))).all()
    return trouvees


def candidats_du_departement(s: Session, dep: str) -> list[Candidat]:
    """Candidates among the live structures of a département, minus pairs said distinct, each in
    the order the comparison proposes (the structure to keep first)."""
    exclus = {(n.id_a, n.id_b) for n in s.exec(select(NonDoublon).where(
        NonDoublon.objet == STRUCTURE))}
    return [_garder_la_premiere(s, c) for c in doublons_structures.candidats(
        structures_du_departement(s, dep), exclus)]


@bp.get("/")
@acces.connexion_requise(*acces.CURATEURS)
def liste() -> ResponseReturnValue:
    s, u = db.session(), commun.utilisateur()
    dep = commun.departement_choisi(u)
    candidats = candidats_du_departement(s, dep)
    structures = {i: s.get(Structure, i) for c in candidats for i in (c.a, c.b)}
    return render_template("curation/doublons_structures.html", candidats=candidats,
                           structures=structures, departement=dep,
                           departements=acces.departements_visibles(u))


def _garder_la_premiere(s: Session, c: Candidat) -> Candidat:
    """The pair in the order the comparison proposes: first the structure to keep — the one with
    more offers (fewer to move), else the one known first."""
    def rang(ident: str) -> tuple[int, str]:
        st = s.get(Structure, ident)
        nombre = s.exec(select(func.count()).where(Offer.structure_id == ident)).one()
        return -nombre, st.premiere_vue.isoformat() if st else ""
    return c if rang(c.a) <= rang(c.b) else Candidat(c.b, c.a, c.score, c.raisons)


@bp.get("/comparer")
@acces.connexion_requise(*acces.CURATEURS)
def comparer() -> ResponseReturnValue:
    s = db.session()
    a_id, b_id = (request.args.get("a") or "").strip(), (request.args.get("b") or "").strip()
    if not a_id or not b_id:
        abort(400, description="Indiquez les identifiants des deux structures à comparer (A et B).")
    try:
        a, b = fusion_structures.paire(s, a_id, b_id, commun.utilisateur())
    except ValueError as exc:
        abort(400, description=str(exc))
    except curation.Interdit as exc:
        abort(403, description=str(exc))
    except curation.Introuvable as exc:
        abort(404, description=str(exc))
    ea, eb = enregistrement(a, STRUCTURE), enregistrement(b, STRUCTURE)
    offres = {st.id: curation.offres_de_structure(s, st.id) for st in (a, b)}
    return render_template("curation/comparer_structures.html", a=a, b=b, ea=ea, eb=eb,
                           champs=CHAMPS, offres=offres,
                           differents=[c for c in CHAMPS if ea.get(c) != eb.get(c)],
                           candidat=doublons_structures.evaluer(a, b))


@bp.post("/fusionner")
@acces.connexion_requise(*acces.CURATEURS)
def fusionner() -> ResponseReturnValue:
    s = db.session()
    garde, autre = request.form.get("garde", ""), request.form.get("autre", "")
    pris = [c for c in CHAMPS if request.form.get(f"valeur_{c}") == "b"]
    empreintes = (request.form.get("empreinte_garde", ""), request.form.get("empreinte_autre", ""))
    with commun.action(s):
        issue = fusion_structures.fusionner(s, garde, autre, pris, empreintes,
                                            commun.utilisateur())
        if not issue.ecrite:
            raise ValueError("Fusion impossible, la structure obtenue serait invalide : "
                             + "; ".join(f"{p.champ} : {p.message}"
                                         for p in issue.resultat.erreurs[:3]))
        if issue.en_revue is not None:
            commun.message("Fusion envoyée en revue, rien n'est fusionné pour l'instant : ces "
                           "structures ou leurs offres touchent des départements hors de votre "
                           "territoire. Un animateur qui les couvre tous ou un administrateur "
                           "doit l'approuver.", "info")
        else:
            commun.message(f"Fusion faite : les offres de {autre} sont rattachées à cette "
                           "structure et son ancienne adresse mène désormais ici.")
        return redirect(url_for("edition.structure", structure_id=garde))
    if not garde or not autre or garde == autre:
        return redirect(url_for("doublons_structures.liste"))
    return redirect(url_for("doublons_structures.comparer", a=garde, b=autre))


@bp.post("/distinctes")
@acces.connexion_requise(*acces.CURATEURS)
def distinctes() -> ResponseReturnValue:
    s = db.session()
    with commun.action(s):
        fusion_structures.marquer_distinctes(s, request.form.get("a", ""), request.form.get("b", ""),
                                             commun.utilisateur())
        commun.message("Noté : ces deux structures ne seront plus proposées comme doublons.")
    return redirect(url_for("doublons_structures.liste",
                            departement=request.form.get("departement")))
