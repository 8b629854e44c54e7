"""The checkbox grid of a 2025-2027 convention fiche (seeds/004:2128-2171): what is ticked.

The left column of the grid ("Thématique / Choix unique", "Quels freins / Choix multiples",
"Public", "Cible QPV", "Cible zone rurale") is garbled by the conversion ("Quels", "freins",
"Choix", "multiples", "Darle II e", "Treins", "SIDIE OF V"…), so the option text is what counts: each
box is read with the text that follows it, and that text is matched against the vocabularies. The
left column only tells which grid row a bare "Autre" or "Non" belongs to.

A box is ticked when it is ⊠ ☑ ☒ ✓ ✔ or `[x]`, empty when it is ☐ □ or `[ ]`. Some fiches were
exported with the chosen options only, without any box (seeds/004:2844-2848): in a grid row that has
no box at all, every option printed is taken as chosen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from importers.conventions import vocabulaire as voc
from importers.conventions.lignes import Ligne

COCHEES = "⊠☑☒✓✔"
VIDES = "☐□"
#: `[x]` / `[ ]` boxes typed as text become box characters first
BOITE_TEXTE = re.compile(r"\[\s*[xX]\s*\]|\[\s\]")
#: a box and the option text after it (up to the next box or cell)
BOITE = re.compile(rf"([{COCHEES}{VIDES}])[\s\-]*([^{COCHEES}{VIDES}\t]*)")
#: "Autre", "Autres :", "Autre (montée en compétences)", "Autre : estime de soi"
AUTRE = re.compile(r"^Autres?\b\s*[:(]?\s*(?P<texte>.*?)[\s)]*$", re.IGNORECASE)
#: "BRSA" printed alone in the Public row (no box: the public every fiche serves); not the
#: "… des BRSA" of the Volet line, hence the tab or double space before it
BRSA_IMPRIME = re.compile(r"(?:^|\t| {2})BRSA(?=\s|$)")
#: the left-column words that open each grid row (garbled variants included)
RANGEES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("qpv", re.compile(r"PV\b|SIDIE")),
    ("rurale", re.compile(r"Cible zone|rurale", re.IGNORECASE)),
    ("thematique", re.compile(r"Th[ée]mati", re.IGNORECASE)),
    ("freins", re.compile(r"Quels|freins|Treins", re.IGNORECASE)),
    ("publics", re.compile(r"^[Pr]ublic\b")),
)
#: where the grid ends: the first section of the fiche text
FIN_DE_GRILLE = re.compile(r"^\W*(?:Contexte|Fiche-action|Constats|Pr[ée]sentation de l)", re.I)
#: a ticked option of a row without boxes, with what may follow it on the line
SANS_BOITE_AUTRE = re.compile(r"Autres?\s*:\s*(?P<texte>[^\t]+)", re.IGNORECASE)


@dataclass
class Grille:
    """What a fiche's grid says; empty values when the fiche has no grid."""

    etat: str | None = None
    thematique: str | None = None
    freins: list[str] = field(default_factory=list)
    autre_frein: str | None = None
    publics: list[str] = field(default_factory=list)
    publics_autre: str | None = None
    cible_qpv: str | None = None
    cible_rurale: str | None = None


@dataclass
class _Lecture:
    grille: Grille = field(default_factory=Grille)
    rangee: str | None = None
    boites_par_rangee: dict[str, int] = field(default_factory=dict)
    texte_par_rangee: dict[str, list[str]] = field(default_factory=dict)


def zone_de_grille(lignes: Sequence[Ligne]) -> list[Ligne]:
    """The lines of a fiche before its first text section."""
    for i, ligne in enumerate(lignes[1:], start=1):
        if FIN_DE_GRILLE.match(ligne.propre):
            return list(lignes[:i])
    return list(lignes)


def _etiquette(texte: str) -> str:
    """The left-column text of a grid line: before the first tab or box."""
    avant_boite = re.split(rf"[{COCHEES}{VIDES}]", texte, maxsplit=1)[0]
    return avant_boite.split("\t")[0].strip() if "\t" in texte else avant_boite.strip()


def _changer_de_rangee(lecture: _Lecture, texte: str) -> None:
    etiquette = _etiquette(texte)
    for rangee, motif in RANGEES:
        if etiquette and motif.search(etiquette):
            lecture.rangee = rangee
            return


def _noter_autre(lecture: _Lecture, texte: str) -> None:
    precision = texte or "non précisé"
    if lecture.rangee == "thematique":
        lecture.grille.thematique = lecture.grille.thematique or f"Autres : {precision}"
    elif lecture.rangee == "freins":
        lecture.grille.autre_frein = precision
    elif lecture.rangee == "publics":
        lecture.grille.publics_autre = texte or None


def _noter_cible(lecture: _Lecture, valeur: str) -> None:
    if lecture.rangee == "rurale":
        lecture.grille.cible_rurale = lecture.grille.cible_rurale or valeur
    elif lecture.rangee == "qpv":
        lecture.grille.cible_qpv = lecture.grille.cible_qpv or valeur


def _option(lecture: _Lecture, texte: str, cochee: bool) -> None:
    """Classify one boxed option; its vocabulary also tells which row we are in."""
    g = lecture.grille
    if (etat := voc.choix(texte, voc.ETATS)) is not None:
        g.etat = etat if cochee else g.etat
    elif (cible := voc.choix(texte, tuple(voc.CIBLES))) is not None:
        if cochee:
            _noter_cible(lecture, voc.CIBLES[cible])
    elif (autre := AUTRE.match(texte)) is not None:
        if cochee:
            _noter_autre(lecture, autre["texte"].strip(" :"))
    elif (theme := voc.choix(texte, voc.THEMATIQUES_CONVENTION)) is not None:
        lecture.rangee = "thematique"
        g.thematique = theme if cochee and g.thematique is None else g.thematique
    elif (slug := voc.frein(texte)) is not None:
        lecture.rangee = "freins"
        if cochee and slug not in g.freins:
            g.freins.append(slug)
    elif (public := voc.choix(texte, voc.PUBLICS_A_COCHER)) is not None:
        lecture.rangee = "publics"
        if cochee and public not in g.publics:
            g.publics.append(public)


def _lire_ligne(lecture: _Lecture, texte: str) -> None:
    _changer_de_rangee(lecture, texte)
    if BRSA_IMPRIME.search(texte) and "BRSA" not in lecture.grille.publics:
        lecture.grille.publics.insert(0, "BRSA")
    boites = list(BOITE.finditer(texte))
    if lecture.rangee is not None:
        compte = lecture.boites_par_rangee.get(lecture.rangee, 0)
        lecture.boites_par_rangee[lecture.rangee] = compte + len(boites)
        reste = "" if boites else texte.split("\t", 1)[-1]
        lecture.texte_par_rangee.setdefault(lecture.rangee, []).append(reste)
    for boite in boites:
        _option(lecture, " ".join(boite.group(2).split()), boite.group(1) in COCHEES)


def _rangees_sans_boite(lecture: _Lecture) -> None:
    """Rows printed without any box: every option named there was chosen."""
    g = lecture.grille
    if not lecture.boites_par_rangee.get("thematique"):
        texte = "\t".join(lecture.texte_par_rangee.get("thematique", []))
        g.thematique = g.thematique or next(
            iter(voc.libelles_cites(texte, voc.THEMATIQUES_CONVENTION)), None
        )
    if not lecture.boites_par_rangee.get("freins"):
        texte = "\t".join(lecture.texte_par_rangee.get("freins", []))
        g.freins = g.freins or voc.freins_cites(texte)
        if g.autre_frein is None and (autre := SANS_BOITE_AUTRE.search(texte)):
            g.autre_frein = autre["texte"].strip()


def lire_grille(lignes: Sequence[Ligne]) -> Grille:
    """Read the grid at the top of a fiche (`lignes` from the fiche start)."""
    lecture = _Lecture()
    zone = [BOITE_TEXTE.sub(_boite_texte, ligne.texte) for ligne in zone_de_grille(lignes)]
    if not any(c in texte for texte in zone for c in COCHEES + VIDES):
        return lecture.grille  # no box at all: not a grid (prose naming freins is not a choice)
    for texte in zone:
        _lire_ligne(lecture, texte)
    _rangees_sans_boite(lecture)
    return lecture.grille


def _boite_texte(m: re.Match[str]) -> str:
    return "⊠" if "x" in m.group(0).lower() else "☐"
