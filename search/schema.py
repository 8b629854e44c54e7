"""The Whoosh schema: what one offer looks like inside the index.

Whoosh is used for what it does well: an inverted index on disk in immutable segments, atomic
generations (a new table of contents per commit), a writer lock, deletions, a term dictionary that
spelling suggestions can walk. Filters, facets and ranking are evaluated on columns held in memory
(see `segments`), so the schema has four fields:

- `id` (unique): `delete_by_term` finds the previous version of an offer through it. Not a
  stored field (the `lignes` column has it): Whoosh would pickle and compress a stored-fields dict
  per document. Indexes made when it was stored keep working as they are;
- `texte`: terms of every searched field + vocabulary keys, *already analysed* by
  `search.analyse`. The posting weight is the term frequency with each field's words counted
  `POIDS_CHAMPS[champ]` times, so a single posting list per term carries the field boosts (BM25F
  on one field);
- `mots`: folded unstemmed words of the offer: the dictionary of spelling suggestions;
- `lignes`: a column holding one `documents.Ligne` (as a plain tuple) per document: ids, versions,
  zones, vocabulary slugs, coordinates, hours, quality. `Lignes` writes the whole segment's rows as
  one pickle, so a reader loads 100,000 rows in one call instead of 100,000 stored-field lookups.
  Whoosh copies column values when it merges segments, so the rows follow their documents.

`Termes` takes the pre-analysed `{terme: (fréquence, poids)}` mapping instead of a string: the
analysis runs once per distinct word (memoised), never through Whoosh's generator chain.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from typing import Any

from whoosh import columns, fields, formats

#: What a word weighs in each searched field, against a word of the offer's description.
#: The offer's name says what it is; the structure's name is how référents often know it
#: (« Mission locale », « Agefiph »); réseaux porteurs are its family (« PLIE », « SIAO »);
#: the labels of thématiques (with type and frais) and of publics are the producer's own
#: classification; the structure's
#: description speaks of all its offers at once, hence the least weight. Tested in
#: `tests/test_search_champs.py`.
POIDS_CHAMPS: dict[str, float] = {
    "nom": 3.0,
    "structure_nom": 2.0,
    "reseaux_porteurs": 1.5,
    "description": 1.0,
    "thematiques": 1.0,
    "publics": 1.0,
    "structure_description": 0.5,
}


class Termes(fields.FieldType):
    """A field fed with `{terme: (fréquence, poids)}`; frequencies sum to the field length.

    Always scorable: Whoosh then keeps a length column for it, and the posting writer finds that
    column once instead of looking for a missing file at every posting.
    """

    def __init__(self) -> None:
        self.format = formats.Existence()
        self.scorable = True
        self.stored = False
        self.unique = False
        self.vector = None
        self.analyzer = None  # never used: values arrive analysed

    def index(self, value: Mapping[str, tuple[int, float]], **kwargs: Any) -> Iterator[Any]:
        for terme in sorted(value):
            frequence, poids = value[terme]
            yield terme.encode("utf-8"), frequence, poids, b""

    def self_parsing(self) -> bool:
        return True


class Lignes(columns.Column):
    """A column of arbitrary picklable rows, written and read as one block per segment."""

    _default = None

    class Writer(columns.ColumnWriter):
        def __init__(self, dbfile: Any) -> None:
            self._dbfile = dbfile
            self._lignes: list[Any] = []

        def add(self, docnum: int, value: Any) -> None:
            self._lignes.extend([None] * (docnum - len(self._lignes)))
            # plain tuples: unpickling 100,000 named tuples costs a constructor call each
            self._lignes.append(tuple(value) if value is not None else None)

        def finish(self, doccount: int) -> None:
            self._lignes.extend([None] * (doccount - len(self._lignes)))
            self._dbfile.write(pickle.dumps(self._lignes, protocol=pickle.HIGHEST_PROTOCOL))

    class Reader(columns.ColumnReader):
        def __init__(self, dbfile: Any, basepos: int, length: int, doccount: int) -> None:
            super().__init__(dbfile, basepos, length, doccount)
            self._lignes: list[Any] | None = None

        def toutes(self) -> list[Any]:
            if self._lignes is None:
                self._lignes = pickle.loads(self._dbfile.get(self._basepos, self._length))
            return self._lignes

        def __getitem__(self, docnum: int) -> Any:
            return self.toutes()[docnum]

        def __iter__(self) -> Iterator[Any]:
            return iter(self.toutes())


class ChampLignes(fields.COLUMN):
    """Not indexed, not stored: only the `Lignes` column."""

    def __init__(self) -> None:
        super().__init__(Lignes())

    def to_column_value(self, value: Any) -> Any:
        return value

    def from_column_value(self, value: Any) -> Any:
        return value


def creer() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(unique=True),
        texte=Termes(),
        mots=Termes(),
        lignes=ChampLignes(),
    )
