"""Reading files as people really produce them: encodings, BOMs, separators, broken JSON.

Shared by the importers. Everything here says *where* (file, line) and keeps what it could read: a
truncated JSON array still yields every element before the break.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DECODEUR = json.JSONDecoder()
_ESPACES = re.compile(r"[ \t\n\r]*")


class FichierIllisible(Exception):
    """The file as a whole cannot be read; the message is for users (French)."""


@dataclass
class Texte:
    contenu: str
    encodage: str
    avertissement: str | None = None


def lire_texte(chemin: Path) -> Texte:
    """Decode a file: UTF-8 (with or without BOM), else Windows-1252/Latin-1 with a warning."""
    try:
        brut = chemin.read_bytes()
    except OSError as exc:
        raise FichierIllisible(f"Fichier « {chemin.name} » illisible : {exc.strerror}.") from exc
    if b"\x00" in brut[:4096] and not brut.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FichierIllisible(f"Fichier « {chemin.name} » : contenu binaire, ce n'est pas un "
                               "fichier texte (JSON ou CSV attendu).")
    for encodage in ("utf-8-sig", "utf-16"):
        if encodage == "utf-16" and not brut.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return Texte(brut.decode(encodage), encodage)
        except UnicodeDecodeError:
            continue
    return Texte(brut.decode("cp1252", errors="replace"), "cp1252",
                 f"Fichier « {chemin.name} » : encodage non UTF-8, lu comme Windows-1252 "
                 "(Latin-1). Vérifiez les accents.")


def position(texte: str, index: int) -> tuple[int, int]:
    """(line, column), 1-based, of a character index."""
    ligne = texte.count("\n", 0, index) + 1
    colonne = index - (texte.rfind("\n", 0, index) + 1) + 1
    return ligne, colonne


@dataclass
class Element:
    """One element of a JSON array, or the error that stopped the reading of that array."""

    numero: int
    ligne: int
    valeur: Any = None
    erreur: str | None = None


def elements_lignes(texte: str) -> Iterator[Element]:
    """Records of a JSON Lines text, blank lines skipped; a line that is not JSON gives an
    `Element` with `erreur` (and its first 200 characters as `valeur`) and the reading goes on."""
    for numero, ligne in enumerate(texte.splitlines(), start=1):
        if not ligne.strip():
            continue
        try:
            yield Element(numero, numero, json.loads(ligne))
        except json.JSONDecodeError as exc:
            yield Element(numero, numero, ligne[:200], f"JSON invalide ligne {numero}, colonne "
                          f"{exc.colno} : ligne ignorée.")


def elements_tableau(texte: str, debut: int) -> Iterator[Element]:
    """Elements of the JSON array whose `[` is at `debut`, one by one, with their line.

    On a syntax error, yields one `Element` with `erreur` and stops: what came before is kept.
    """
    i = _sauter(texte, debut + 1)
    numero, ligne, suivi = 0, position(texte, i)[0], i
    if i < len(texte) and texte[i] == "]":
        return
    while True:
        numero += 1
        ligne += texte.count("\n", suivi, i)
        suivi = i
        try:
            valeur, fin = _DECODEUR.raw_decode(texte, i)
        except json.JSONDecodeError as exc:
            yield Element(numero, exc.lineno, erreur=_message_json(exc, texte))
            return
        yield Element(numero, ligne, valeur)
        i = _sauter(texte, fin)
        if i < len(texte) and texte[i] == ",":
            i = _sauter(texte, i + 1)
            continue
        if i < len(texte) and texte[i] == "]":
            return
        lig, col = position(texte, i)
        attendu = "fin de fichier" if i >= len(texte) else f"« {texte[i]} »"
        yield Element(numero + 1, lig, erreur=f"JSON invalide ligne {lig}, colonne {col} : « , » ou "
                      f"« ] » attendu, trouvé {attendu} (fichier tronqué ?).")
        return


def _sauter(texte: str, i: int) -> int:
    m = _ESPACES.match(texte, i)
    return m.end() if m else i


def _message_json(exc: json.JSONDecodeError, texte: str) -> str:
    fin = texte.rstrip()
    if exc.pos >= len(fin) or not fin.endswith(("]", "}")):
        return (f"JSON tronqué : le fichier s'arrête ligne {exc.lineno} au milieu d'un "
                "enregistrement.")
    return f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} : {_traduire(exc.msg)}."


_TRADUCTIONS = {
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": "nom de champ entre guillemets attendu",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Unterminated string starting at": "texte non terminé",
    "Invalid control character at": "caractère de contrôle interdit dans un texte",
    "Extra data": "contenu en trop après la fin du JSON",
}


def _traduire(message: str) -> str:
    return next((fr for en, fr in _TRADUCTIONS.items() if message.startswith(en)), message)


def tableaux_nommes(texte: str, noms: tuple[str, ...]) -> dict[str, int]:
    """Positions of the `[` of top-level `"nom": [` arrays, found without parsing the whole file
    (so a file truncated in its last array still gives its first ones)."""
    trouves: dict[str, int] = {}
    for nom in noms:
        m = re.search(r'"' + re.escape(nom) + r'"\s*:\s*\[', texte)
        if m:
            trouves[nom] = m.end() - 1
    return trouves


# ------------------------------------------------------------------------------------------------
# CSV


@dataclass
class TableCSV:
    colonnes: list[str]
    lignes: Iterator[tuple[int, dict[str, str]]]
    separateur: str
    avertissements: list[str]


def lire_csv(chemin: Path, texte: str) -> TableCSV:
    """A CSV with `,` `;` or tab as separator (guessed from the header), header names cleaned,
    duplicated columns reported (the first one wins)."""
    premiere = texte.split("\n", 1)[0]
    separateur = max((",", ";", "\t"), key=premiere.count)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    try:
        entete = next(lecteur)
    except StopIteration:
        raise FichierIllisible(f"Fichier « {chemin.name} » vide : aucune ligne d'en-tête.") from None
    colonnes = [c.strip().lstrip("\ufeff").lower() for c in entete]
    avertissements = []
    if separateur != ",":
        nom = "point-virgule" if separateur == ";" else "tabulation"
        avertissements.append(f"Fichier « {chemin.name} » : séparateur {nom} détecté.")
    doublons = sorted({c for c in colonnes if colonnes.count(c) > 1 and c})
    if doublons:
        avertissements.append(f"Fichier « {chemin.name} » : colonnes en double "
                              f"{', '.join(doublons)} ; la première est gardée.")
    return TableCSV(colonnes, _lignes_csv(lecteur, colonnes), separateur, avertissements)


#: a cell longer than this stops Python's CSV reader on its row (no v1 field comes near it);
#: Python's default, set again before each reading since the limit is process-wide
LIMITE_CELLULE = 131_072
#: key of a row the CSV reader could not read: its French message (the reading goes on)
ERREUR_CSV = "__erreur_csv__"


def _rangees(lecteur: Any) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(line, cells, None) for each row, or (line, None, French message) for a row the reader
    refused (a cell over `LIMITE_CELLULE` characters, a stray quote): that row is left out, the
    reading goes on with the next one."""
    csv.field_size_limit(LIMITE_CELLULE)
    while True:
        try:
            cellules = next(lecteur)
        except StopIteration:
            return
        except csv.Error as exc:
            yield lecteur.line_num, None, _message_csv(exc)
            continue
        yield lecteur.line_num, cellules, None


def _message_csv(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"une cellule dépasse {LIMITE_CELLULE:,} caractères".replace(",", "\u202f")
                + " : ligne ignorée (rien n'en est gardé).")
    return "ligne CSV illisible (guillemet mal fermé ou caractère interdit) : ligne ignorée."


def _lignes_csv(lecteur: Any, colonnes: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    for numero, cellules, erreur in _rangees(lecteur):
        if cellules is None:
            yield numero, {ERREUR_CSV: f"Ligne {numero} : {erreur}"}
            continue
        if not any(c.strip() for c in cellules):
            continue
        ligne: dict[str, str] = {}
        for nom, valeur in zip(colonnes, cellules, strict=False):
            if nom and nom not in ligne:
                ligne[nom] = valeur
        if len(cellules) > len(colonnes):
            ligne["__cellules_en_trop__"] = "; ".join(cellules[len(colonnes):])
        yield numero, ligne


@dataclass
class CellulesCSV:
    """A CSV as rows of cells, the header included, numbered as a spreadsheet shows them."""

    lignes: Iterator[tuple[int, list[str]]]
    separateur: str
    avertissements: list[str]


def cellules_csv(chemin: Path, texte: str) -> CellulesCSV:
    """Rows of a CSV (`,` `;` or tab, guessed from the first line), for readers that need the
    header row, the column positions and the duplicated columns as they are."""
    premiere = texte.lstrip("\ufeff").split("\n", 1)[0]
    separateur = max((",", ";", "\t"), key=premiere.count)
    lecteur = csv.reader(io.StringIO(texte.lstrip("\ufeff"), newline=""), delimiter=separateur)
    avertissements = []
    if separateur != ",":
        nom = "point-virgule" if separateur == ";" else "tabulation"
        avertissements.append(f"Fichier « {chemin.name} » : séparateur {nom} détecté.")
    return CellulesCSV(_cellules_numerotees(chemin, lecteur, avertissements), separateur,
                       avertissements)


def _cellules_numerotees(chemin: Path, lecteur: Any, avertissements: list[str]
                         ) -> Iterator[tuple[int, list[str]]]:
    """Rows numbered from 1; a row the reader refuses is said in `avertissements` and skipped."""
    numero = 0
    for fin, cellules, erreur in _rangees(lecteur):
        numero += 1
        if cellules is None:
            avertissements.append(f"Fichier « {chemin.name} », ligne {fin} : {erreur}")
            continue
        yield numero, cellules
