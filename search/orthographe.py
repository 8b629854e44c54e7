"""Spelling suggestions (« Essayez : … ») for the words of a query that match no offer.

The dictionary is the `mots` field: the folded, unstemmed words of the indexed offers (Whoosh's
term list of that field). Whoosh's own corrector walks that list with a Levenshtein automaton,
measured here at 15-20 ms per word at two edits; instead each segment keeps, once it is first
needed, a `Dictionnaire`: its words with three small numpy columns (first letter, length, set of
letters as a 26-bit mask). Candidates for a word are those with the same first letter, a length
within two, and at most four letters differing in their letter sets (each edit changes at most
two); only those few are compared with a real edit distance (Damerau, transpositions count one).

A candidate is kept only if its term matches a live offer with the requested statuts; candidates
are ranked by edit distance, then by how many offers they match. Suggestions are whole corrected
queries, ready to be linked: the unknown words replaced, the others kept as typed.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from search import analyse, bits, synonymes
from search.synonymes import Groupe

if TYPE_CHECKING:
    from search.moteur import Vue
    from search.segments import Segment

SUGGESTIONS_MAX = 3
DISTANCE_MAX = 2
CANDIDATS_PAR_MOT = 4
COMBINAISONS_MAX = 64
_LETTRES = "abcdefghijklmnopqrstuvwxyz"


def suggerer(
    vue: Vue, q: str, groupes: Sequence[Groupe], frequences: Sequence[int], statuts: Sequence[str]
) -> list[str]:
    """Corrected queries, best first (empty when no unknown word has a correction).

    A word of the field vocabulary is never corrected into another word (« SIAE » is not a typo
    of « SIAO », even where no SIAE offer exists). Among the corrections of several words, those
    that form a phrase of the vocabulary come first (« permiss de condiute » → « permis de
    conduire », not « conduite »)."""
    corrections: list[tuple[str, list[tuple[str, int]]]] = []
    for groupe, frequence in zip(groupes, frequences, strict=True):
        if frequence == 0 and len(groupe.mots) == 1 and groupe.cle is None:
            candidats = _candidats(vue, groupe.mots[0], statuts)
            if candidats:
                corrections.append((groupe.mots[0], candidats[:CANDIDATS_PAR_MOT]))
    if not corrections:
        return []
    combinaisons: list[tuple[int, int, int, str]] = []
    for choix in itertools.islice(itertools.product(*(c for _, c in corrections)), COMBINAISONS_MAX):
        texte = q
        for (mot, _), (correction, _) in zip(corrections, choix, strict=True):
            texte = _remplacer(texte, mot, correction)
        cout = sum(d for _, d in choix)
        combinaisons.append((-_phrases_du_vocabulaire(texte), cout, len(combinaisons), texte))
    return [texte for *_, texte in sorted(combinaisons)[:SUGGESTIONS_MAX]]


def _phrases_du_vocabulaire(texte: str) -> int:
    """How many phrases of several words of the vocabulary a text contains."""
    return sum(1 for g in synonymes.groupes(analyse.mots_bruts(texte))
               if g.cle is not None and len(g.litteraux) > 1)


def _remplacer(q: str, mot: str, correction: str) -> str:
    motif = re.compile(r"(?<!\w)" + re.escape(mot) + r"(?!\w)", re.IGNORECASE)
    return motif.sub(correction, q, count=1)


def _candidats(vue: Vue, mot: str, statuts: Sequence[str]) -> list[tuple[str, int]]:
    """Corrections of one word with their cost, best first, one per indexed term (`permis` and
    `permi` are one). Words of the offers and of the field vocabulary are candidates; the cost is
    the edit distance, or one more than the distance of their French sounds when that is smaller
    (« informatik » is one from « informatique », two from « information »)."""
    plie = analyse.mot_plie(mot)
    if plie is None or len(plie) < 3 or not plie.isalpha():
        return []
    maximum = 1 if len(plie) <= 4 else DISTANCE_MAX
    proches: dict[str, int] = {}
    dictionnaires = [dictionnaire(seg) for seg, _ in vue.segments] + [_dictionnaire_vocabulaire()]
    for dico in dictionnaires:
        for candidat, d in dico.proches(plie, maximum + 1):
            d = min(d, distance(phonetique(plie), phonetique(candidat), maximum) + 1)
            if d <= maximum:
                proches[candidat] = min(d, proches.get(candidat, d))
    meilleurs: dict[str, tuple[int, int, int, str]] = {}
    frequences: dict[str, int] = {}
    for candidat, d in proches.items():
        terme = _terme_cherche(candidat)
        if terme is None:
            continue
        if terme not in frequences:
            frequences[terme] = _frequence(vue, terme, statuts)
        cle = (d, -frequences[terme], -_frequence_mot(vue, candidat), candidat)
        if frequences[terme] > 0 and (terme not in meilleurs or cle < meilleurs[terme]):
            meilleurs[terme] = cle
    return [(cle[-1], cle[0]) for cle in sorted(meilleurs.values())]


def _terme_cherche(mot: str) -> str | None:
    """What a search for this word reads: its vocabulary key when it is a phrase, else its term."""
    groupes = synonymes.groupes([mot])
    return groupes[0].terme if groupes else None


def _frequence_mot(vue: Vue, mot: str) -> int:
    """Documents containing this exact surface word (to prefer `permis` over a stray `permi`)."""
    return sum(seg.frequence_mot(mot) for seg, _ in vue.segments)


def _frequence(vue: Vue, terme: str, statuts: Sequence[str]) -> int:
    """Live offers with these statuts whose text contains the term."""
    total = 0
    for seg, vivants in vue.segments:
        p = seg.postings(terme)
        if p is not None:
            publies = bits.union([seg.statuts[s] for s in statuts], seg.n)
            total += bits.compter(p.bits & vivants & publies)
    return total


# --- dictionary --------------------------------------------------------------------------------


def _masque(mot: str) -> int:
    masque = 0
    for lettre in mot:
        i = _LETTRES.find(lettre)
        if i >= 0:
            masque |= 1 << i
    return masque


@dataclass
class Dictionnaire:
    """The spelling words of one segment, with columns that pre-filter candidates."""

    mots: list[str]
    initiales: npt.NDArray[np.uint32]
    longueurs: npt.NDArray[np.int64]
    masques: npt.NDArray[np.uint32]

    @classmethod
    def de(cls, mots: list[str]) -> Dictionnaire:
        mots = [m for m in mots if m.isalpha()]
        return cls(
            mots,
            np.fromiter((ord(m[0]) for m in mots), dtype=np.uint32, count=len(mots)),
            np.fromiter((len(m) for m in mots), dtype=np.int64, count=len(mots)),
            np.fromiter((_masque(m) for m in mots), dtype=np.uint32, count=len(mots)),
        )

    def proches(self, mot: str, maximum: int) -> list[tuple[str, int]]:
        """Words within `maximum` edits of `mot` (same first letter), with their distance."""
        filtre = (
            (self.initiales == ord(mot[0]))
            & (np.abs(self.longueurs - len(mot)) <= maximum)
            & (np.bitwise_count(self.masques ^ np.uint32(_masque(mot))) <= 2 * maximum)
        )
        trouves = []
        for i in np.flatnonzero(filtre):
            candidat = self.mots[i]
            d = distance(mot, candidat, maximum)
            if 0 < d <= maximum:
                trouves.append((candidat, d))
        return trouves


_verrou = threading.Lock()


@cache
def _dictionnaire_vocabulaire() -> Dictionnaire:
    return Dictionnaire.de(sorted(synonymes.mots_du_vocabulaire()))


_SONS = (
    ("eaux", "o"), ("eau", "o"), ("aux", "o"), ("au", "o"), ("ph", "f"), ("qu", "k"), ("ck", "k"),
    ("cc", "k"), ("ch", "S"), ("sh", "S"), ("tion", "sion"), ("ai", "e"), ("ei", "e"), ("ez", "e"),
    ("er", "e"), ("et", "e"), ("gu", "g"), ("ge", "j"), ("gi", "ji"), ("gy", "ji"), ("ce", "se"),
    ("ci", "si"), ("cy", "si"), ("c", "k"), ("w", "v"), ("y", "i"), ("x", "ks"), ("h", ""),
)


def phonetique(mot: str) -> str:
    """A rough French sound of a folded word, so that a word typed as it sounds finds its
    spelling: `k`/`qu`/`c`, `f`/`ph`, `o`/`au`/`eau`, `é`/`er`/`ez`, silent `h`, doubled and silent
    final letters."""
    for graphie, son in _SONS:
        mot = mot.replace(graphie, son)
    simple = "".join(c for i, c in enumerate(mot) if i == 0 or c != mot[i - 1])
    return simple.rstrip("estdx") or simple


def dictionnaire(seg: Segment) -> Dictionnaire:
    """The segment's dictionary, built on first use (a suggestion is rarely needed)."""
    trouve: Dictionnaire | None = seg.dictionnaire
    if trouve is None:
        with _verrou:
            trouve = seg.dictionnaire
            if trouve is None:
                trouve = seg.dictionnaire = Dictionnaire.de(seg.lexique())
    return trouve


def distance(a: str, b: str, maximum: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), `maximum + 1` once exceeded."""
    if abs(len(a) - len(b)) > maximum:
        return maximum + 1
    precedente: list[Any] = []
    courante = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        avant, precedente, courante = precedente, courante, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cout = 0 if a[i - 1] == b[j - 1] else 1
            courante[j] = min(precedente[j] + 1, courante[j - 1] + 1, precedente[j - 1] + cout)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                courante[j] = min(courante[j], avant[j - 2] + 1)
        if min(courante) > maximum:
            return maximum + 1
    return courante[-1]
