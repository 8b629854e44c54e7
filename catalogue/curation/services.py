"""Curation actions: the animateur's writes, each one a call into `catalogue.services` (the one
write path shared with the importers), each one validated by `catalogue.validation`, recorded in
the history, and noted for the search index.

Every function takes the acting user, checks the territory rule (`acces.peut_curer_offre`), and
leaves the commit to the caller (a view or a test), like the import path does.

Optimistic locking: an edit carries the `version` of the offer it started from (the fingerprint
for a structure); if another edit landed in between, `services.VersionPerimee` is raised and
nothing is written — the form shows what the other person changed and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from catalogue import services
from catalogue.curation import acces, historique, moderation
from catalogue.curation.historique import OFFRE, STRUCTURE, enregistrement
from catalogue.models import (
    NonDoublon,
    Offer,
    Redirection,
    Revue,
    Role,
    Statut,
    Structure,
    SuiviCuration,
    Utilisateur,
    maintenant,
)
from catalogue.referentiels import territoires
from catalogue.validation import Probleme, Resultat, valider_service, valider_structure

FREQUENCES = (1, 3, 6, 12, 16, 0)
LIBELLES_FREQUENCE = {1: "Tous les mois", 3: "Tous les 3 mois", 6: "Tous les 6 mois",
                      12: "Tous les ans", 16: "Tous les 16 mois", 0: "Jamais"}


class Interdit(PermissionError):
    """The user may not curate this record (role or territory)."""


class Introuvable(LookupError):
    """No such record or queue item (or no longer pending)."""


@dataclass
class Issue:
    """What an edit did: the validation result and, when written, the changes per field; or the
    queue item it waits in (`en_revue`) when it takes the offer out of its editor's territory."""

    resultat: Resultat
    changements: dict[str, Any] = field(default_factory=dict)
    en_revue: Revue | None = None

    @property
    def ecrite(self) -> bool:
        return self.resultat.valide


# ------------------------------------------------------------------------------------------------
# Helpers


def _offre(s: Session, offre_id: str, u: Utilisateur) -> Offer:
    offre = s.get(Offer, offre_id)
    if offre is None:
        raise Introuvable(f"Aucune offre « {offre_id} ».")
    if not acces.peut_curer_offre(u, offre):
        raise Interdit("Cette offre n'est pas sur votre territoire.")
    return offre


def structure_curable(s: Session, structure_id: str, u: Utilisateur) -> Structure:
    structure = s.get(Structure, structure_id)
    if structure is None:
        raise Introuvable(f"Aucune structure « {structure_id} ».")
    if not acces.peut_curer_structure(u, structure, offres_de_structure(s, structure_id)):
        raise Interdit("Cette structure n'est pas sur votre territoire.")
    return structure


def offres_de_structure(s: Session, structure_id: str) -> list[Offer]:
    return list(s.exec(select(Offer).where(Offer.structure_id == structure_id)))


def offre_curable(s: Session, offre_id: str, u: Utilisateur) -> Offer:
    return _offre(s, offre_id, u)


def suivi(s: Session, objet: str, ident: str) -> SuiviCuration:
    """The curation row of a record, created (not yet added) when missing."""
    return s.get(SuiviCuration, (objet, ident)) or SuiviCuration(objet=objet, objet_id=ident)


def _auteur(u: Utilisateur, origine: str, commentaire: str | None = None) -> services.Auteur:
    return services.Auteur(utilisateur_id=u.id, origine=origine, commentaire=commentaire)


def marquer_edite(s: Session, objet: str, ligne: Offer | Structure, u: Utilisateur) -> None:
    """Before the first hand edit, the row *is* the last imported version: keep it as the base
    of a future conflict."""
    sv = suivi(s, objet, ligne.id)
    if sv.empreinte_import is None:
        sv.empreinte_import = ligne.empreinte
        sv.donnees_import = enregistrement(ligne, objet)
    sv.edite_le, sv.edite_par = maintenant(), u.id
    s.add(sv)


def _ecrire(resultat: Resultat) -> services.AEcrire:
    assert resultat.donnees is not None
    return services.AEcrire(resultat.donnees, {}, services.qualite(resultat.modele))


# ------------------------------------------------------------------------------------------------
# Hand edits


def modifier_offre(s: Session, offre_id: str, saisie: Mapping[str, Any], version: int,
                   u: Utilisateur) -> Issue:
    """Edit an offer: the typed fields over the current record, validated by the importers' rules.
    Identity fields (id, source, structure) are not editable; `date_maj` becomes today, since a
    person just checked the offer. Invalid: nothing written, errors per field."""
    offre = _offre(s, offre_id, u)
    enreg = {**enregistrement(offre, OFFRE), **saisie, "id": offre.id, "source": offre.source,
             "structure_id": offre.structure_id, "date_maj": date.today().isoformat()}
    resultat = valider_service(enreg)
    if not resultat.valide or resultat.donnees is None:
        return Issue(resultat)
    if sort_du_territoire(u, offre, resultat.donnees):
        if offre.version != version:
            raise services.VersionPerimee(offre.id)
        return Issue(resultat, en_revue=_mettre_en_revue(s, offre, resultat.donnees, u))
    marquer_edite(s, OFFRE, offre, u)
    changements = services.reecrire_offre(s, _ecrire(resultat), version, _auteur(u, "edition"))
    return Issue(resultat, changements)


def portee(offre: Offer | Mapping[str, Any]) -> set[str]:
    """Départements an offer reaches (its place, its zone), plus `france` when its zone is
    national (no zone, `france`, a country)."""
    lire = offre.get if isinstance(offre, Mapping) else lambda c: getattr(offre, c)
    zone = list(lire("zone_eligibilite") or ())
    nationale = not zone or any(not acces.departements_de_zone(z) for z in zone)
    return acces.departements_offre(dict(zone_eligibilite=zone, code_insee=lire("code_insee"))) | (
        {"france"} if nationale else set())


def sort_du_territoire(u: Utilisateur, avant: Offer | Mapping[str, Any],
                       apres: Mapping[str, Any]) -> bool:
    """An animateur's edit that makes the offer reach a département outside their territory, or
    the whole country, that it did not reach before (an admin's territory is everywhere). The
    same test says who may approve such an edit: someone for whom it stays inside."""
    if u.role == Role.ADMIN:
        return False
    return bool(portee(apres) - portee(avant) - set(u.departements))


#: why an animateur may not apply a structure edit or merge that reaches beyond their territory
HORS_TERRITOIRE_STRUCTURE = ("Cette structure ou ses offres touchent des départements hors de "
                             "votre territoire : un animateur qui les couvre tous ou un "
                             "administrateur relit ce changement.")


def portee_structure(structure: Structure | Mapping[str, Any], offres: Iterable[Offer]) -> set[str]:
    """Départements a structure reaches: its address's, and every one its offers touch (place
    or zone, as `acces.departements_offre` says for curating them)."""
    lire = structure.get if isinstance(structure, Mapping) else lambda c: getattr(structure, c)
    code = lire("code_insee")
    lieu = territoires.commune(str(code)) if code else None
    deps = {lieu.departement} if lieu else set()
    for o in offres:
        deps |= acces.departements_offre(o)
    return deps


def hors_territoire(u: Utilisateur, departements: set[str]) -> bool:
    """Whether a change reaching these départements is beyond this user's territory (never for an
    admin): it then waits for someone whose territory covers them all."""
    return u.role != Role.ADMIN and bool(departements - set(u.departements))


def _mettre_en_revue(s: Session, offre: Offer, donnees: Mapping[str, Any],
                     u: Utilisateur) -> Revue:
    """Queue the edit, not applied, for someone whose territory covers the proposed version."""
    item = Revue(objet=OFFRE, objet_id=offre.id, nature=moderation.HORS_TERRITOIRE,
                 avant=enregistrement(offre, OFFRE), proposee=enregistrement(donnees, OFFRE),
                 motif=f"Proposée par {u.nom or u.courriel}.")
    s.add(item)
    s.flush()
    return item


def modifier_structure(s: Session, structure_id: str, saisie: Mapping[str, Any], empreinte: str,
                       u: Utilisateur) -> Issue:
    """Edit a structure. Its values show on every offer it runs: when it or they reach a
    département outside the editor's territory (before or after the edit), the edit waits in the
    review queue for someone whose territory covers them all, and is not applied before."""
    structure = structure_curable(s, structure_id, u)
    enreg = {**enregistrement(structure, STRUCTURE), **saisie, "id": structure.id,
             "source": structure.source, "date_maj": date.today().isoformat()}
    resultat = valider_structure(enreg)
    if not resultat.valide or resultat.donnees is None:
        return Issue(resultat)
    portee_ = (portee_structure(structure, offres_de_structure(s, structure.id))
               | portee_structure(resultat.donnees, []))
    if hors_territoire(u, portee_):
        if structure.empreinte != empreinte:
            raise services.VersionPerimee(structure.id)
        item = Revue(objet=STRUCTURE, objet_id=structure.id, nature=moderation.HORS_TERRITOIRE,
                     avant=enregistrement(structure, STRUCTURE), empreinte=structure.empreinte,
                     proposee=enregistrement(resultat.donnees, STRUCTURE),
                     motif=f"Proposée par {u.nom or u.courriel}.")
        s.add(item)
        s.flush()
        return Issue(resultat, en_revue=item)
    marquer_edite(s, STRUCTURE, structure, u)
    a = services.AEcrire(resultat.donnees, {})
    changements = services.reecrire_structure(s, a, empreinte, _auteur(u, "edition"))
    return Issue(resultat, changements)


# ------------------------------------------------------------------------------------------------
# Status, freshness


def changer_statut(s: Session, offre_id: str, statut: str, version: int | None, u: Utilisateur,
                   motif: str | None = None) -> None:
    _offre(s, offre_id, u)
    origine = "archivage" if statut == Statut.ARCHIVEE else "statut"
    services.changer_statut(s, offre_id, Statut(statut).value, version, _auteur(u, origine, motif))


def confirmer_a_jour(s: Session, offre_id: str, u: Utilisateur) -> None:
    """« Toujours à jour »: `date_maj` becomes today (and the freshness score follows). Not a hand
    edit — no conflict later — but the upstream version is remembered, so re-importing the
    same source does not bring the old date back."""
    offre = _offre(s, offre_id, u)
    sv = suivi(s, OFFRE, offre.id)
    if sv.empreinte_import is None:
        sv.empreinte_import, sv.donnees_import = offre.empreinte, enregistrement(offre, OFFRE)
    sv.confirme_le = maintenant()
    s.add(sv)
    resultat = valider_service({**enregistrement(offre, OFFRE), "date_maj": date.today().isoformat()})
    if not resultat.valide:
        raise ValueError(f"Offre invalide, à corriger d'abord : {resultat.erreurs[0].message}")
    services.reecrire_offre(s, _ecrire(resultat), None, _auteur(u, "confirmation"))


def definir_frequence(s: Session, offre_id: str, mois: int, u: Utilisateur) -> None:
    if mois not in FREQUENCES:
        raise ValueError(f"Fréquence inconnue : {mois} mois.")
    _offre(s, offre_id, u)
    sv = suivi(s, OFFRE, offre_id)
    avant = sv.frequence_maj_mois
    sv.frequence_maj_mois = mois
    s.add(sv)
    historique.noter(s, [historique.ligne(OFFRE, offre_id, "frequence", {
        "frequence_maj_mois": {"avant": avant, "apres": mois}}, auteur_id=u.id)])


# ------------------------------------------------------------------------------------------------
# Review queue


def item_en_attente(s: Session, revue_id: int) -> Revue:
    item = s.get(Revue, revue_id)
    if item is None or item.statut != moderation.EN_ATTENTE:
        raise Introuvable("Cet élément n'est plus en attente de revue.")
    return item


def approuver(s: Session, revue_id: int, u: Utilisateur) -> None:
    """Publish a new offer, or apply a waiting upstream change. Conflicts need choices:
    `resoudre_conflit`."""
    item = item_en_attente(s, revue_id)
    if item.nature == moderation.CONFLIT:
        raise ValueError("Un conflit se résout champ par champ.")
    offre = offre_de_revue(s, item, u)
    if item.nature == moderation.NOUVELLE:
        services.changer_statut(s, offre.id, Statut.PUBLIEE.value, None, _auteur(u, "approbation"))
    elif item.nature == moderation.HORS_TERRITOIRE:
        _appliquer_edition(s, item, offre, u)
    else:
        _appliquer_amont(s, item, offre, u, "approbation")
    clore(s, item, u, "approuvee")


def offre_de_revue(s: Session, item: Revue, u: Utilisateur) -> Offer:
    """The offer of a queue item, when this user may act on it: one whose territory covers the
    offer — for an edit leaving its author's territory, covers the proposed version."""
    offre = s.get(Offer, item.objet_id)
    if offre is None:
        raise Introuvable(f"Aucune offre « {item.objet_id} ».")
    if item.nature == moderation.HORS_TERRITOIRE:
        if u.role not in acces.CURATEURS or sort_du_territoire(u, item.avant or {},
                                                                 item.proposee or {}):
            raise Interdit("Cette modification étend l'offre hors de votre territoire : un "
                           "animateur du territoire concerné ou un administrateur la relit.")
    elif not acces.peut_curer_offre(u, offre):
        raise Interdit("Cette offre n'est pas sur votre territoire.")
    return offre


def _appliquer_edition(s: Session, item: Revue, offre: Offer, u: Utilisateur) -> None:
    resultat = valider_service({**(item.proposee or {}), "date_maj": date.today().isoformat()})
    if not resultat.valide:
        raise ValueError(f"La version proposée n'est plus valide : {resultat.erreurs[0].message}")
    marquer_edite(s, OFFRE, offre, u)
    services.reecrire_offre(s, _ecrire(resultat), None, _auteur(u, "approbation", item.motif))


def _appliquer_amont(s: Session, item: Revue, offre: Offer, u: Utilisateur, origine: str) -> None:
    resultat = valider_service(item.proposee or {})
    if not resultat.valide:
        raise ValueError(f"La version proposée n'est plus valide : {resultat.erreurs[0].message}")
    a = _ecrire(resultat)
    a.brut, a.empreinte = item.brut or {}, item.empreinte
    services.reecrire_offre(s, a, None, services.Auteur(u.id, item.run_id, origine),
                            provenance=True)
    sv = suivi(s, OFFRE, offre.id)
    sv.empreinte_import = sv.donnees_import = sv.empreinte_attente = None
    s.add(sv)


def rejeter(s: Session, revue_id: int, motif: str, u: Utilisateur) -> None:
    """Reject with a reason: a new offer is archived; a waiting change is dropped (and the same
    upstream version will not come back: its fingerprint stays known)."""
    motif = (motif or "").strip()
    if not motif:
        raise ValueError("Indiquez le motif du rejet.")
    item = item_en_attente(s, revue_id)
    offre = offre_de_revue(s, item, u)
    if item.nature == moderation.NOUVELLE:
        services.changer_statut(s, offre.id, Statut.ARCHIVEE.value, None, _auteur(u, "rejet", motif))
    else:
        historique.noter(s, [historique.ligne(OFFRE, offre.id, "rejet", {}, run_id=item.run_id,
                                              auteur_id=u.id, commentaire=motif)])
    item.motif = motif
    clore(s, item, u, "rejetee")


def resoudre_conflit(s: Session, revue_id: int, choix: Mapping[str, str], version: int,
                     u: Utilisateur) -> Issue:
    """Merge the hand-edited and the upstream versions field by field (`choix[champ]` is
    `locale` or `amont`; unlisted fields keep the hand edit). The upstream version becomes the
    one accounted for: importing it again changes nothing."""
    item = item_en_attente(s, revue_id)
    offre = _offre(s, item.objet_id, u)
    locale, amont = enregistrement(offre, OFFRE), item.proposee or {}
    fusion = {c: (amont.get(c) if choix.get(c) == "amont" else locale.get(c)) for c in locale}
    fusion["date_maj"] = max(str(locale["date_maj"]), str(amont.get("date_maj") or ""))
    resultat = valider_service(fusion)
    if not resultat.valide:
        return Issue(resultat)
    a = _ecrire(resultat)
    a.brut = item.brut or {}
    changements = services.reecrire_offre(s, a, version, services.Auteur(u.id, item.run_id,
                                                                         "conflit"),
                                          provenance=True)
    _suivi_apres_conflit(s, item, offre.id, all(choix.get(c) == "amont" for c in _ecarts(item)))
    clore(s, item, u, "resolue")
    return Issue(resultat, changements)


#: fields a person does not choose in a conflict (identity; the newest date wins)
_HORS_CHOIX = ("id", "source", "structure_id", "date_maj")


def _ecarts(item: Revue) -> list[str]:
    """Fields where the hand-edited and the upstream versions differ (and a person chooses)."""
    champs = [c for c in historique.champs_de(OFFRE) if c not in _HORS_CHOIX]
    return list(historique.difference(item.avant, item.proposee or {}, champs))


def _suivi_apres_conflit(s: Session, item: Revue, ident: str, tout_amont: bool) -> None:
    sv = suivi(s, OFFRE, ident)
    sv.empreinte_import, sv.donnees_import = item.empreinte, item.proposee
    sv.empreinte_attente = None
    if tout_amont:
        sv.edite_le = sv.edite_par = None
    s.add(sv)


def clore(s: Session, item: Revue, u: Utilisateur, statut: str) -> None:
    item.statut, item.traitee_le, item.traitee_par = statut, maintenant(), u.id
    s.add(item)


def approuver_run(s: Session, run_id: int, u: Utilisateur) -> tuple[int, int]:
    """Approve every pending new offer and change of one import run that this user may curate;
    conflicts are left for a person. Returns (approved, left)."""
    items = s.exec(select(Revue).where(Revue.run_id == run_id, Revue.statut == moderation.EN_ATTENTE)
                   .order_by(col(Revue.id))).all()
    faits = 0
    for item in items:
        if item.nature in (moderation.CONFLIT, moderation.HORS_TERRITOIRE) or not _peut_agir(
                s, item, u):
            continue
        approuver(s, item.id or 0, u)
        faits += 1
    return faits, len(items) - faits


# ------------------------------------------------------------------------------------------------
# Duplicates


def marquer_non_doublon(s: Session, id_a: str, id_b: str, u: Utilisateur) -> None:
    _offre(s, id_a, u)
    _offre(s, id_b, u)
    a, b = sorted((id_a, id_b))
    if s.get(NonDoublon, (OFFRE, a, b)) is None:
        s.add(NonDoublon(objet=OFFRE, id_a=a, id_b=b, par=u.id))


def fusionner(s: Session, garde_id: str, autre_id: str, champs_autre: Iterable[str],
              version: int, u: Utilisateur) -> Issue:
    """Merge two offers: the kept one takes the chosen fields of the other, the other is archived
    and its address redirects to the kept one. Both provenances stay: the archived row keeps its
    source, id and raw record (its source's imports keep updating it, hidden), and both
    histories say what was merged into what."""
    if garde_id == autre_id:
        raise ValueError("Choisissez deux offres différentes.")
    garde, autre = _offre(s, garde_id, u), _offre(s, autre_id, u)
    pris = set(champs_autre) - {"id", "source", "structure_id", "date_maj"}
    enreg = enregistrement(garde, OFFRE)
    enreg.update({c: v for c, v in enregistrement(autre, OFFRE).items() if c in pris})
    resultat = valider_service(enreg)
    if not resultat.valide:
        return Issue(resultat)
    note = f"A absorbé le doublon {autre.id} (source {autre.source}, identifiant {autre.source_id})."
    if pris:
        marquer_edite(s, OFFRE, garde, u)
    changements = services.reecrire_offre(s, _ecrire(resultat), version, _auteur(u, "fusion", note))
    services.changer_statut(s, autre.id, Statut.ARCHIVEE.value, None,
                            _auteur(u, "fusion", f"Fusionnée dans {garde.id} (doublon)."))
    rediriger(s, OFFRE, autre.id, garde.id, u)
    return Issue(resultat, changements)


def rediriger(s: Session, objet: str, ancien: str, nouveau: str, u: Utilisateur) -> None:
    """After a merge, the address of `ancien` (an offer or a structure) leads to `nouveau`."""
    for r in s.exec(select(Redirection).where(Redirection.objet == objet,
                                              Redirection.nouvel_id == ancien)):
        r.nouvel_id = nouveau  # chains collapse: a → b then b → c gives a → c
        s.add(r)
    s.merge(Redirection(objet=objet, ancien_id=ancien, nouvel_id=nouveau, par=u.id))


def redirection(s: Session, offre_id: str) -> str | None:
    r = s.get(Redirection, (OFFRE, offre_id))
    return r.nouvel_id if r else None


def erreurs_par_champ(resultat: Resultat) -> dict[str, list[str]]:
    """Validation problems by form field (`zone_eligibilite[2]` → `zone_eligibilite`)."""
    par_champ: dict[str, list[str]] = {}
    for p in resultat.erreurs:
        par_champ.setdefault(_champ_racine(p), []).append(p.message)
    return par_champ


def _champ_racine(p: Probleme) -> str:
    return (p.champ or "").split("[")[0].split(".")[0] or "__formulaire__"


# ------------------------------------------------------------------------------------------------
# Reading the queue


@dataclass
class Element:
    """A queue item with its offer, for the pages."""

    item: Revue
    offre: Offer


def file_de_revue(s: Session, u: Utilisateur, nature: str | None = None, run_id: int | None = None,
                  limite: int = 500) -> list[Element]:
    """Pending items this user may act on, oldest first."""
    requete = select(Revue, Offer).join(Offer, col(Offer.id) == Revue.objet_id).where(
        Revue.statut == moderation.EN_ATTENTE, Revue.objet == OFFRE)
    if nature:
        requete = requete.where(Revue.nature == nature)
    if run_id is not None:
        requete = requete.where(Revue.run_id == run_id)
    lignes = s.exec(requete.order_by(col(Revue.cree_le), col(Revue.id))).all()
    return [Element(i, o) for i, o in lignes if _peut_agir(s, i, u)][:limite]


def _peut_agir(s: Session, item: Revue, u: Utilisateur) -> bool:
    try:
        offre_de_revue(s, item, u)
    except (Interdit, Introuvable):
        return False
    return True


@dataclass
class LigneComparee:
    """One field of a queue item, in its versions."""

    champ: str
    importee: Any
    actuelle: Any
    proposee: Any

    @property
    def change(self) -> bool:
        return self.actuelle != self.proposee


def comparer(item: Revue, offre: Offer) -> list[LigneComparee]:
    """Every field that differs between the versions of an item (all fields for a new offer)."""
    actuelle = enregistrement(offre, OFFRE)
    proposee = item.proposee or actuelle
    importee = item.importee or {}
    lignes = [LigneComparee(c, importee.get(c), actuelle.get(c), proposee.get(c))
              for c in historique.champs_de(OFFRE)]
    if item.nature == moderation.NOUVELLE:
        return [ligne for ligne in lignes if ligne.actuelle is not None]
    return [ligne for ligne in lignes if ligne.change or ligne.importee != ligne.actuelle]


# ------------------------------------------------------------------------------------------------
# Structures: a conflict is settled as a whole (keep the hand edit, or take the source's version);
# the other structure items are in `catalogue.curation.revue_structures`


def resoudre_conflit_structure(s: Session, revue_id: int, garder: str, u: Utilisateur) -> None:
    """`garder` = "locale" (the hand edit stays; the source's version becomes the one accounted
    for) or "amont" (the source's version replaces the hand edit, which ends). For the new
    version of a merged structure's source (`source-fusionnee`), "amont" takes it as a hand
    edit of the kept structure: its own source's version stays the one accounted for."""
    item = item_en_attente(s, revue_id)
    fusionnee = item.nature == moderation.SOURCE_FUSIONNEE
    if (item.objet != STRUCTURE or garder not in ("locale", "amont")
            or item.nature not in (moderation.CONFLIT, moderation.SOURCE_FUSIONNEE)):
        raise ValueError("Choix de version inconnu.")
    structure = structure_curable(s, item.objet_id, u)
    sv = suivi(s, STRUCTURE, structure.id)
    if garder == "amont":
        resultat = valider_structure(item.proposee or {})
        if not resultat.valide or resultat.donnees is None:
            raise ValueError("La version de la source n'est plus valide.")
        if fusionnee:
            marquer_edite(s, STRUCTURE, structure, u)
        services.reecrire_structure(s, services.AEcrire(resultat.donnees, {}), None,
                                    services.Auteur(u.id, item.run_id, "conflit", item.motif))
        if not fusionnee:
            sv.edite_le = sv.edite_par = None
    if not fusionnee:
        sv.empreinte_import, sv.donnees_import = item.empreinte, item.proposee
        sv.empreinte_attente = None
        s.add(sv)
    clore(s, item, u, "resolue")
