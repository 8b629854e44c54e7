"""A small curated synonym table for the words of insertion offers.

Each group has a key term (`~garde-enfants`) and the phrases people use for it. Phrases are
analysed like any text (elision, accents, stop words, stems), so `garde d'enfants`,
`garde des enfants` and `Gardes d’enfant` are the same phrase.

- Index time, `avec_synonymes` appends the key of every phrase found in the offer's text: an offer
  saying "assistante maternelle" gets the token `~garde-enfants`.
- Query time, `groupes` replaces a phrase the référent typed with that key, so `crèche` finds the
  offer above, and so does `garde d'enfants` (one required group, not two words).

Multi-word synonyms therefore need no positions or phrase queries: one posting list per group.
Keys start with `~`, which the tokenizer never produces, so they cannot collide with a word.
Sources: the vocabulary of data·inclusion thématiques and of the convention forms (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from search import analyse


@dataclass(frozen=True)
class Synonymes:
    cle: str
    phrases: tuple[str, ...]


TABLE: tuple[Synonymes, ...] = (
    Synonymes(
        "~garde-enfants",
        (
            "garde d'enfants",
            "crèche",
            "assistante maternelle",
            "assistant maternel",
            "halte-garderie",
            "mode de garde",
            "micro-crèche",
        ),
    ),
    Synonymes(
        "~permis",
        ("permis", "permis de conduire", "auto-école", "code de la route"),
    ),
    Synonymes("~cv", ("CV", "curriculum", "curriculum vitae")),
    Synonymes(
        "~fle",
        ("FLE", "français langue étrangère", "cours de français", "ateliers sociolinguistiques"),
    ),
    Synonymes("~rsa", ("RSA", "revenu de solidarité active")),
    Synonymes("~caf", ("CAF", "caisse d'allocations familiales")),
    Synonymes("~france-travail", ("France Travail", "Pôle emploi")),
    Synonymes("~illectronisme", ("illectronisme", "fracture numérique", "e-inclusion")),
    Synonymes("~mdph", ("MDPH", "maison départementale des personnes handicapées")),
)


@cache
def _phrases() -> dict[tuple[str, ...], str]:
    """Analysed phrase -> key, every phrase of the table."""
    phrases: dict[tuple[str, ...], str] = {}
    for groupe in TABLE:
        for phrase in groupe.phrases:
            analysee = tuple(analyse.termes(phrase))
            if analysee:
                phrases[analysee] = groupe.cle
    return phrases


@cache
def _par_premier() -> dict[str, tuple[tuple[list[str], str], ...]]:
    """First term -> the phrases starting with it, longest first, each with its key."""
    suites: dict[str, list[tuple[list[str], str]]] = {}
    for phrase, cle in _phrases().items():
        suites.setdefault(phrase[0], []).append((list(phrase), cle))
    return {premier: tuple(sorted(liste, key=lambda pc: -len(pc[0])))
            for premier, liste in suites.items()}


def _phrase_a(termes: list[str], i: int) -> tuple[int, str] | None:
    """The longest phrase starting at `termes[i]`: (its length, its key)."""
    for phrase, cle in _par_premier().get(termes[i], ()):
        if termes[i : i + len(phrase)] == phrase:
            return len(phrase), cle
    return None


def cles_trouvees(termes: list[str]) -> list[str]:
    """Key of every phrase occurrence of the table in a text's terms (a key once per occurrence).

    Most texts contain no first word of any phrase: one C-level set test settles them."""
    suites = _par_premier()
    if suites.keys().isdisjoint(termes):
        return []
    return [trouve[1] for i, t in enumerate(termes)
            if t in suites and (trouve := _phrase_a(termes, i)) is not None]


def avec_synonymes(termes: list[str]) -> list[str]:
    """Index side: the terms plus a key per phrase of the table the text contains."""
    return termes + cles_trouvees(termes)


@dataclass(frozen=True)
class Groupe:
    """One required unit of a query: a word's term, or a synonym key standing for a phrase."""

    terme: str
    #: the words the référent typed for it (for suggestions)
    mots: tuple[str, ...]


def groupes(mots: Sequence[str]) -> list[Groupe]:
    """Query side: typed words (as `analyse.mots_bruts` gives them) -> required groups.

    A phrase of the table becomes its key; any other word becomes its term; stop words vanish.
    Duplicates are dropped (`atelier ateliers` is one group).
    """
    analyses = [(m, t) for m in mots if (t := analyse.terme(m)) is not None]
    termes = [t for _, t in analyses]
    resultat: list[Groupe] = []
    i = 0
    while i < len(termes):
        trouve = _phrase_a(termes, i)
        n, terme = trouve if trouve is not None else (1, termes[i])
        if all(g.terme != terme for g in resultat):
            resultat.append(Groupe(terme, tuple(m for m, _ in analyses[i : i + n])))
        i += n
    return resultat
