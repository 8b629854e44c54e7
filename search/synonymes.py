"""The field's vocabulary: acronyms, everyday words and long forms that say the same thing.

The groups live in `vocabulaire.json` (data, not code: the people who know the field edit it),
each with a key (`~garde-enfants`), its phrases, and the data·inclusion labels it takes from the
schema package (thématiques, réseaux porteurs), never retyped. Phrases are analysed like any text
(elision, accents, stop words, stems), so `garde d'enfants`, `garde des enfants` and
`Gardes d’enfant` are the same phrase.

- Index time, `cles_trouvees` gives the key of every phrase found in a text: an offer saying
  "assistante maternelle" gets the term `~garde-enfants` besides its own words.
- Query time, `groupes` turns what a référent typed into required groups. A phrase of the
  vocabulary becomes one group that matches its key *or* its own words (`Groupe.litteraux`); the
  engine ranks the offers that have the words typed above those reached only through the key, so
  "halte-garderie" puts the halte-garderie first and the crèches after it.

Multi-word synonyms therefore need no positions or phrase queries: one posting list per key.
Keys start with `~`, which the tokenizer never produces, so they cannot collide with a word.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from catalogue.referentiels import vocabulaires
from search import analyse

FICHIER = Path(__file__).with_name("vocabulaire.json")


@dataclass(frozen=True)
class Synonymes:
    cle: str
    phrases: tuple[str, ...]
    #: where the group comes from (thématiques, réseaux porteurs, conventions, usage)
    origine: str = ""


def _groupe(brut: dict[str, Any]) -> Synonymes:
    phrases = list(brut.get("phrases", ()))
    for champ, slugs in (("thematiques", brut.get("thematiques", ())),
                         ("reseaux_porteurs", brut.get("reseaux", ()))):
        libelles = vocabulaires.libelles(champ)
        phrases += [libelles[slug] for slug in slugs]  # KeyError: a slug the schema lacks
    return Synonymes("~" + brut["cle"], tuple(dict.fromkeys(phrases)), brut.get("origine", ""))


@cache
def table() -> tuple[Synonymes, ...]:
    """Every group of the vocabulary file, with the schema's labels it names."""
    donnees = json.loads(FICHIER.read_text(encoding="utf-8"))
    return tuple(_groupe(g) for g in donnees["groupes"])


@cache
def _phrases() -> dict[tuple[str, ...], str]:
    """Analysed phrase -> key, every phrase of the vocabulary."""
    phrases: dict[tuple[str, ...], str] = {}
    for groupe in table():
        for phrase in groupe.phrases:
            analysee = tuple(analyse.termes(phrase))
            if analysee:
                phrases.setdefault(analysee, groupe.cle)
    return phrases


@cache
def _index_des_phrases() -> tuple[dict[str, str], dict[tuple[str, str], tuple[tuple[list[str], str], ...]]]:
    """Phrases of one term (term -> key), and phrases of several terms by their first two terms,
    longest first: finding the phrase at a position is then one or two dict lookups, whatever
    the size of the vocabulary."""
    seules: dict[str, str] = {}
    longues: dict[tuple[str, str], list[tuple[list[str], str]]] = {}
    for phrase, cle in _phrases().items():
        if len(phrase) == 1:
            seules[phrase[0]] = cle
        else:
            longues.setdefault((phrase[0], phrase[1]), []).append((list(phrase), cle))
    return seules, {debut: tuple(sorted(liste, key=lambda pc: -len(pc[0])))
                    for debut, liste in longues.items()}


@cache
def _premiers() -> frozenset[str]:
    """Every term a phrase starts with."""
    return frozenset(phrase[0] for phrase in _phrases())


def _phrase_a(termes: list[str], i: int) -> tuple[int, str] | None:
    """The longest phrase starting at `termes[i]`: (its length, its key)."""
    seules, longues = _index_des_phrases()
    if i + 1 < len(termes):
        for phrase, cle in longues.get((termes[i], termes[i + 1]), ()):
            if termes[i : i + len(phrase)] == phrase:
                return len(phrase), cle
    seule = seules.get(termes[i])
    return (1, seule) if seule is not None else None


def cles_trouvees(termes: list[str]) -> list[str]:
    """Key of every phrase occurrence of the vocabulary in a text's terms (a key once per
    occurrence).

    Most texts contain no first word of any phrase: one C-level set test settles them."""
    premiers = _premiers()
    if premiers.isdisjoint(termes):
        return []
    return [trouve[1] for i, t in enumerate(termes)
            if t in premiers and (trouve := _phrase_a(termes, i)) is not None]


@dataclass(frozen=True)
class Groupe:
    """One required unit of a query: a word, or a phrase of the vocabulary.

    An offer matches it if it has every term of `litteraux` (the words typed), or the key `cle`
    (a synonym of them)."""

    #: the key of the vocabulary phrase typed, or the word's own term when it is in no phrase
    terme: str
    #: the words the référent typed for it (for suggestions)
    mots: tuple[str, ...]
    #: the terms of the words typed
    litteraux: tuple[str, ...] = ()

    @property
    def cle(self) -> str | None:
        """The vocabulary key, when the group is a phrase of the vocabulary."""
        return self.terme if self.terme.startswith("~") else None

    @property
    def termes(self) -> tuple[str, ...]:
        """Every term whose postings the group reads."""
        return (*self.litteraux, self.terme) if self.cle else self.litteraux or (self.terme,)


def groupes(mots: Sequence[str]) -> list[Groupe]:
    """Query side: typed words (as `analyse.mots_bruts` gives them) -> required groups.

    A phrase of the vocabulary becomes its key (with its own terms kept as `litteraux`); any other
    word becomes its term; stop words vanish. Duplicates are dropped (`atelier ateliers` is one
    group).
    """
    analyses = [(m, t) for m in mots if (t := analyse.terme(m)) is not None]
    termes = [t for _, t in analyses]
    resultat: list[Groupe] = []
    i = 0
    while i < len(termes):
        trouve = _phrase_a(termes, i)
        n, terme = trouve if trouve is not None else (1, termes[i])
        if all(g.terme != terme for g in resultat):
            litteraux = tuple(dict.fromkeys(termes[i : i + n]))
            resultat.append(Groupe(terme, tuple(m for m, _ in analyses[i : i + n]), litteraux))
        i += n
    return resultat


@cache
def mots_du_vocabulaire() -> frozenset[str]:
    """Folded words of every phrase (the spelling suggestions may propose them)."""
    mots: set[str] = set()
    for groupe in table():
        for phrase in groupe.phrases:
            mots.update(m for m in analyse.analyser(phrase)[1] if len(m) > 2 and m.isalpha())
    return frozenset(mots)
