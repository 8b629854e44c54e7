"""Values typed by people -> data·inclusion v1 slugs: labels instead of slugs, closest slug as suggestion.

Spreadsheet producers type "Garde d'enfants" where the schema wants `famille--garde-denfants`. The
labels come from the schema package (`catalogue.referentiels.vocabulaires.libelles`), compared with
accents, case, punctuation and spaces ignored (`catalogue.texte.cle_compacte`). A catégorie label
("Mobilité") typed in `thematiques` stands for all its thématiques, and says so. What matches nothing
gets the closest valid slug as a suggestion (`difflib.get_close_matches`), never an automatic choice.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache, lru_cache

from catalogue.referentiels import vocabulaires
from catalogue.texte import cle_compacte, normaliser

#: separators people use in a list cell, besides the comma of the producer template
SEPARATEURS = (";", "\n", "|")
#: how many comma-separated pieces a label may span ("…mobilité douce, partagée ou collective")
PIECES_PAR_LIBELLE_MAX = 4
SEUIL_SUGGESTION = 0.6


@dataclass(frozen=True)
class Lecture:
    """What a typed value stands for in one vocabulary."""

    texte: str
    slugs: tuple[str, ...] = ()
    #: "slug", "libelle" (a label or a loose spelling of the slug) or "categorie"
    comment: str | None = None
    #: closest valid slug when nothing matched
    suggestion: str | None = None

    @property
    def reconnue(self) -> bool:
        return bool(self.slugs)


@dataclass(frozen=True)
class _Index:
    par_cle: dict[str, tuple[tuple[str, ...], str]]
    #: normalised label or slug -> slug, for suggestions
    candidats: dict[str, str]


@cache
def _index(champ: str) -> _Index:
    libelles = vocabulaires.libelles(champ)
    cles: dict[str, set[tuple[tuple[str, ...], str]]] = {}

    def ajouter(cle: str, slugs: tuple[str, ...], comment: str) -> None:
        if cle:
            cles.setdefault(cle, set()).add((slugs, comment))

    candidats: dict[str, str] = {}
    for slug, libelle in libelles.items():
        ajouter(cle_compacte(libelle), (slug,), "libelle")
        ajouter(cle_compacte(slug), (slug,), "libelle")
        candidats[normaliser(libelle)] = slug
        candidats[normaliser(slug)] = slug
        if "--" in slug:
            ajouter(cle_compacte(slug.split("--", 1)[1]), (slug,), "libelle")
    if champ == "thematiques":
        for categorie, libelle in vocabulaires.libelles("categories").items():
            toutes = vocabulaires.thematiques_de(categorie)
            ajouter(cle_compacte(libelle), toutes, "categorie")
            ajouter(cle_compacte(categorie), toutes, "categorie")
    # a key that means two different things is no key at all
    par_cle = {cle: next(iter(sens)) for cle, sens in cles.items() if len(sens) == 1}
    return _Index(par_cle, candidats)


@lru_cache(maxsize=4096)
def lire(champ: str, texte: str) -> Lecture:
    """One typed value of a vocabulary field (`thematiques`, `publics`, `type`, …)."""
    lecture = _chercher(champ, texte)
    if lecture.reconnue:
        return lecture
    return Lecture(lecture.texte, suggestion=suggestion(champ, lecture.texte))


def _chercher(champ: str, texte: str) -> Lecture:
    """`lire` without the (slow) suggestion."""
    texte = " ".join(str(texte).split())
    if texte in vocabulaires.valeurs(champ):
        return Lecture(texte, (texte,), "slug")
    trouve = _index(champ).par_cle.get(cle_compacte(texte))
    if trouve is None:
        return Lecture(texte)
    slugs, comment = trouve
    if len(slugs) == 1 and cle_compacte(texte) == cle_compacte(slugs[0]):
        comment = "slug"  # the slug itself, with other case or spaces: nothing to report
    return Lecture(texte, slugs, comment)


@lru_cache(maxsize=4096)
def suggestion(champ: str, texte: str) -> str | None:
    """The valid slug closest to what was typed, or None when nothing is close."""
    candidats = _index(champ).candidats
    proches = difflib.get_close_matches(normaliser(texte), list(candidats), n=1,
                                        cutoff=SEUIL_SUGGESTION)
    return candidats[proches[0]] if proches else None


def libelle(champ: str, slug: str) -> str:
    return vocabulaires.libelles(champ).get(slug, slug)


def decouper(cellule: str) -> list[str]:
    """The values of a list cell: comma-separated (or `;`, new lines), with or without spaces."""
    for separateur in SEPARATEURS:
        cellule = cellule.replace(separateur, ",")
    return [m.strip() for m in cellule.split(",") if m.strip()]


def lire_liste(champ: str, cellule: str) -> list[Lecture]:
    """Every value of a list cell. Pieces are glued back when together they make a label with a
    comma in it ("Utiliser des services de mobilité douce, partagée ou collective")."""
    pieces = decouper(cellule)
    lectures: list[Lecture] = []
    i = 0
    while i < len(pieces):
        lecture, i = _plus_longue(champ, pieces, i)
        lectures.append(lecture)
    return lectures


def _plus_longue(champ: str, pieces: list[str], debut: int) -> tuple[Lecture, int]:
    fin_max = min(len(pieces), debut + PIECES_PAR_LIBELLE_MAX)
    for fin in range(fin_max, debut + 1, -1):
        lecture = _chercher(champ, ", ".join(pieces[debut:fin]))
        if lecture.reconnue:
            return lecture, fin
    return lire(champ, pieces[debut]), debut + 1
