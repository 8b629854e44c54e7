"""Numbers, counts, hours, percentages and dates written the French way, in one place: the pages
(Jinja filters), the exports and the command line all use these functions, so « 15 h 30 », « 94 % »
and « 1 offre » read the same everywhere."""

from __future__ import annotations

from datetime import date, datetime

ESPACE_FINE = "\u202f"  # thin no-break space: thousands separator and before « % »

_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre")


def nombre(valeur: float | int, decimales: int = 0) -> str:
    """`12345` -> `12 345`, `2.5` (1 décimale) -> `2,5`."""
    texte = f"{valeur:,.{decimales}f}"
    return texte.replace(",", ESPACE_FINE).replace(".", ",")


def decimal(valeur: float | int, decimales_max: int = 2) -> str:
    """The shortest French writing of a number: `-3.0` -> `-3`, `15.50` -> `15,5`, `2.25` -> `2,25`."""
    texte = nombre(valeur, decimales_max)
    return texte.rstrip("0").rstrip(",") if "," in texte else texte


def compte(n: int, singulier: str, pluriel: str | None = None) -> str:
    """`compte(1, "offre")` -> `1 offre`, `compte(0, "offre")` -> `0 offre` (zero takes the singular
    in French), `compte(3, "champ à corriger", "champs à corriger")`."""
    mot = singulier if abs(n) < 2 else (pluriel or _pluriel(singulier))
    return f"{nombre(n)} {mot}"


def _pluriel(mot: str) -> str:
    """The plural of each word of a simple noun phrase (`offre publiée` -> `offres publiées`); words
    after « de », « à », « d' » are left alone (`semaine de stage` -> `semaines de stage`)."""
    sortie, libre = [], True
    for partie in mot.split(" "):
        if partie in ("de", "du", "des", "à", "au", "aux", "sur", "en") or partie.startswith("d'"):
            libre = False
        sortie.append(_pluriel_mot(partie) if libre else partie)
    return " ".join(sortie)


def _pluriel_mot(mot: str) -> str:
    if not mot or mot[-1] in "sxz" or not mot[-1].isalpha():
        return mot
    if mot.endswith(("au", "eu")):
        return mot + "x"
    if mot.endswith("al") and mot not in ("bal", "festival", "récital"):
        return mot[:-2] + "aux"
    return mot + "s"


def heures(valeur: float | None, vide: str = "non renseigné") -> str:
    """`2.5` -> `2 h 30`, `3.0` -> `3 h`, `0.75` -> `0 h 45`."""
    if valeur is None:
        return vide
    h, m = divmod(round(valeur * 60), 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


def pourcentage(valeur: float | None) -> str:
    """A ratio in 0..1 -> `93 %`."""
    return "—" if valeur is None else f"{round(valeur * 100)}{ESPACE_FINE}%"


def date_longue(valeur: date | datetime | str | None) -> str:
    """`2026-05-08` -> `8 mai 2026` (`1er` for the first of the month)."""
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, str):
        valeur = date.fromisoformat(valeur[:10])
    jour = "1er" if valeur.day == 1 else str(valeur.day)
    return f"{jour} {_MOIS[valeur.month - 1]} {valeur.year}"


def date_courte(valeur: date | datetime) -> str:
    """`08/05/2026`."""
    return valeur.strftime("%d/%m/%Y")


def ecart(valeur: float) -> str:
    """A signed difference of hours: `+1 h 30`, `−3 h` (true minus sign)."""
    signe = "+" if valeur > 0 else "−" if valeur < 0 else ""
    return signe + heures(abs(valeur))
