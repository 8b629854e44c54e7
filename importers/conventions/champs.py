"""Field readers shared by the fiche layouts: labelled sections and "Label : valeur" lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from importers.conventions.lignes import Ligne, en_texte, en_une_ligne

#: "Durée : 1 an", "Durée de l'action : 12 mois…", "Duree:1an" (not "Durée du parcours …")
DUREE = re.compile(r"\bDur[ée]e(?:\s+de\s+l['’]action)?\s*:\s*(?P<valeur>.*)", re.IGNORECASE)
#: "Volume de places : 250", "O Volume de public : 400 jeunes", "Nombre de participants : 1020"
VOLUME = re.compile(
    r"\b(?:Volume|Nombre de participants)\b[^:\n]{0,40}?:\s*(?P<valeur>.*)", re.IGNORECASE
)
#: "Coût unitaire / BRSA : 315€"
COUT_UNITAIRE = re.compile(r"\bCo[ûu]t unitaire[^:\n]{0,25}:\s*(?P<valeur>.*)", re.IGNORECASE)
#: what may follow a value on a merged line and is not part of it
SUITE_DE_VALEUR = re.compile(
    r"\s(?:Nature de la d[ée]pense|Mode de d[ée]signation|Montant|Temporalit[ée]|o\s(?=[A-ZÉ]))"
    r"|[☐□⊠☑]|\s{2,}•"
)
#: "1an" -> "1 an"
UNITE_COLLEE = re.compile(r"(\d)(ans?|mois|semaines?|jours?)\b")
#: "porté par la BGE", "est portée par l'UFOLEP", "Volet porté par Elan Créateur et …"
PORTE_PAR = re.compile(
    r"\bport[ée]e?s?\s+par\s+(?:l['’]|la\s|le\s|les\s)?[\"“«]?\s*"
    r"(?P<nom>[A-ZÉÀ0-9][^.;:,\n()]*?)\s*(?=[.;:,(]|$)"
)
#: the Département itself, however it is named ("le Département", "Conseil général – …")
DEPARTEMENT_LUI_MEME = re.compile(
    r"^(?:le\s|du\s)?(?:D[ée]partement|Conseil (?:d[ée]partemental|g[ée]n[ée]ral))\b", re.I
)


@dataclass
class Section:
    """A labelled part of a fiche: `lignes` starts with what follows the label on its own line."""

    nom: str
    lignes: list[Ligne] = field(default_factory=list)

    @property
    def texte(self) -> str:
        return en_texte(self.lignes)

    @property
    def une_ligne(self) -> str:
        return en_une_ligne(self.lignes)


Etiquettes = Sequence[tuple[str, re.Pattern[str]]]


def _etiquette(ligne: Ligne, etiquettes: Etiquettes) -> tuple[str, str] | None:
    for nom, motif in etiquettes:
        if m := motif.match(ligne.propre):
            return nom, ligne.propre[m.end() :].strip(" :\t")
    return None


def sections(lignes: Sequence[Ligne], etiquettes: Etiquettes) -> dict[str, Section]:
    """The labelled sections of some lines; a repeated label extends its first section."""
    trouvees: dict[str, Section] = {}
    courante: Section | None = None
    for ligne in lignes:
        if (etiquette := _etiquette(ligne, etiquettes)) is not None:
            nom, reste = etiquette
            courante = trouvees.setdefault(nom, Section(nom))
            if reste:
                courante.lignes.append(Ligne(ligne.no, reste))
        elif courante is not None:
            courante.lignes.append(ligne)
    return trouvees


def _valeur(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    valeur = SUITE_DE_VALEUR.split(" ".join(m["valeur"].split()), maxsplit=1)[0]
    valeur = UNITE_COLLEE.sub(r"\1 \2", valeur.strip(" :;-–•"))
    return valeur or None


def premiere_valeur(lignes: Sequence[Ligne], motif: re.Pattern[str]) -> str | None:
    """The value after the first "Label :" of this kind that has one."""
    for ligne in lignes:
        if valeur := _valeur(motif.search(ligne.propre)):
            return valeur
    return None


def duree(lignes: Sequence[Ligne]) -> str | None:
    return premiere_valeur(lignes, DUREE)


def volume(lignes: Sequence[Ligne]) -> str | None:
    return premiere_valeur(lignes, VOLUME)


def cout_unitaire(lignes: Sequence[Ligne]) -> str | None:
    return premiere_valeur(lignes, COUT_UNITAIRE)


def porteur(texte: str) -> str | None:
    """The organisation an action "is carried by", if the text says so."""
    m = PORTE_PAR.search(" ".join(texte.split()))
    return m["nom"].strip() if m else None


def designe_le_departement(nom: str) -> bool:
    return bool(DEPARTEMENT_LUI_MEME.match(nom.strip()))


def joindre(*parties: str | None, separateur: str = " ; ") -> str | None:
    """Non-empty parts joined, None when there is none."""
    pleines = [p.strip() for p in parties if p and p.strip()]
    return separateur.join(pleines) or None
