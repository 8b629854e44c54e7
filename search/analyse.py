"""French analysis: the same chain for offers at index time and for what a référent types.

    texte ──tokens──> « l'atelier », « crèches » ──élision──> atelier, crèches
          ──minuscules + accents──> atelier, creches ──mots vides──> (le, de, pour… dropped)
          ──racine──> ateli, crech

Choices, and why:
- Tokens are runs of letters/digits, apostrophes inside a word kept (`l'atelier`, `aujourd'hui`),
  so elision is an explicit step (`l'`, `d'`, `qu'`, `jusqu'`…), as in Lucene's ElisionFilter.
  Hyphens split (`auto-école` is `auto` + `ecol`).
- Accents are folded *before* stemming: référents type `creche`, `mobilite`, `francais`; the
  Snowball stemmer gives different stems for accented and unaccented spellings (`mobilité` ->
  `mobil`, `mobilite` -> `mobilit`), so it only ever sees the folded form.
- A light plural step (final `s`/`x`) runs before Snowball, which keeps `emplois` whole.
- Each distinct word is analysed once per process (`_MEMO`): the vocabulary of the
  field is small, the stemmer is pure Python, and this is what makes indexing 100,000 offers fast.

Everything returns plain `str` terms; Whoosh only ever sees terms produced here (see `schema`).
"""

from __future__ import annotations

import re

from whoosh.lang import stemmer_for_language, stopwords_for_language

from catalogue.texte import sans_accents

_MOT = re.compile(r"\w+(?:['’]\w+)*")
_ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")
_ELISION = re.compile("^(?:" + "|".join(_ELISIONS) + ")['’]")
_APOSTROPHE = re.compile(r"['’]")

#: Snowball's French list, folded, plus a few words that carry no meaning in an offer description.
MOTS_VIDES: frozenset[str] = frozenset(
    {sans_accents(m) for m in stopwords_for_language("fr")}
    | {"les", "aux", "ces", "cet", "cette", "dont", "ainsi", "afin", "etc", "tout", "tous", "toute"}
    | {"toutes", "chez", "entre", "vers", "sans", "sous", "tres", "plus", "peut", "peuvent"}
    # operators people paste from search engines: plain words here, and meaningless in an offer
    | {"and", "or", "not"}
)

_racine_snowball = stemmer_for_language("fr")


def plier(texte: str) -> str:
    """Lower case without accents (`Crèche` -> `creche`, `œuvre` -> `oeuvre`)."""
    return sans_accents(texte.lower())


def _sans_elision(mot: str) -> str:
    return _ELISION.sub("", mot, count=1)


def _singulier(mot: str) -> str:
    """`emplois` -> `emploi`; short words (`bus`, `mois`) are left alone, `-aux` is Snowball's."""
    if len(mot) > 4 and mot[-1] == "s" and mot[-2] != "s":
        return mot[:-1]
    return mot


def _analyser_mot(mot: str) -> tuple[str | None, str | None]:
    """(indexed term, folded surface word) of one lower-cased word; (None, None) for a stop word."""
    plie = _APOSTROPHE.sub("", plier(_sans_elision(mot)))
    if not plie or plie in MOTS_VIDES:
        return None, None
    if not plie.isalpha():
        return plie, plie  # codes and numbers (`15h`, `2025`) are kept as they are
    return _racine_snowball(_singulier(plie)), plie


#: word as typed (lower case) -> (term, folded word). A plain dict: the hit path of indexing is one
#: `dict.get` per word. Cleared when it grows past `_TAILLE_MAX` (texts full of unique codes).
_MEMO: dict[str, tuple[str | None, str | None]] = {}
_TAILLE_MAX = 500_000


def _analyse(mot: str) -> tuple[str | None, str | None]:
    resultat = _MEMO.get(mot)
    if resultat is None:
        if len(_MEMO) >= _TAILLE_MAX:
            _MEMO.clear()
        resultat = _MEMO[mot] = _analyser_mot(mot)
    return resultat


def mots_bruts(texte: str) -> list[str]:
    """Lower-cased words as typed (elision and accents still there)."""
    return _MOT.findall(texte.lower())


def analyser(texte: str) -> tuple[list[str], list[str]]:
    """Terms of a text in order (stop words removed, so phrases are stem sequences), and its
    folded words (the spelling vocabulary), from a single pass."""
    memo = _MEMO
    paires = [memo.get(brut) or _analyse(brut) for brut in _MOT.findall(texte.lower())]
    return (
        [t for t, _ in paires if t is not None],
        [m for t, m in paires if t is not None],  # type: ignore[misc]
    )


def termes(texte: str) -> list[str]:
    """Indexed terms of a text, in order."""
    return analyser(texte)[0]


def terme(mot: str) -> str | None:
    """The term of a single word (None for a stop word)."""
    return _analyse(mot.lower())[0]


def mot_plie(mot: str) -> str | None:
    """The folded form of a single word, as spelling suggestions show it."""
    return _analyse(mot.lower())[1]
