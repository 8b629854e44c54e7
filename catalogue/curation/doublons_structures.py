"""Structure duplicate candidates: the same structure entered by two sources (or twice by one).

Two structures are candidates when they share a SIRET, or when they are in the same commune with
names alike once normalised (accents, case, punctuation, the generic words "association",
"structure"… and "(démo)" left out). Pairs are found by blocking — same SIRET, or same commune and
same first significant word of the name — so no structure is compared with every other one. Pairs
said distinct (`NonDoublon` with `objet = "structure"`) are never proposed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from itertools import combinations

from catalogue.curation.doublons import Candidat
from catalogue.models import Structure
from catalogue.texte import normaliser

#: names this alike (0–1) in one commune make a candidate
NOM_MIN = 0.8
_GENERIQUES = frozenset("association structure centre service services de du des la le les l d "
                        "demo".split())


def nom_normalise(nom: str) -> str:
    return " ".join(m for m in normaliser(nom.replace("(démo)", "")).split() if m not in _GENERIQUES)


def _blocs(structures: list[Structure]) -> Iterable[list[Structure]]:
    par_cle: dict[str, list[Structure]] = defaultdict(list)
    for st in structures:
        if st.siret:
            par_cle[f"siret:{st.siret}"].append(st)
        mots = nom_normalise(st.nom).split()
        if st.code_insee and mots:
            par_cle[f"lieu:{st.code_insee}:{mots[0]}"].append(st)
    return par_cle.values()


def evaluer(a: Structure, b: Structure) -> Candidat | None:
    """The pair as a candidate (score in [0, 1], reasons in French), or None."""
    nom = SequenceMatcher(None, nom_normalise(a.nom), nom_normalise(b.nom)).ratio()
    meme_siret = bool(a.siret) and a.siret == b.siret
    meme_commune = bool(a.code_insee) and a.code_insee == b.code_insee
    if not meme_siret and not (meme_commune and nom >= NOM_MIN):
        return None
    raisons = ["Même SIRET"] if meme_siret else []
    raisons.append(f"Noms proches ({round(nom * 100)} %)")
    if meme_commune:
        raisons.append("Même commune")
    score = 0.5 * meme_siret + 0.3 * nom + 0.2 * meme_commune
    x, y = sorted((a.id, b.id))
    return Candidat(x, y, round(score, 3), tuple(raisons))


def candidats(structures: Iterable[Structure],
              exclus: set[tuple[str, str]] | None = None) -> list[Candidat]:
    """Candidate pairs, best first; `exclus` are sorted id pairs said not to be duplicates."""
    trouves: dict[tuple[str, str], Candidat] = {}
    for bloc in _blocs(list(structures)):
        for a, b in combinations(bloc, 2):
            paire = (min(a.id, b.id), max(a.id, b.id))
            if paire in trouves or (exclus and paire in exclus):
                continue
            if (c := evaluer(a, b)) is not None:
                trouves[paire] = c
    return sorted(trouves.values(), key=lambda c: (-c.score, c.a, c.b))
