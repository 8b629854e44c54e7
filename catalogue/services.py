"""The catalogue's write functions: the one place where structures and offers are created or changed.

Importers, curation forms and the API call these with records already validated by
`catalogue.validation`, so every write path applies the same rules. They work on batches (an import
writes hundreds of records per transaction) and leave the commit to the caller, who owns the
transaction and the per-record report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from data_inclusion.schema import v1
from data_inclusion.schema.v1 import score_qualite
from sqlalchemy import delete, literal, select, update
from sqlmodel import Session, col

from catalogue import journal, recherche
from catalogue.curation import historique, moderation
from catalogue.curation.historique import OFFRE, STRUCTURE
from catalogue.insertion import inserer, inserer_tuples
from catalogue.json_colonnes import ENCODEUR_TRIE, JsonDeja
from catalogue.models import (
    CHAMPS_LISTE_SERVICE,
    CHAMPS_SERVICE,
    CHAMPS_STRUCTURE,
    CHAMPS_TEXTE_LIBRE,
    Offer,
    OfferTag,
    Redirection,
    Revue,
    Statut,
    Structure,
    maintenant,
)
from catalogue.texte import texte_brut

CREATED, UPDATED, UNCHANGED, PENDING = (moderation.CREATED, moderation.UPDATED, moderation.UNCHANGED,
                                       moderation.PENDING)

#: Keys a caller may attach to a record for us (never v1 fields): kept in `brut`, not compared.
PREFIXE_META = "_"


@dataclass
class AEcrire:
    """A validated v1 record and the raw record it came from (kept for audit)."""

    donnees: dict[str, Any]
    brut: dict[str, Any]
    #: (score, criteria) when the caller already computed it (import workers do)
    qualite: tuple[float, dict[str, float | None]] | None = None
    #: fingerprint of `donnees` and the raw record serialised, when already computed
    empreinte: str | None = None
    brut_json: str | None = None
    #: the search index's analysis of the text, when already done (import workers)
    analyse: Any = None


def empreinte(donnees: dict[str, Any]) -> str:
    """Fingerprint of a normalised v1 record: equal records, equal fingerprints."""
    texte = ENCODEUR_TRIE.encode(donnees)
    return hashlib.sha256(texte.encode()).hexdigest()


def _source_id(record_id: str, source: str) -> str:
    return record_id.removeprefix(f"{source}--")


# ------------------------------------------------------------------------------------------------
# Structures


def enregistrer_structures(session: Session, lot: Sequence[AEcrire], simuler: bool = False,
                           run_id: int | None = None) -> list[str]:
    """Create or update structures; returns created / updated / unchanged / pending per record
    (pending: a hand-edited structure meets a new upstream version, see `enregistrer_offres`).
    With `simuler`, nothing is written: the outcomes are what a write would do."""
    return _enregistrer(session, Structure, lot, _ligne_structure, None, simuler, run_id)


def _ligne_structure(a: AEcrire, instant: datetime) -> dict[str, Any]:
    ligne = {champ: a.donnees.get(champ) for champ in CHAMPS_STRUCTURE}
    ligne["lien_source"] = _texte(ligne["lien_source"])
    ligne["site_web"] = _texte(ligne["site_web"])
    ligne["accessibilite_lieu"] = _texte(ligne["accessibilite_lieu"])
    return ligne


def structures_absorbees(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Structure id -> the structure it was merged into, for those of `ids` that were merged
    (`catalogue.curation.fusion_structures`): their row stays, hidden, to keep their provenance;
    what their source sends afterwards goes to the structure kept."""
    ids = list(set(ids))
    trouvees: dict[str, str] = {}
    for i in range(0, len(ids), 900):
        requete = select(col(Redirection.ancien_id), col(Redirection.nouvel_id)).where(
            col(Redirection.objet) == STRUCTURE, col(Redirection.ancien_id).in_(ids[i : i + 900]))
        trouvees.update({ancien: nouvel for ancien, nouvel in session.execute(requete)})
    return trouvees


def structure_gardee(session: Session, structure_id: str) -> str | None:
    """The structure a merged structure lives on in, or None."""
    return structures_absorbees(session, [structure_id]).get(structure_id)


def structures_connues(session: Session, ids: Iterable[str]) -> set[str]:
    ids = list(set(ids))
    connues: set[str] = set()
    for i in range(0, len(ids), 900):
        morceau = ids[i : i + 900]
        connues |= set(session.execute(select(col(Structure.id)).where(col(Structure.id).in_(morceau)))
                       .scalars())
    return connues


# ------------------------------------------------------------------------------------------------
# Offers


def enregistrer_offres(
    session: Session, lot: Sequence[AEcrire], statut_initial: str = Statut.PUBLIEE.value,
    simuler: bool = False, run_id: int | None = None, revue: bool = False,
) -> list[str]:
    """Create or update offers (v1 services); a new offer gets `statut_initial` (a draft in review
    mode), an updated one keeps its status. Returns created / updated / unchanged / pending per
    record: pending when the change waits in the review queue (`revue` and the offer is published,
    or the offer was edited by hand: a conflict). `run_id` names the import in the history.
    An offer of a structure merged into another is written under the structure kept."""
    return _enregistrer(session, Offer, _vers_structures_gardees(session, lot), _ligne_offre,
                        statut_initial, simuler, run_id, revue)


def _vers_structures_gardees(session: Session, lot: Sequence[AEcrire]) -> Sequence[AEcrire]:
    """The batch with each merged structure replaced by the one kept. The fingerprint stays the
    upstream record's: an offer moved by a merge and sent again unchanged stays unchanged."""
    absorbees = structures_absorbees(session, {a.donnees["structure_id"] for a in lot})
    if not absorbees:
        return lot
    for a in lot:
        if (gardee := absorbees.get(a.donnees["structure_id"])) is not None:
            a.empreinte = a.empreinte or empreinte(a.donnees)
            a.donnees = {**a.donnees, "structure_id": gardee}
    return lot


def _ligne_offre(a: AEcrire, instant: datetime) -> dict[str, Any]:
    ligne = {champ: a.donnees.get(champ) for champ in CHAMPS_SERVICE}
    ligne.pop("source_id", None)
    ligne["lien_source"] = _texte(ligne["lien_source"])
    ligne["lien_mobilisation"] = _texte(ligne["lien_mobilisation"])
    score, criteres = a.qualite or qualite(v1.Service.model_validate(a.donnees))
    ligne["score_qualite"] = score
    ligne["criteres_qualite"] = criteres
    return ligne


def qualite(modele: v1.Service) -> tuple[float, dict[str, float | None]]:
    """The official data·inclusion quality score (the criteria of `score_qualite` in the schema
    package, aggregated as its `score` does).

    Only the freshness criterion is memoised: it depends on nothing but the source and `date_maj`,
    and the package builds pendulum durations on every call, which dominated import time.
    """
    criteres: dict[str, float | None] = {}
    for critere in score_qualite.CRITERES:
        if critere is score_qualite.date_maj_recente:
            valeur = _fraicheur(modele.source in _SOURCES_SANS_FRAICHEUR, modele.date_maj,
                                date.today())
        else:
            valeur = critere(modele)
        criteres[critere.__name__] = None if valeur is None else round(valeur, 2)
    pertinents = [v for v in criteres.values() if v is not None]
    return round(sum(pertinents) / len(pertinents), 2), criteres


#: sources for which the package's freshness criterion does not apply (it returns None)
_SOURCES_SANS_FRAICHEUR = ("agefiph", "france-travail")


@lru_cache(maxsize=4096)
def _fraicheur(sans_fraicheur: bool, date_maj: date, _jour: date) -> float | None:
    """The package's own `date_maj_recente`, called on a minimal stand-in, cached per day."""
    source = _SOURCES_SANS_FRAICHEUR[0] if sans_fraicheur else "autre"
    return score_qualite.date_maj_recente(SimpleNamespace(source=source,
                                                          date_maj=date_maj))


#: the columns of a tag row as `_tags` makes it
_COLONNES_TAG = ("offer_id", "champ", "valeur")


def _tags(offer_id: str, donnees: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (offer_id, champ, str(valeur))
        for champ in CHAMPS_LISTE_SERVICE
        for valeur in donnees.get(champ) or ()  # validation already removed duplicates
    ]


def _texte(valeur: Any) -> str | None:
    return None if valeur is None else str(valeur)


# ------------------------------------------------------------------------------------------------
# Shared batch upsert


@dataclass
class _Tri:
    """A batch sorted by what will happen to each record."""

    nouvelles: list[dict[str, Any]] = field(default_factory=list)
    modifiees: list[dict[str, Any]] = field(default_factory=list)
    inchangees: list[str] = field(default_factory=list)
    a_revoir: list[tuple[AEcrire, str, str]] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    #: publication status of every record after the write
    statuts: dict[str, str | None] = field(default_factory=dict)


def _enregistrer(session: Session, modele: Any, lot: Sequence[AEcrire], faire_ligne: Any,
                 statut_initial: str | None, simuler: bool, run_id: int | None = None,
                 revue: bool = False) -> list[str]:
    """The upsert every write path shares. A record unchanged since the last upstream version
    accounted for is only touched (`derniere_vue`); a change to a hand-edited record, or to a
    published offer in review mode, waits in the review queue (`catalogue.curation.moderation`);
    every write is recorded in the history."""
    instant = maintenant()
    objet = OFFRE if modele is Offer else STRUCTURE
    existantes = _empreintes(session, modele, [a.donnees["id"] for a in lot])
    suivis = moderation.suivis(session, objet, list(existantes)) if existantes else {}
    if revue and statut_initial is not None:
        statut_initial = Statut.BROUILLON.value
    tri = _Tri()
    for a in lot:
        ident, emp = a.donnees["id"], a.empreinte or empreinte(a.donnees)
        actuelle, statut = existantes.get(ident, (None, None))
        issue, nature = moderation.decider(actuelle, statut, suivis.get(ident), emp,
                                           revue and modele is Offer)
        tri.issues.append(issue)
        existantes[ident] = (emp, statut or statut_initial)
        tri.statuts[ident] = statut or statut_initial
        if simuler:
            continue
        _ranger(tri, a, emp, issue, nature, faire_ligne, statut_initial, instant)
    if not simuler:
        _appliquer(session, modele, objet, lot, tri, suivis, instant, run_id)
    return tri.issues


def _ranger(tri: _Tri, a: AEcrire, emp: str, issue: str, nature: str | None, faire_ligne: Any,
            statut_initial: str | None, instant: datetime) -> None:
    ident = a.donnees["id"]
    if issue == UNCHANGED:
        tri.inchangees.append(ident)
    elif issue == PENDING:
        tri.a_revoir.append((a, emp, nature or moderation.MODIFICATION))
        tri.inchangees.append(ident)
    else:
        ligne = {**faire_ligne(a, instant), **_provenance(a, emp, instant)}
        if issue == UPDATED:
            tri.modifiees.append(ligne)
            return
        ligne.update(premiere_vue=instant, cree_le=instant)
        if statut_initial is not None:
            ligne.update(statut=statut_initial, version=1)
        tri.nouvelles.append(ligne)


def _appliquer(session: Session, modele: Any, objet: str, lot: Sequence[AEcrire], tri: _Tri,
               suivis: dict[str, Any], instant: datetime, run_id: int | None) -> None:
    modifies = [m["id"] for m in tri.modifiees]
    attendus = [a.donnees["id"] for a, _, _ in tri.a_revoir]
    actuelles = _enregistrements(session, modele, objet, modifies + attendus)
    historique.noter(session, _historique_import(objet, tri, actuelles, run_id))
    _ecrire(session, modele, tri.nouvelles, tri.modifiees, tri.inchangees, instant)
    suivis_modifies = [i for i in modifies if i in suivis]
    if suivis_modifies:
        moderation.remplacer_attentes(session, objet, suivis_modifies)
    if tri.a_revoir:
        moderation.mettre_en_attente(session, objet, tri.a_revoir, actuelles, suivis, run_id)
    if modele is not Offer:
        journal.noter(session, journal.STRUCTURE, [n["id"] for n in tri.nouvelles] + modifies)
        if absorbees := structures_absorbees(session, modifies):
            moderation.proposer_aux_gardees(session, absorbees, _par_id(tri.modifiees), run_id)
        if tri.modifiees:  # a renamed structure: its offers show the new name in search
            _noter_changements(session, _offres_des_structures(session, modifies))
        return
    _ecrire_tags(session, lot, tri.issues)
    _noter_changements(session, [m["id"] for m in tri.nouvelles] + modifies)
    _preparer_documents(session, lot, tri)
    brouillons = [n["id"] for n in tri.nouvelles if n.get("statut") == Statut.BROUILLON.value]
    if brouillons:
        inserer(session, Revue, moderation.nouvelles(brouillons, run_id))


def _par_id(lignes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {ligne["id"]: ligne for ligne in lignes}


def _preparer_documents(session: Session, lot: Sequence[AEcrire], tri: _Tri) -> None:
    if not recherche.index_differe(session):
        return  # a hand edit or approval: the index reads the committed row
    analyses = {a.donnees["id"]: a.analyse for a in lot}
    lignes = tri.nouvelles + [{**m, "statut": tri.statuts[m["id"]]} for m in tri.modifiees]
    recherche.preparer_documents(session, lignes, analyses)


def _offres_des_structures(session: Session, ids: list[str]) -> list[str]:
    offres: list[str] = []
    for i in range(0, len(ids), 900):
        requete = select(col(Offer.id)).where(col(Offer.structure_id).in_(ids[i : i + 900]))
        offres += session.execute(requete).scalars()
    return offres


def _enregistrements(session: Session, modele: Any, objet: str,
                     ids: list[str]) -> dict[str, dict[str, Any]]:
    """Current v1 records of these rows (before a write: the history's "avant")."""
    trouves: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 900):
        for ligne in session.execute(select(modele).where(modele.id.in_(ids[i : i + 900]))).scalars():
            trouves[ligne.id] = historique.enregistrement(ligne, objet)
    return trouves


def _historique_import(objet: str, tri: _Tri, actuelles: dict[str, dict[str, Any]],
                       run_id: int | None) -> list[dict[str, Any]]:
    champs = historique.champs_de(objet)
    lignes = [historique.ligne(objet, n["id"], "creation", {}, run_id=run_id) for n in tri.nouvelles]
    lignes += [historique.ligne(objet, m["id"], "import",
                                historique.difference(actuelles.get(m["id"]), m, champs),
                                run_id=run_id) for m in tri.modifiees]
    return lignes


def _provenance(a: AEcrire, emp: str, instant: datetime) -> dict[str, Any]:
    return {
        "source_id": _source_id(a.donnees["id"], a.donnees["source"]),
        "brut": JsonDeja(a.brut_json) if a.brut_json is not None else a.brut,
        "empreinte": emp,
        "derniere_vue": instant,
        "modifie_le": instant,
    }


def _empreintes(session: Session, modele: Any, ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """id -> (fingerprint, publication status or None for structures)."""
    trouvees: dict[str, tuple[str, str | None]] = {}
    statut: Any = modele.statut if modele is Offer else literal(None)
    for i in range(0, len(ids), 900):
        requete = select(modele.id, modele.empreinte, statut).where(modele.id.in_(ids[i : i + 900]))
        trouvees.update({ident: (emp, st) for ident, emp, st in session.execute(requete)})
    return trouvees


def _ecrire(session: Session, modele: Any, nouvelles: list[dict[str, Any]],
            modifiees: list[dict[str, Any]], inchangees: list[str], instant: datetime) -> None:
    if nouvelles:
        inserer(session, modele, nouvelles)
    if modifiees:
        if modele is Offer:
            _incrementer_versions(session, [m["id"] for m in modifiees])
        session.execute(update(modele), modifiees)
    for i in range(0, len(inchangees), 900):
        session.execute(update(modele).where(modele.id.in_(inchangees[i : i + 900]))
                        .values(derniere_vue=instant))


def _incrementer_versions(session: Session, ids: list[str]) -> None:
    for i in range(0, len(ids), 900):
        session.execute(update(Offer).where(col(Offer.id).in_(ids[i : i + 900]))
                        .values(version=Offer.version + 1))


def _ecrire_tags(session: Session, lot: Sequence[AEcrire], issues: list[str]) -> None:
    """Replace the tags of updated offers, add those of created ones (which have none: the
    foreign key leaves no orphan tags behind)."""
    ecrits = {a.donnees["id"]: (a, issue) for a, issue in zip(lot, issues, strict=True)
              if issue in (CREATED, UPDATED)}
    if not ecrits:
        return
    remplaces = [ident for ident, (_, issue) in ecrits.items() if issue == UPDATED]
    for i in range(0, len(remplaces), 900):
        session.execute(delete(OfferTag).where(col(OfferTag.offer_id).in_(remplaces[i : i + 900])))
    tags = [t for ident, (a, _) in ecrits.items() for t in _tags(ident, a.donnees)]
    inserer_tuples(session, OfferTag, _COLONNES_TAG, tags)


def noter_changements_offres(session: Session, ids: Iterable[str]) -> None:
    """For derived data that changes what an offer looks like in search (duplicate clusters):
    the journal and the search index take these offers again."""
    _noter_changements(session, list(ids))


def _noter_changements(session: Session, ids: list[str]) -> None:
    """Remember which offers this transaction changed: the change journal gets a row each (at
    commit, same transaction) and this process's search index is updated after commit."""
    session.info.setdefault("offres_modifiees", set()).update(ids)
    journal.noter(session, journal.OFFER, ids)


# ------------------------------------------------------------------------------------------------
# Reading back as v1


def service_v1(offre: Offer) -> dict[str, Any]:
    """An offer as a data·inclusion v1 service dict (JSON-ready)."""
    return _v1(offre, CHAMPS_SERVICE)


def structure_v1(structure: Structure) -> dict[str, Any]:
    return _v1(structure, CHAMPS_STRUCTURE)


def _v1(ligne: Any, champs: Sequence[str]) -> dict[str, Any]:
    """Free text goes out as plain text, even when stored before the importers' cleaner saw
    every field (`texte_brut` returns clean text as is, quickly)."""
    sortie: dict[str, Any] = {}
    for champ in champs:
        valeur = getattr(ligne, champ)
        if isinstance(valeur, date):
            valeur = valeur.isoformat()
        elif isinstance(valeur, str) and champ in CHAMPS_TEXTE_LIBRE:
            valeur = texte_brut(valeur)
        sortie[champ] = valeur
    return sortie


# ------------------------------------------------------------------------------------------------
# One record at a time: hand edits, approvals, merges (`catalogue.curation.services` calls these)


class VersionPerimee(Exception):
    """Someone else changed the record since it was read: nothing was written (optimistic lock)."""


@dataclass
class Auteur:
    """Who makes a change, for the history: a person, an import run, or both unknown."""

    utilisateur_id: int | None = None
    run_id: int | None = None
    origine: str = "edition"
    commentaire: str | None = None


def reecrire_offre(session: Session, a: AEcrire, version: int | None, auteur: Auteur,
                   statut: str | None = None, provenance: bool = False) -> dict[str, Any]:
    """Rewrite one offer from a validated record, if its `version` is still the one read (None:
    no check). `provenance` also takes the record's raw upstream data (an approved import).
    Returns the history's per-field changes; raises `VersionPerimee`."""
    offre = session.get(Offer, a.donnees["id"])
    if offre is None:
        raise LookupError(a.donnees["id"])
    avant, statut_avant = historique.enregistrement(offre, OFFRE), offre.statut
    instant = maintenant()
    ligne = {**_ligne_offre(a, instant), "empreinte": a.empreinte or empreinte(a.donnees),
             "modifie_le": instant}
    ligne.pop("id")
    if provenance:
        ligne.update(_provenance(a, ligne["empreinte"], instant))
    if statut is not None:
        ligne["statut"] = statut
    _mettre_a_jour(session, Offer, a.donnees["id"], ligne, version)
    session.expire(offre)
    _ecrire_tags(session, [a], [UPDATED])
    changements = historique.difference(avant, a.donnees, CHAMPS_SERVICE)
    if statut is not None and statut != statut_avant:
        changements["statut"] = {"avant": statut_avant, "apres": statut}
    _noter_modification(session, OFFRE, a.donnees["id"], changements, auteur)
    return changements


def changer_statut(session: Session, offre_id: str, statut: str, version: int | None,
                   auteur: Auteur) -> None:
    """Publish, suspend, archive… one offer (optimistic lock on `version` when given)."""
    offre = session.get(Offer, offre_id)
    if offre is None:
        raise LookupError(offre_id)
    avant = offre.statut
    _mettre_a_jour(session, Offer, offre_id, {"statut": statut, "modifie_le": maintenant()}, version)
    session.expire(offre)
    _noter_modification(session, OFFRE, offre_id, {"statut": {"avant": avant, "apres": statut}},
                        auteur)


def reecrire_structure(session: Session, a: AEcrire, empreinte_lue: str | None,
                       auteur: Auteur) -> dict[str, Any]:
    """Rewrite one structure if its fingerprint is still the one read (structures have no version
    counter: their fingerprint changes with any change of the record)."""
    structure = session.get(Structure, a.donnees["id"])
    if structure is None:
        raise LookupError(a.donnees["id"])
    avant = historique.enregistrement(structure, STRUCTURE)
    instant = maintenant()
    ligne = {**_ligne_structure(a, instant), "empreinte": empreinte(a.donnees), "modifie_le": instant}
    ligne.pop("id")
    condition = None if empreinte_lue is None else col(Structure.empreinte) == empreinte_lue
    ident = a.donnees["id"]
    _executer_mise_a_jour(session, Structure, ident, ligne, condition)
    session.expire(structure)
    changements = historique.difference(avant, a.donnees, CHAMPS_STRUCTURE)
    _noter_modification(session, STRUCTURE, ident, changements, auteur)
    journal.noter(session, journal.STRUCTURE, [ident])
    ids = session.execute(select(col(Offer.id)).where(Offer.structure_id == ident)).scalars()
    _noter_changements(session, list(ids))  # the index shows the structure's name
    return changements


def _mettre_a_jour(session: Session, modele: Any, ident: str, valeurs: dict[str, Any],
                   version: int | None) -> None:
    condition = None if version is None else modele.version == version
    _executer_mise_a_jour(session, modele, ident, {**valeurs, "version": modele.version + 1},
                          condition)
    _noter_changements(session, [ident])


def _executer_mise_a_jour(session: Session, modele: Any, ident: str, valeurs: dict[str, Any],
                          condition: Any) -> None:
    requete = update(modele).where(modele.id == ident).values(**valeurs)
    if condition is not None:
        requete = requete.where(condition)
    if session.execute(requete).rowcount != 1:  # type: ignore[attr-defined]
        raise VersionPerimee(ident)


def _noter_modification(session: Session, objet: str, ident: str, changements: dict[str, Any],
                        auteur: Auteur) -> None:
    historique.noter(session, [historique.ligne(objet, ident, auteur.origine, changements,
                                                run_id=auteur.run_id,
                                                auteur_id=auteur.utilisateur_id,
                                                commentaire=auteur.commentaire)])
