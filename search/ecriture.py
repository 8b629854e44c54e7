"""Writing segments: a Whoosh `SegmentWriter` with a bulk path for postings.

Why: Whoosh's writer pushes every posting through a sorting pool as a tuple, then asks the
per-document reader for the field length of every posting while writing it; measured here at about
14 µs per posting, i.e. two minutes for the ~9 million postings of 100,000 offers. The offers
arrive already analysed (`documents.champs`), so this writer keeps, per field and per term, two
growing C arrays (document numbers in increasing order, weights) and writes each posting list
block by block with Whoosh's own `W3PostingsWriter` — same on-disk format, read back by plain Whoosh
readers. Per-document data (field lengths, the `lignes` column) goes through Whoosh's
per-document writer unchanged.

A term with at most `EN_LIGNE_MAX` postings (every `id`, every `mots` word, the rare words of
`texte`) has them written inside its entry of the term table, as Whoosh's own "inline" postings
(`W3TermInfo.set_inlined`, read back by `W3Codec.postings_reader` as a `ListMatcher`): no block
to pickle, compress and write in the postings file. Whoosh's writer has this path too, but it is
unreachable in whoosh-reloaded 2.7.5 (it calls `set_inline`, a method that does not exist).

The spelling field `mots` only needs its term list (the dictionary) and a count per word: it gets
ONE posting per distinct word per segment (on the first document having it, weighted by the
number of documents having it), not one per document — 40 % fewer postings to write. Suggestions
never trust that posting for existence: a candidate must match live offers through `texte`.

When the commit merges older segments (`fusion_petits_segments`) Whoosh feeds their postings to its
pool; this writer then adds its own postings to the same pool and lets Whoosh write the segment the
usual way. Only small segments are ever merged, so that slow path stays small.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterable
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.reading import SegmentReader
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from search.documents import Champs

#: Whoosh's default codec. (Its `inlinelimit` option, which would store short posting lists in
#: the term table, is broken in whoosh-reloaded 2.7.5: `set_inline` vs `set_inlined`; this writer
#: inlines them itself, see `_en_ligne`.)
CODEC = W3Codec()
#: posting lists this short are written in the term table, not in the postings file
EN_LIGNE_MAX = 4
#: the fixed part of a term's entry (flags, weight, doc frequency, lengths, max weight, ids)
_INFO = W3TermInfo._struct
_CHAMPS_TERMES = ("id", "mots", "texte")
#: a segment under this many documents (or 5 % of the index) is merged at the next commit
FUSION_MIN_DOCS = 1_000
_UN = array("f", [1.0])


class Postings:
    """Posting lists of one field being written: term -> (docnums, weights)."""

    def __init__(self) -> None:
        self.listes: dict[str, tuple[array[int], array[float]]] = {}
        self.longueurs: array[int] = array("I")

    def ajouter(self, docnum: int, termes: list[str], poids: array[float], longueur: int) -> None:
        listes = self.listes
        for terme, p in zip(termes, poids, strict=True):
            liste = listes.get(terme)
            if liste is None:
                liste = listes[terme] = (array("I"), array("f"))
            liste[0].append(docnum)
            liste[1].append(p)
        self.longueurs.append(longueur)


class Dictionnaire:
    """The `mots` field being written: each word's first document and its document count."""

    def __init__(self) -> None:
        self.premier: dict[str, int] = {}
        self.compte: dict[str, int] = {}
        self.longueurs: array[int] = array("I")

    def ajouter(self, docnum: int, mots: list[str]) -> None:
        premier, compte = self.premier, self.compte
        for mot in mots:
            if mot in compte:
                compte[mot] += 1
            else:
                compte[mot] = 1
                premier[mot] = docnum
        self.longueurs.append(len(mots))

    def postings(self) -> Postings:
        postings = Postings()
        postings.longueurs = self.longueurs
        postings.listes = {
            mot: (array("I", [d]), array("f", [float(self.compte[mot])]))
            for mot, d in self.premier.items()
        }
        return postings


class Identifiants:
    """The `id` field being written: one id per document, kept as two flat sequences (a posting
    list per document, two arrays and a tuple, cost more to build than the rest of the document
    and lived until the segment was written); made into posting lists when the segment is."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.docnums: array[int] = array("I")

    def ajouter(self, docnum: int, ident: str) -> None:
        self.ids.append(ident)
        self.docnums.append(docnum)

    def postings(self) -> Postings:
        postings = Postings()
        postings.longueurs = array("I", [1]) * (self.docnums[-1] + 1 if self.docnums else 0)
        listes = postings.listes
        for ident, docnum in zip(self.ids, self.docnums, strict=True):
            liste = listes.get(ident)
            if liste is None:  # the weights array is shared: nothing writes into it
                listes[ident] = (array("I", [docnum]), _UN)
            else:  # an id added twice to one segment keeps both postings, as Whoosh would
                listes[ident] = (liste[0] + array("I", [docnum]), liste[1] + _UN)
        return postings


class EcrivainRapide(SegmentWriter):
    """A SegmentWriter fed with `documents.Champs` (see module docstring)."""

    def __init__(self, ix: Any, timeout: float) -> None:
        super().__init__(ix, timeout=timeout, delay=0.05, codec=CODEC)
        self._postings = {"texte": Postings()}
        self._ids = Identifiants()
        self._mots = Dictionnaire()
        self._fusion = False
        #: indexes made before the `id` stopped being a stored field still store it
        self._id_stocke = bool(self.schema["id"].stored)

    def ajouter(self, champs: Champs) -> None:
        """Add one analysed document (the caller deletes its previous version first)."""
        self._check_state()
        docnum = self.docnum
        pdw = self.perdocwriter
        schema = self.schema
        longueur_texte = champs.ligne.longueur
        pdw.start_doc(docnum)
        self._ids.ajouter(docnum, champs.id)
        self._postings["texte"].ajouter(docnum, champs.termes, champs.poids, longueur_texte)
        self._mots.ajouter(docnum, champs.mots)
        pdw.add_field("id", schema["id"], champs.id if self._id_stocke else None, 0)
        pdw.add_field("texte", schema["texte"], None, longueur_texte)
        pdw.add_field("mots", schema["mots"], None, len(champs.mots))
        pdw.add_column_value("lignes", schema["lignes"].column_type, champs.ligne)
        pdw.finish_doc()
        self.docnum += 1
        self._added = True

    def add_reader(self, reader: Any) -> None:
        self._fusion = True
        super().add_reader(reader)

    def _flush_segment(self) -> None:
        self._postings["id"] = self._ids.postings()
        self._postings["mots"] = self._mots.postings()
        if self._fusion:
            self._verser_dans_le_pool()
            super()._flush_segment()
            return
        self.perdocwriter.close()
        fw = self.fieldwriter
        for nom in _CHAMPS_TERMES:
            self._ecrire_champ(fw, nom, self._postings[nom])
        fw.close()

    def _verser_dans_le_pool(self) -> None:
        for nom in _CHAMPS_TERMES:
            for terme, (docnums, poids) in self._postings[nom].listes.items():
                octets = terme.encode("utf-8")
                for docnum, p in zip(docnums, poids, strict=True):
                    self.pool.add((nom, octets, docnum, p, b""))

    def _ecrire_champ(self, fw: Any, nom: str, postings: Postings) -> None:
        if not postings.listes:
            return
        fw.start_field(nom, self.schema[nom])
        par_octets = sorted((t.encode("utf-8"), t) for t in postings.listes)
        for octets, terme in par_octets:
            docnums, poids = postings.listes[terme]
            if len(docnums) <= EN_LIGNE_MAX:
                _en_ligne(fw, octets, docnums, poids, postings.longueurs)
                continue
            fw.start_term(octets)
            _ecrire_liste(fw._postwriter, docnums, poids, postings.longueurs)
            fw.finish_term()
        fw.finish_field()


def _en_ligne(fw: Any, octets: bytes, docnums: array[int], poids: array[float],
              longueurs: array[int]) -> None:
    """A short posting list written inside the term's entry of the term table: the bytes
    `W3TermInfo.to_bytes` gives for inlined postings (same statistics, same pickle), made
    directly: one per document for `id`, so no `W3TermInfo` object is built."""
    tailles = [longueurs[d] for d in docnums]
    entete = _INFO.pack(True, sum(poids), len(docnums), length_to_byte(min(tailles) or 1),
                        length_to_byte(max(tailles) or 1), max(poids), docnums[0], docnums[-1])
    # empty values, one per posting: a merge hands them to Whoosh's pool, which wants bytes
    postings = pickle.dumps((tuple(docnums), tuple(poids), (b"",) * len(docnums)), 2)
    fw._tindex.add(pack_ushort(fw._fieldid) + octets, entete + postings)


def _ecrire_liste(pw: Any, docnums: array[int], poids: array[float], longueurs: array[int]) -> None:
    """Fill the postings writer block by block; `finish_term` writes the last (partial) block."""
    taille = pw._blocklimit
    n = len(docnums)
    for debut in range(0, n, taille):
        bloc = docnums[debut : debut + taille]
        pw._ids = bloc
        pw._weights = poids[debut : debut + taille]
        pw._values = []
        pw._maxweight = max(pw._weights)
        tailles = [longueurs[d] for d in bloc]
        pw._minlength = min(tailles) or 1
        pw._maxlength = max(tailles) or 1
        if debut + taille < n:
            pw._write_block()


def a_fusionner(segments: Iterable[Any], nouveau: str | None = None) -> list[Any]:
    """The segments to fold into one: those smaller than 5 % of the index (or empty), when there
    are at least two of them or an empty one; none otherwise.

    `nouveau` is the segment its writer has just committed (`Index.fusionner_petits_segments`):
    like new documents folded at their own commit, it does not count towards the decision, and
    goes with the others when it is small."""
    segments = list(segments)
    anciens = [s for s in segments if s.segid != nouveau]
    seuil = max(FUSION_MIN_DOCS, sum(s.doc_count_all() for s in anciens) // 20)

    def petit(s: Any) -> bool:
        return bool(s.doc_count() == 0 or s.doc_count_all() < seuil)

    petits = [s for s in anciens if petit(s)]
    if len(petits) < 2 and not any(s.doc_count() == 0 for s in petits):
        return []
    return petits + [s for s in segments if s.segid == nouveau and petit(s)]


def fusion_petits_segments(writer: Any, segments: Iterable[Any],
                           nouveau: str | None = None) -> list[Any]:
    """Merge policy: fold the small segments (`a_fusionner`) into the writer's new segment.

    Whoosh's MERGE_SMALL may eventually merge the big segment of a rebuild through its slow pool;
    here the big segments stay as they are (deletions in them are masks) until the next `reindex`.
    """
    segments = list(segments)
    petits = a_fusionner(segments, nouveau)
    for segment in petits:
        if segment.doc_count() > 0:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [s for s in segments if s not in petits]


def sans_fusion(writer: Any, segments: Iterable[Any]) -> list[Any]:
    """Merge policy: keep every segment (the new documents are committed alone, then the small
    segments are folded in a commit of their own: `Index.fusionner_petits_segments`)."""
    return list(segments)
