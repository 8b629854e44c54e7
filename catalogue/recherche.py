"""The catalogue side of search: documents from rows, the index lifecycle, and keeping it in step.

- `document(offre, structure_nom)` serialises an offer for `search` (the udata-style adapter);
- the index follows *committed* changes: the write functions note changed offer ids in the session
  (`services._noter_changements`), and an `after_commit` listener pushes them to the index. A failure
  there is logged and left to `catalogue check`; it never loses a database write;
- an import defers this (`index_differe_pendant` / `synchroniser_en_attente`): each committed batch goes
  to one bulk writer (`Index.en_masse`) as documents built from the values just written, with the
  text analysis its validation workers already did; nothing is read back from the database;
- a write of documents outside the journal follower may land after the follower applied a newer
  change of the same offer (the writer waited for the index lock): the writer then pushes those
  offers again (`reconcilier`), so a stale document never outlives its write;
- `reindexer` and `verifier` back the `reindex` and `check` commands;
- `requete_depuis(args)` reads a search from a query string (pages, JSON API and CLI share it).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import math
import os
import re
import threading
import uuid
import weakref
from collections import namedtuple
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from flask import Flask, current_app
from sqlalchemy import bindparam, event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from catalogue import journal as journal_changements
from catalogue.models import GrappeDoublons, Offer, Structure
from catalogue.referentiels import territoires
from catalogue.texte import normaliser
from search import (
    RAYON_KM_DEFAUT,
    Analyse,
    Ecarts,
    EcritureEnMasse,
    Index,
    Requete,
    RequeteInvalide,
    analyser_document,
    comparer,
)

journal = logging.getLogger(__name__)

#: engine -> index directory, so that sessions opened outside a request (imports) find the index
_INDEX_PAR_MOTEUR: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()
_INDEX_OUVERTS: dict[str, Index] = {}
_VERROU = threading.Lock()


# ------------------------------------------------------------------------------------------------
# Documents


#: what a document takes from an offer (`empreinte` only for its `version`)
_CHAMPS_DOCUMENT = (
    "id", "nom", "description", "thematiques", "publics", "publics_precisions", "type", "frais",
    "modes_accueil", "zone_eligibilite", "code_insee", "commune", "latitude", "longitude",
    "volume_horaire_hebdomadaire", "nombre_semaines", "structure_id", "score_qualite", "date_maj",
    "statut", "source", "empreinte",
)
_DE_LA_LIGNE = attrgetter(*_CHAMPS_DOCUMENT)
_DES_VALEURS = itemgetter(*_CHAMPS_DOCUMENT)


class TexteStructure(NamedTuple):
    """What a document takes from outside the offer's row: its structure's text, searched with
    the offer's, and its duplicate cluster (`GrappeDoublons`)."""

    nom: str | None = None
    description: str | None = None
    reseaux_porteurs: tuple[str, ...] = ()
    grappe: str | None = None

    @classmethod
    def de(cls, structure: Structure | None) -> TexteStructure:
        if structure is None:
            return cls()
        return cls(structure.nom, structure.description, tuple(structure.reseaux_porteurs or ()))


_COLONNES_STRUCTURE = (col(Structure.id), col(Structure.nom), col(Structure.description),
                       col(Structure.reseaux_porteurs))


def document(offre: Offer | Mapping[str, Any], structure: TexteStructure) -> dict[str, Any]:
    """An offer (a row, or the values an import is writing) as the index takes it
    (`search.Document`)."""
    valeurs = _DES_VALEURS(offre) if isinstance(offre, Mapping) else _DE_LA_LIGNE(offre)
    doc = dict(zip(_CHAMPS_DOCUMENT, valeurs, strict=True))
    empreinte = doc.pop("empreinte")
    for liste in ("thematiques", "publics", "modes_accueil"):
        doc[liste] = doc[liste] or []
    doc["date_maj"] = doc["date_maj"].isoformat()
    doc["structure_nom"] = structure.nom
    doc["structure_description"] = structure.description
    doc["structure_reseaux_porteurs"] = list(structure.reseaux_porteurs)
    doc["groupe_doublons"] = structure.grappe
    doc["version"] = _version(empreinte, doc["statut"], doc["score_qualite"], structure)
    return doc


def version(offre: Offer, structure: TexteStructure) -> str:
    """What makes an indexed document stale: the record, its status, score and structure text."""
    return _version(offre.empreinte, offre.statut, offre.score_qualite, structure)


def _version(empreinte: str, statut: str, score: float | None, structure: TexteStructure) -> str:
    cle = (f"{empreinte}|{statut}|{score}|{structure.nom}|{structure.description}|"
           f"{','.join(structure.reseaux_porteurs)}|{structure.grappe}")
    return hashlib.sha1(cle.encode()).hexdigest()[:16]


def analyse_prealable(donnees: Mapping[str, Any]) -> Analyse:
    """The text analysis of a validated service, done where it is cheapest (import workers)."""
    return analyser_document(donnees)


def preparer_documents(session: Session, lignes: Iterable[Mapping[str, Any]],
                       analyses: Mapping[str, Analyse | None]) -> None:
    """During a deferred (import) session, the offers being written are turned into documents
    right away, from the values in hand: no reading them back from the database at commit.
    `lignes` hold every column the document needs, `statut` included."""
    lignes = list(lignes)
    structures = _textes_de_structures(session, {ligne["structure_id"] for ligne in lignes})
    grappes = _grappes(session, [ligne["id"] for ligne in lignes])
    prets = session.info.setdefault("documents_prets", {})
    for ligne in lignes:
        texte = structures.get(ligne["structure_id"], _SANS_STRUCTURE)
        if ligne["id"] in grappes:
            texte = texte._replace(grappe=grappes[ligne["id"]])
        prets[ligne["id"]] = (document(ligne, texte), analyses.get(ligne["id"]))


_SANS_STRUCTURE = TexteStructure()


def _textes_de_structures(session: Session, ids: set[str]) -> dict[str, TexteStructure]:
    textes: dict[str, TexteStructure] = {}
    liste = list(ids)
    for i in range(0, len(liste), 900):
        requete = select(*_COLONNES_STRUCTURE).where(col(Structure.id).in_(liste[i : i + 900]))
        for ident, nom, description, reseaux in session.execute(requete).all():
            textes[ident] = TexteStructure(nom, description, tuple(reseaux or ()))
    return textes


def _grappes(session: Session, ids: list[str] | None) -> dict[str, str]:
    """Duplicate cluster of these offers (every clustered offer with None: a small table)."""
    colonnes = select(GrappeDoublons.offer_id, GrappeDoublons.grappe)
    if ids is None:
        return dict(session.execute(colonnes).all())
    trouvees: dict[str, str] = {}
    for i in range(0, len(ids), 900):
        requete = colonnes.where(col(GrappeDoublons.offer_id).in_(ids[i : i + 900]))
        trouvees.update(dict(session.execute(requete).all()))
    return trouvees


def _avec_textes(session: Session, colonnes: tuple[Any, ...], ids: list[str] | None
                 ) -> Iterable[Any]:
    """Rows of `colonnes` of these offers (every offer, in id order, with None), followed by their
    structure's text columns (name, description, networks)."""
    textes: tuple[Any, ...] = _COLONNES_STRUCTURE[1:]
    requete = select(*colonnes, *textes).join(Structure, col(Structure.id) == Offer.structure_id)
    if ids is None:
        return session.exec(requete.order_by(col(Offer.id))).yield_per(2000)
    return (ligne for i in range(0, len(ids), 900)
            for ligne in session.exec(requete.where(col(Offer.id).in_(ids[i : i + 900]))))


def _lignes(session: Session, ids: Iterable[str] | None = None) -> Iterator[
    tuple[Offer, TexteStructure]
]:
    liste = None if ids is None else list(ids)
    grappes = _grappes(session, liste)
    for offre, nom, description, reseaux in _avec_textes(session, (Offer,), liste):
        yield offre, TexteStructure(nom, description, tuple(reseaux or ()), grappes.get(offre.id))


def documents(session: Session, ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    for offre, structure in _lignes(session, ids):
        yield document(offre, structure)


def versions_en_base(session: Session, ids: Iterable[str] | None = None) -> dict[str, str]:
    """id -> `version` of these offers (every offer with None), read from the few columns the
    version hashes: no offer object, no document (a catch-up round compares 2,000 offers an
    import already pushed in about 30 ms instead of 250)."""
    liste = None if ids is None else list(ids)
    grappes = _grappes(session, liste)
    lignes = _avec_textes(session, _COLONNES_VERSION, liste)
    return {ident: _version(empreinte, statut, score,
                            TexteStructure(nom, description, tuple(reseaux or ()),
                                           grappes.get(ident)))
            for ident, empreinte, statut, score, nom, description, reseaux in lignes}


#: the offer's columns its `version` hashes (`versions_en_base`)
_COLONNES_VERSION = (col(Offer.id), col(Offer.empreinte), col(Offer.statut), col(Offer.score_qualite))


# ------------------------------------------------------------------------------------------------
# The index of an app / an engine


def index_de(chemin: str) -> Index:
    """One `Index` per directory and process (it keeps its segments in memory)."""
    with _VERROU:
        if chemin not in _INDEX_OUVERTS:
            _INDEX_OUVERTS[chemin] = Index.open(chemin, create=True)
        return _INDEX_OUVERTS[chemin]


def index() -> Index:
    return index_de(current_app.config["SEARCH_INDEX_DIR"])


def reindexer(engine: Engine, chemin: str) -> int:
    """Rebuild the index from the database; it then follows the journal from the last sequence
    committed before the rebuild read the offers (changes made during it are applied again)."""
    idx = index_de(chemin)
    with Session(engine) as session:
        depart = journal_changements.derniere_sequence(session)
    with Session(engine) as session:
        n = idx.rebuild(documents(session))
    idx.suivi.noter_sequence(depart)
    return n


def verifier(engine: Engine, chemin: str, reparer: bool = False) -> Ecarts:
    """Missing, stale and extra documents; with `reparer`, fix them from the database."""
    idx = index_de(chemin)
    with Session(engine) as session:
        ecarts = comparer(idx.versions(), versions_en_base(session))
        if reparer and not ecarts.aucun:
            idx.upsert(documents(session, ecarts.manquants + ecarts.perimes))
            idx.delete(ecarts.en_trop)
    return ecarts


# ------------------------------------------------------------------------------------------------
# Following committed changes


class _Differe:
    """The index side of a deferred (import) session: one bulk writer fed at each commit. If the
    index refuses at any point, everything sent since the start is pushed again, read back from
    the database, by `synchroniser_en_attente`: a failure costs time, never a missing offer.

    No reconciliation at the end (`reconcilier`): the session holds the folder's
    `ecriture_suivie`, so no catch-up round can pass its offers' journal rows and leave a newer
    document under the ones it sends. `envoyes`: the offers sent, pushed again after a failure."""

    def __init__(self) -> None:
        self.ecriture: EcritureEnMasse | None = None
        self.envoyes: set[str] = set()
        self.en_echec = False

    def pousser(self, moteur: Engine, ids: set[str],
                prets: dict[str, tuple[dict[str, Any], Analyse | None]]) -> None:
        chemin = _INDEX_PAR_MOTEUR.get(moteur)
        if chemin is None:
            return
        self.envoyes |= ids
        if self.en_echec:
            return
        try:
            if self.ecriture is None:
                self.ecriture = index_de(chemin).en_masse()
            for doc, analyse in prets.values():
                self.ecriture.ajouter(doc, analyse)
            _pousser_relus(self.ecriture, moteur, ids - prets.keys())
        except Exception:  # noqa: BLE001 - logged; the end of the session pushes again
            journal.exception("Index de recherche : écriture en masse refusée, reprise à la fin")
            self._echouer()

    def terminer(self, moteur: Engine) -> int:
        if self.ecriture is not None and not self.en_echec:
            try:
                ecrits = self.ecriture.terminer()
            except Exception:  # noqa: BLE001
                journal.exception("Index de recherche : écriture en masse interrompue")
                self._echouer()
            else:
                return ecrits
        return synchroniser(moteur, self.envoyes) if self.en_echec else 0

    def _echouer(self) -> None:
        self.en_echec = True
        if self.ecriture is not None:
            self.ecriture.annuler()


def index_differe(session: Session) -> bool:
    """Whether this session's changes go to the index in bulk (an import)."""
    return "index_differe" in session.info


@contextlib.contextmanager
def index_differe_pendant(session: Session) -> Iterator[None]:
    """Within the block, changes committed by this session go to the index through one bulk
    writer (`Index.en_masse`) fed at each commit and closed by `synchroniser_en_attente` (imports).

    The block holds the index folder's `ecriture_suivie`: the journal followers of the processes
    sharing the folder wait for its end instead of indexing, each at the server's priority, the
    offers this session commits before its bulk writer pushes them (measured: 999 of an import's
    2,001 offers, 0.6 s of a serving process's CPU). Other folders (other machines) follow as
    usual."""
    moteur = session.get_bind()
    chemin = _INDEX_PAR_MOTEUR.get(moteur) if isinstance(moteur, Engine) else None
    session.info["index_differe"] = _Differe()
    with index_de(chemin).suivi.ecriture_suivie() if chemin else contextlib.nullcontext():
        yield


def synchroniser_en_attente(session: Session) -> int:
    """End of a deferred session: commit what the bulk writer holds (or, after a failure, push
    every offer sent again). Returns how many offers went to the index."""
    differe: _Differe | None = session.info.pop("index_differe", None)
    moteur = session.get_bind()
    if differe is None or not isinstance(moteur, Engine):
        return 0
    return differe.terminer(moteur)


def synchroniser(engine: Engine, ids: Iterable[str]) -> int:
    """Push these offers' current rows to the index (deleted rows are removed), then
    `reconcilier`. Never raises: the database is the truth, and `check` finds what a failure here
    left behind."""
    chemin = _INDEX_PAR_MOTEUR.get(engine)
    ids = set(ids)
    if chemin is None or not ids:
        return 0
    try:
        idx = index_de(chemin)
        with Session(engine) as session:
            lu_a = journal_changements.derniere_sequence(session)  # before the rows: see `reconcilier`
            docs = list(documents(session, ids))
        idx.upsert(docs)
        absents = ids - {d["id"] for d in docs}
        if absents:
            idx.delete(absents)
        reconcilier(engine, dict.fromkeys(ids, lu_a))
        return len(ids)
    except Exception:  # noqa: BLE001 - logged; `catalogue check` repairs
        journal.exception("Index de recherche non mis à jour pour %d offres", len(ids))
        return 0


#: where a writer that found the catch-up lock taken leaves its reconciliation, in the index folder
DOSSIER_RECONCILIATIONS = "reconciliations"


def reconcilier(engine: Engine, lus: Mapping[str, int]) -> int:
    """After a write to the index outside the journal follower (`lus`: offer id -> the journal
    sequence its document reflects), push again, from the database, the offers that changed after
    that sequence *and* that the follower had already applied: the write may have put an older
    document over the follower's newer one, and the follower, past that change, would never come
    back to it. Changes after the follower's position need nothing: it will read them.

    Done under the folder's catch-up lock, so that no round runs in between. Nobody waits for it:
    when a round holds it, the reconciliation is left in the folder and the round that next holds
    the lock does it (`reconcilier_en_attente`). Returns how many offers were pushed now."""
    chemin = _INDEX_PAR_MOTEUR.get(engine)
    if chemin is None or not lus:
        return 0
    idx = index_de(chemin)
    with idx.suivi.rattrapage() as tenu:
        if tenu:
            return reconcilier_en_attente(engine, chemin) + _reconcilier_tenu(engine, idx, lus)
    _laisser_au_rattrapage(Path(chemin) / DOSSIER_RECONCILIATIONS, lus)
    return 0


def reconcilier_en_attente(engine: Engine, chemin: str) -> int:
    """The reconciliations writers left in the folder, oldest first (call with the catch-up lock
    held: the journal follower does at each round)."""
    dossier = Path(chemin) / DOSSIER_RECONCILIATIONS
    if not dossier.is_dir():
        return 0
    pousses = 0
    for fichier in sorted(dossier.glob("*.json"), key=lambda f: f.stat().st_mtime_ns):
        try:
            lus = {str(k): int(v) for k, v in json.loads(fichier.read_text(encoding="utf-8")).items()}
        except (OSError, ValueError, AttributeError):
            journal.warning("Index %s : réconciliation illisible ignorée (%s)", chemin, fichier.name)
        else:
            pousses += _reconcilier_tenu(engine, index_de(chemin), lus)
        fichier.unlink(missing_ok=True)
    return pousses


def _reconcilier_tenu(engine: Engine, idx: Index, lus: Mapping[str, int]) -> int:
    position = idx.suivi.sequence
    if not lus or position is None or position <= (plancher := min(lus.values())):
        return 0
    with Session(engine) as session:
        changes = journal_changements.offres_changees(session, plancher, position)
        a_repousser = {i for sequence, i in changes if sequence > lus.get(i, sequence)}
        if not a_repousser:
            return 0
        docs = list(documents(session, a_repousser))
    idx.upsert(docs)
    absents = a_repousser - {d["id"] for d in docs}
    if absents:
        idx.delete(absents)
    return len(a_repousser)


def _laisser_au_rattrapage(dossier: Path, lus: Mapping[str, int]) -> None:
    dossier.mkdir(exist_ok=True)
    nom = uuid.uuid4().hex
    provisoire = dossier / f".{nom}.tmp"
    provisoire.write_text(json.dumps(dict(lus)), encoding="utf-8")
    os.replace(provisoire, dossier / f"{nom}.json")  # whole or absent for the reader


def _apres_commit(session: Session) -> None:
    ids = session.info.pop("offres_modifiees", None)
    prets = session.info.pop("documents_prets", {})
    moteur = session.get_bind()
    if not ids or not isinstance(moteur, Engine):
        return
    differe: _Differe | None = session.info.get("index_differe")
    if differe is not None:
        differe.pousser(moteur, ids, prets)
    else:
        synchroniser(moteur, ids)


def _pousser_relus(ecriture: EcritureEnMasse, moteur: Engine, ids: set[str]) -> None:
    if not ids:
        return
    with Session(moteur) as lecture:
        docs = list(documents(lecture, ids))
    for doc in docs:
        ecriture.ajouter(doc)
    absents = ids - {d["id"] for d in docs}
    if absents:
        ecriture.supprimer(absents)


def _apres_rollback(session: Session) -> None:
    session.info.pop("offres_modifiees", None)
    session.info.pop("documents_prets", None)


event.listen(Session, "after_commit", _apres_commit)
event.listen(Session, "after_soft_rollback", lambda session, _tx: _apres_rollback(session))


def init_app(app: Flask) -> None:
    _INDEX_PAR_MOTEUR[app.extensions["catalogue.engine"]] = app.config["SEARCH_INDEX_DIR"]


# ------------------------------------------------------------------------------------------------
# Reading a search from a query string


_LISTES = ("freins", "categories", "thematiques", "publics", "types", "frais", "modes_accueil",
           "sources")


def lignes_par_ids(connexion: Connection, ids: Sequence[str], colonnes_offre: Sequence[Any],
                   colonnes_structure: Sequence[Any]) -> list[tuple[Any, Any | None]]:
    """The offers of a page of hits in the ranking order, each with its structure (None when it
    has none), reading only the columns asked (`id` and `structure_id` of the offer, `id` of the
    structure among them), in one statement.

    Plain rows, read by attribute like the models (templates and `service_v1` take either): a page
    of results is only read, and building the ORM's tracked objects cost more than the search.
    `connexion`: `db.lecture()` in a request (no transaction to open and close around one
    statement)."""
    if not ids:
        return []
    lecture = _lecture_par_ids(tuple(colonnes_offre), tuple(colonnes_structure))
    par_id = {}
    for ligne in connexion.execute(lecture.requete, {"ids": list(ids)}):
        offre = lecture.offre._make(ligne[:lecture.fin_offre])
        sans_structure = ligne[lecture.id_structure] is None
        par_id[offre.id] = (offre, None if sans_structure
                            else lecture.structure._make(ligne[lecture.fin_offre:]))
    return [par_id[i] for i in ids if i in par_id]


class _LectureParIds(NamedTuple):
    """`SELECT offer columns…, structure columns… FROM offer LEFT JOIN structure WHERE offer.id
    IN :ids`, its row types, and where a row's structure columns and the structure's id are."""

    requete: Any
    offre: type[Any]
    structure: type[Any]
    #: the structure's columns start here
    fin_offre: int
    id_structure: int


@functools.cache
def _lecture_par_ids(colonnes_offre: tuple[Any, ...],
                     colonnes_structure: tuple[Any, ...]) -> _LectureParIds:
    """Built once per set of columns."""
    cles_offre = [c.key for c in colonnes_offre]  # `id` among them
    cles_structure = [c.key for c in colonnes_structure]
    etiquetees = [c.label(f"structure__{c.key}") for c in colonnes_structure]
    requete = (select(*colonnes_offre, *etiquetees).select_from(Offer)
               .outerjoin(Structure, col(Structure.id) == col(Offer.structure_id))
               .where(col(Offer.id).in_(bindparam("ids", expanding=True))))
    fin = len(colonnes_offre)
    return _LectureParIds(requete, namedtuple("LigneOffre", cles_offre),
                          namedtuple("LigneStructure", cles_structure), fin,
                          fin + cles_structure.index("id"))


def requete_depuis(args: Mapping[str, Any], par_page: int = 20) -> Requete:
    """`lieu=Lens&freins=mobilite,parentalite&publics=jeunes&q=permis&page=2` -> `Requete`.

    Lists come comma-separated or repeated. The person's commune is `code_commune` (an INSEE
    code, as data·inclusion names it: links and partners), or `lieu` / `commune` (what a person
    typed: a name, a postal code or an INSEE code; when that fits several communes, the error
    says so and the page lets her choose). `lat` and `lon` give her address, `rayon_km` the
    radius around it. Raises `RequeteInvalide` with a French message naming the parameter."""
    listes = {nom: _liste(args, nom) for nom in _LISTES}
    return Requete(
        commune=_commune(args), q=str(args.get("q") or ""), freins=listes["freins"],
        categories=listes["categories"], thematiques=listes["thematiques"],
        publics=listes["publics"], types=listes["types"], frais=listes["frais"],
        modes_accueil=listes["modes_accueil"],
        heures_min=_nombre(args, "heures_min"), heures_max=_nombre(args, "heures_max"),
        heures_connues=_booleen(args, "heures_connues"),
        structure_id=str(args.get("structure") or "") or None,
        page=_entier(args, "page", 1), par_page=_entier(args, "par_page", par_page),
        origine=_origine(args), rayon_km=_rayon(args),
        score_qualite_minimum=_nombre(args, "score_qualite_minimum"),
        sources=listes["sources"], exclure_doublons=bool(_booleen(args, "exclure_doublons")),
    )


def _liste(args: Mapping[str, Any], nom: str) -> tuple[str, ...]:
    brutes = args.getlist(nom) if hasattr(args, "getlist") else [args.get(nom)]
    return tuple(v.strip() for b in brutes if b for v in str(b).split(",") if v.strip())


def _commune(args: Mapping[str, Any]) -> str:
    """One rule for every door: `code_commune` is an INSEE code and nothing else; `lieu` and
    `commune` are read as a person typed them, and an ambiguous text is said, not guessed."""
    code = str(args.get("code_commune") or "").strip()
    if code:
        if territoires.commune(code) is None:
            raise RequeteInvalide("code_commune", f"code INSEE inconnu « {code[:20]} »")
        return code
    for nom in ("lieu", "commune"):
        texte = str(args.get(nom) or "").strip()
        if texte:
            return communes_du_lieu(texte, exiger_unique=True, parametre=nom)[0].code
    raise RequeteInvalide("commune", "indiquez la commune de la personne (nom, code postal "
                          "ou code INSEE)")


_NOM_ET_DEPARTEMENT = re.compile(r"^(?P<nom>.*?)\s*\((?P<dep>\w{2,3})\)$")
#: a postal code or an INSEE code (Corsica's start with 2A / 2B)
_CODE = re.compile(r"\d{5}|2[ABab]\d{3}")


def communes_du_lieu(lieu: str, exiger_unique: bool = False,
                     parametre: str = "commune") -> list[territoires.Commune]:
    """Communes a typed place may mean, best first: a five-digit code gives the communes of that
    postal code and the commune of that INSEE code (62300 is both Lens's postal code and
    Équihen-Plage's INSEE code), a name its homonyms (narrowed by "(62)")."""
    m = _NOM_ET_DEPARTEMENT.match(lieu)
    nom, dep = (m["nom"], m["dep"]) if m else (lieu, None)
    if _CODE.fullmatch(nom):
        trouvees = [c for c in territoires.rechercher_communes(nom, 50) if nom in c.codes_postaux]
        par_code = territoires.commune(nom.upper())
        if par_code is not None and par_code not in trouvees:
            trouvees.append(par_code)
    else:
        cle = normaliser(nom)
        trouvees = [c for c in territoires.rechercher_communes(nom, 50)
                    if normaliser(c.nom) == cle and (dep is None or c.departement == dep)]
        trouvees = trouvees or [c for c in [territoires.resoudre_commune(lieu)] if c is not None]
    if exiger_unique and len(trouvees) != 1:
        raise RequeteInvalide(parametre, f"commune introuvable « {lieu[:60]} »" if not trouvees
                              else f"plusieurs communes correspondent à « {lieu[:60]} » ("
                              + ", ".join(f"{c.nom} {c.code}" for c in trouvees[:6])
                              + ") : choisissez-en une")
    return trouvees


def _origine(args: Mapping[str, Any]) -> tuple[float, float] | None:
    """`lat` and `lon` (the person's address), both or neither."""
    lat, lon = _nombre(args, "lat"), _nombre(args, "lon")
    if (lat is None) != (lon is None):
        raise RequeteInvalide("lat" if lat is None else "lon", "lat et lon vont ensemble")
    return None if lat is None or lon is None else (lat, lon)


def _rayon(args: Mapping[str, Any]) -> float | None:
    """`rayon_km`: a number of km, or `aucun` for no radius; 50 km when absent."""
    texte = str(args.get("rayon_km") or "").strip().lower()
    if texte in ("aucun", "sans"):
        return None
    valeur = _nombre(args, "rayon_km")
    return RAYON_KM_DEFAUT if valeur is None else valeur


def _nombre(args: Mapping[str, Any], nom: str) -> float | None:
    texte = str(args.get(nom) or "").strip().replace(",", ".")
    if not texte:
        return None
    try:
        valeur = float(texte)
    except ValueError:
        raise RequeteInvalide(nom, f"nombre attendu, pas « {texte[:20]} »") from None
    if not math.isfinite(valeur):
        raise RequeteInvalide(nom, f"nombre fini attendu, pas « {texte[:20]} »")
    return valeur


def _entier(args: Mapping[str, Any], nom: str, defaut: int) -> int:
    texte = str(args.get(nom) or "").strip()
    if not texte:
        return defaut
    if not texte.isdigit():
        raise RequeteInvalide(nom, f"entier attendu, pas « {texte[:20]} »")
    return int(texte)


def _booleen(args: Mapping[str, Any], nom: str) -> bool | None:
    texte = str(args.get(nom) or "").strip().lower()
    if texte in ("", "tous"):
        return None
    if texte in ("1", "oui", "true"):
        return True
    if texte in ("0", "non", "false"):
        return False
    raise RequeteInvalide(nom, f"« oui » ou « non » attendu, pas « {texte[:20]} »")
