"""One segment standing for every segment of a generation: what the engine evaluates.

Why: a search costs the engine a fixed amount per segment, whatever its size (about a hundred
numpy calls on bit sets and columns: zone, radius, filters, facets, best hits). An index made of
a rebuild's big segment and of the small segments imports and edits add paid it once per segment:
one 2,000-offer segment beside 100,000 offers raised the engine's CPU per search from 3.65 to
4.4 ms, and nine segments cost the server 9.9 ms of CPU per request against 7.1 compacted.

How: the parts are laid end to end, each starting at a multiple of 64 documents, so that a bit
set of the whole is the concatenation of the parts' words (no shifting). The documents of the
gaps are never alive, so no search reaches them. Columns and facet rows are concatenated when a
generation is loaded (a few milliseconds for 100,000 offers); sparse sets and text postings on
first use, from the parts' own caches, which outlive generations. Values the engine derives
(`Segment.derive`) are computed again on the whole, once per generation.

The parts stay what the rest of the package reads (`Vue.segments`: versions, spelling, counts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from search import bits
from search.documents import STATUTS
from search.segments import ABSENT, PostingsTerme, Segment


@dataclass
class SegmentFusionne(Segment):
    """The parts of a generation end to end (module docstring), read by the engine like any
    `Segment`; spelling and versions read the parts."""

    parties: list[Segment] = field(default_factory=list)
    #: document number, in the whole, of each part's document 0 (a multiple of 64)
    debuts: list[int] = field(default_factory=list)
    reels: int = 0

    @property
    def documents(self) -> int:
        return self.reels

    def ensemble(self, sorte: str, cle: str) -> bits.Bits:
        trouve = self._cache_bits.get((sorte, cle))
        if trouve is ABSENT:
            trouve = np.concatenate([p.ensemble(sorte, cle) for p in self.parties])
            self._cache_bits.put((sorte, cle), trouve, trouve.nbytes)
        return trouve

    def postings(self, terme: str) -> PostingsTerme | None:
        trouve = self._cache_postings.get(terme)
        if trouve is ABSENT:
            trouve = self._postings_des_parties(terme)
            self._cache_postings.put(terme, trouve, 64 if trouve is None else trouve.taille)
        return trouve

    def _postings_des_parties(self, terme: str) -> PostingsTerme | None:
        parties = [p.postings(terme) for p in self.parties]
        if all(p is None for p in parties):
            return None
        return PostingsTerme(
            np.concatenate([p.docnums + np.int32(d) for p, d in zip(parties, self.debuts, strict=True)
                            if p is not None]),
            np.concatenate([p.poids for p in parties if p is not None]),
            np.concatenate([p.bits if p is not None else bits.vide(s.n)
                            for p, s in zip(parties, self.parties, strict=True)]),
        )

    def rangs_des_ids(self, rangs: Sequence[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
        """Each document's place among all the ids in order, from each part's own (`rangs`):
        the parts' orders are merged as sorted runs (Timsort), not sorted again."""
        runs: list[int] = []
        for rang, debut in zip(rangs, self.debuts, strict=True):
            ordre = np.empty(len(rang), dtype=np.int64)
            ordre[rang] = np.arange(len(rang))
            runs.extend((ordre + debut).tolist())
        ids = self.ids
        ordre_global = np.asarray(sorted(runs, key=ids.__getitem__), dtype=np.int64)
        resultat = np.full(self.n, len(ordre_global), dtype=np.int64)  # the gaps: last
        resultat[ordre_global] = np.arange(len(ordre_global))
        return resultat


def fusionner(vue: Sequence[tuple[Segment, bits.Bits]],
              precedent: SegmentFusionne | None = None) -> tuple[SegmentFusionne, bits.Bits]:
    """The generation's segments (at least one) as one, with the bits of its live documents.
    `precedent`, the previous generation's, is kept when its parts are the same segments (a
    generation that only deletes documents): its caches and derived values stay warm."""
    parties = [seg for seg, _ in vue]
    vivants = np.concatenate([v for _, v in vue])
    if precedent is not None and len(precedent.parties) == len(parties) and all(
        a is b for a, b in zip(precedent.parties, parties, strict=True)
    ):
        return precedent, vivants
    tailles = [bits.mots(seg.n) * 64 for seg in parties]
    debuts = [int(d) for d in np.cumsum([0, *tailles[:-1]])]
    n = debuts[-1] + parties[-1].n

    def colonne(nom: str, manque: float) -> npt.NDArray[np.float64]:
        return np.concatenate([_complete(getattr(p, nom), t, manque)
                               for p, t in zip(parties, tailles, strict=True)])[:n]

    def bits_de(lire: Callable[[Segment], bits.Bits]) -> bits.Bits:
        return np.concatenate([lire(p) for p in parties])

    def statut(nom: str) -> bits.Bits:
        return bits_de(lambda p: p.statuts[nom])

    def textes(nom: str) -> list[str]:
        return [x for p, t in zip(parties, tailles, strict=True)
                for x in [*getattr(p, nom), *[""] * (t - p.n)]][:n]

    fusion = SegmentFusionne(
        segid="+".join(p.segid for p in parties), n=n, ids=textes("ids"),
        versions=textes("versions"),
        statuts={s: statut(s) for s in STATUTS},
        facettes=np.concatenate([p.facettes for p in parties], axis=1),
        zones={}, partout=bits_de(lambda p: p.partout), a_distance=bits_de(lambda p: p.a_distance),
        lieux={}, structures={}, sources={}, doublons=_doublons(parties, debuts),
        latitude=colonne("latitude", np.nan), longitude=colonne("longitude", np.nan),
        position_estimee=bits_de(lambda p: p.position_estimee),
        sans_position=bits_de(lambda p: p.sans_position),
        heures=colonne("heures", np.nan), qualite=colonne("qualite", 0.0),
        longueur=colonne("longueur", 0.0),
        parties=parties, debuts=debuts, reels=sum(p.n for p in parties),
    )
    return fusion, vivants


def _complete(colonne: npt.NDArray[np.float64], taille: int, manque: float) -> npt.NDArray[np.float64]:
    return np.concatenate([colonne, np.full(taille - len(colonne), manque)])


def _doublons(parties: Sequence[Segment], debuts: Sequence[int]) -> dict[str, npt.NDArray[np.int64]]:
    morceaux: dict[str, list[npt.NDArray[np.int64]]] = {}
    for p, debut in zip(parties, debuts, strict=True):
        for cle, docs in p.doublons.items():
            morceaux.setdefault(cle, []).append(docs + debut)
    return {cle: np.concatenate(m) for cle, m in morceaux.items()}
