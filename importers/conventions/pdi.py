"""Fiches of the Lozère Programme départemental d'insertion 2014-2017 (seeds/003).

Each fiche sits on its page: "Axe" and the axe name, "Fiche n°3 Favoriser l'accès à la santé"
(its title may wrap), then the sections CONSTATS, OBJECTIFS, MISE EN OEUVRE (printed on two lines),
PILOTES and PARTENAIRES, whose value may start on the label's own line. The table of contents
lists the same "Fiche n°…" lines with dot leaders: those are not fiches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from importers.conventions import champs
from importers.conventions.lignes import Ligne, en_texte, en_une_ligne, etendue
from importers.conventions.modele import Fiche

#: "Fiche n°2 Favoriser la valorisation des compétences des"
DEBUT = re.compile(r"^Fiche n[°o]\s*(?P<numero>\d+)\s*(?P<titre>.*)$", re.IGNORECASE)
#: "Fiche n°1 - Accès aux droits ......9", "… du dispositif . .16": a line of the table of contents
SOMMAIRE = re.compile(r"(?:\.\s?){2,}\d+\s*$")
#: "Axe" alone, above the axe name and the fiche
AXE = re.compile(r"^Axe$", re.IGNORECASE)
#: the glossary follows the last fiche
FIN = re.compile(r"^GLOSSAIRE\b")
ETIQUETTES: champs.Etiquettes = (
    ("constats", re.compile(r"^CONSTATS\b")),
    ("objectifs", re.compile(r"^OBJECTIFS\b")),
    ("mise_en_oeuvre", re.compile(r"^MISE EN(?:\s+(?:OEUVRE|ŒUVRE))?\b")),
    ("mise_en_oeuvre", re.compile(r"^(?:OEUVRE|ŒUVRE)\b")),
    ("pilotes", re.compile(r"^PILOTES?\b")),
    ("partenaires", re.compile(r"^PARTENAIRES\b")),
)
#: how far above a fiche its "Axe" heading may be
PORTEE_AXE = 6


def _titre(lignes: Sequence[Ligne], debut: re.Match[str]) -> str:
    """The title after "Fiche n°k", with its wrapped lines up to the first blank or label."""
    mots = [debut["titre"]]
    for ligne in lignes[1:]:
        if ligne.vide or any(motif.match(ligne.propre) for _, motif in ETIQUETTES):
            break
        mots.append(ligne.propre)
    return " ".join(" ".join(mots).split())


def _axe(lignes: Sequence[Ligne]) -> str | None:
    noms = [ligne.propre for ligne in lignes if not ligne.vide and not AXE.match(ligne.propre)]
    return noms[0] if noms and not DEBUT.match(noms[0]) else None


def _description(parties: dict[str, champs.Section]) -> str:
    objectifs = parties["objectifs"].texte if "objectifs" in parties else ""
    mise_en_oeuvre = parties["mise_en_oeuvre"].texte if "mise_en_oeuvre" in parties else ""
    return champs.joindre(
        f"Objectifs :\n{objectifs}" if objectifs else None,
        f"Mise en œuvre :\n{mise_en_oeuvre}" if mise_en_oeuvre else None,
        separateur="\n\n",
    ) or (parties["constats"].texte if "constats" in parties else "")


def _fiche(lignes: Sequence[Ligne], tete: int) -> Fiche:
    """A fiche from its lines; `tete` is the index of its "Fiche n°" line."""
    debut = DEBUT.match(lignes[tete].propre)
    if debut is None:  # `_debuts` only gives "Fiche n°" lines
        raise ValueError(f"ligne {lignes[tete].no} : pas de « Fiche n° »")
    parties = champs.sections(lignes[tete + 1 :], ETIQUETTES)
    return Fiche(
        numero=debut["numero"],
        titre=_titre(lignes[tete:], debut),
        lignes=etendue(lignes),
        axe=_axe(lignes[:tete]),
        description=_description(parties),
        pilote=en_une_ligne(parties["pilotes"].lignes) or None if "pilotes" in parties else None,
        partenaires=en_texte(parties["partenaires"].lignes) or None
        if "partenaires" in parties
        else None,
    )


def _debuts(lignes: Sequence[Ligne]) -> list[tuple[int, int]]:
    """(first line, "Fiche n°" line) indexes of each fiche; the first is its "Axe" heading."""
    debuts: list[tuple[int, int]] = []
    for i, ligne in enumerate(lignes):
        if DEBUT.match(ligne.propre) and not SOMMAIRE.search(ligne.texte):
            plancher = debuts[-1][1] + 1 if debuts else 0
            axes = [j for j in range(max(plancher, i - PORTEE_AXE), i) if AXE.match(lignes[j].propre)]
            debuts.append((axes[-1] if axes else i, i))
    return debuts


def fiches(lignes: Sequence[Ligne]) -> list[Fiche]:
    """The fiches of a document in this layout (none when it is not)."""
    debuts = _debuts(lignes)
    resultat = []
    for k, (debut, tete) in enumerate(debuts):
        fin = debuts[k + 1][0] if k + 1 < len(debuts) else len(lignes)
        fin = next((j for j in range(tete, fin) if FIN.match(lignes[j].propre)), fin)
        resultat.append(_fiche(lignes[debut:fin], tete - debut))
    return resultat
