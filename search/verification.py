"""`check`: compare the index with the database, and repair the differences.

The database is the truth (ARCHITECTURE.md). Each side gives `id -> version` (`Index.versions()`
and the catalogue's own hashes of the rows, every statut included: the index holds every offer,
searches filter on statut). A difference is one of:

- `manquants`: in the database, not in the index (an index write that failed after a commit);
- `perimes`: in both, with another version (a change whose index update was lost);
- `en_trop`: in the index, not in the database (a delete whose index update was lost).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search.index import Index


@dataclass(frozen=True)
class Ecarts:
    manquants: list[str]
    perimes: list[str]
    en_trop: list[str]

    @property
    def aucun(self) -> bool:
        return not (self.manquants or self.perimes or self.en_trop)

    def __len__(self) -> int:
        return len(self.manquants) + len(self.perimes) + len(self.en_trop)


def comparer(index_versions: Mapping[str, str], db_versions: Mapping[str, str]) -> Ecarts:
    """Differences between the index and the database, each list sorted by id."""
    return Ecarts(
        manquants=sorted(db_versions.keys() - index_versions.keys()),
        perimes=sorted(
            i for i in db_versions.keys() & index_versions.keys()
            if db_versions[i] != index_versions[i]
        ),
        en_trop=sorted(index_versions.keys() - db_versions.keys()),
    )


def reparer(
    index: Index,
    ecarts: Ecarts,
    charger: Callable[[list[str]], Iterable[Mapping[str, Any]]],
) -> int:
    """Apply the repair: upsert missing and stale offers (`charger(ids)` serialises them from the
    database), delete the extra ones. Returns how many documents were written or deleted."""
    a_ecrire = ecarts.manquants + ecarts.perimes
    ecrits = index.upsert(charger(a_ecrire)) if a_ecrire else 0
    supprimes = index.delete(ecarts.en_trop) if ecarts.en_trop else 0
    return ecrits + supprimes
