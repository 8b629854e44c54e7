"""Reading files as people really produce them: encodings, BOMs, separators, broken JSON.

Shared by the importers. Everything here says *where* (file, line) and keeps what it could read: a
truncated JSON array still yields every element before the break.

Files are read as streams (issue 17 point 10): a JSON array element by element through a window
(`Flux`), a CSV or JSON Lines file line by line. What the run holds is one element and a few
tens of kilobytes of text, whatever the size of the file. The JSON itself is parsed by the standard
library's decoder (`json.JSONDecoder.raw_decode`), which gives the line and column of an error.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

_DECODEUR = json.JSONDecoder()
_ESPACES = re.compile(r"[ \t\n\r]*")
#: characters read at a time; the window holds about two of these plus the element being read
TRANCHE = 1 << 16
#: one JSON record (or a lone object file) may not exceed this many characters
LIMITE_ENREGISTREMENT = 64 * 1024 * 1024
#: `"nom": [` is looked for across window boundaries with this much overlap
_RECOUVREMENT = 1024
_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class FichierIllisible(Exception):
    """The file as a whole cannot be read; the message is for users (French)."""


@dataclass
class Texte:
    contenu: str
    encodage: str
    avertissement: str | None = None


def lire_texte(chemin: Path) -> Texte:
    """A small file decoded whole (convention fiches): see `ouvrir_texte` for its encoding."""
    fichier = ouvrir_texte(chemin)
    with fichier.ouvrir() as f:
        return Texte(f.read(), fichier.encodage, fichier.avertissement)


@dataclass
class FichierTexte:
    """A text file and its encoding, opened as many times as a reader needs (never read whole)."""

    chemin: Path
    encodage: str
    avertissement: str | None = None

    def ouvrir(self) -> IO[str]:
        erreurs = "replace" if self.encodage == "cp1252" else "strict"
        return self.chemin.open(encoding=self.encodage, errors=erreurs, newline="")

    def debut(self, taille: int = TRANCHE) -> str:
        """The first `taille` characters."""
        with self.ouvrir() as f:
            return f.read(taille)

    def vide(self) -> bool:
        """Whether the file holds nothing but blanks."""
        with self.ouvrir() as f:
            while morceau := f.read(TRANCHE):
                if morceau.strip():
                    return False
        return True


def ouvrir_texte(chemin: Path) -> FichierTexte:
    """A file's encoding: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252/Latin-1
    with a warning. The file is checked in slices, never held whole."""
    try:
        with chemin.open("rb") as f:
            debut = f.read(4096)
            if b"\x00" in debut and not debut.startswith(_BOMS_UTF16):
                raise FichierIllisible(f"Fichier « {chemin.name} » : contenu binaire, ce n'est pas "
                                       "un fichier texte (JSON ou CSV attendu).")
            f.seek(0)
            encodage = "utf-16" if debut.startswith(_BOMS_UTF16) else "utf-8-sig"
            if _se_decode(f, encodage):
                return FichierTexte(chemin, encodage)
    except OSError as exc:
        raise FichierIllisible(f"Fichier « {chemin.name} » illisible : {exc.strerror}.") from exc
    return FichierTexte(chemin, "cp1252", f"Fichier « {chemin.name} » : encodage non UTF-8, lu "
                        "comme Windows-1252 (Latin-1). Vérifiez les accents.")


def _se_decode(f: IO[bytes], encodage: str) -> bool:
    decodeur = codecs.getincrementaldecoder(encodage)()
    try:
        while morceau := f.read(1 << 20):
            decodeur.decode(morceau)
        decodeur.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def fin_du_fichier(chemin: Path) -> bytes:
    """The last non-blank bytes of a file (NULs of UTF-16 included in the blanks)."""
    with chemin.open("rb") as f:
        f.seek(max(0, f.seek(0, io.SEEK_END) - 64))
        return f.read().rstrip(b" \t\r\n\x00")


# ------------------------------------------------------------------------------------------------
# JSON through a window


class ErreurJSON(Exception):
    """A syntax error, said in French with its line."""

    def __init__(self, message: str, ligne: int, colonne: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.ligne = ligne
        self.colonne = colonne


class Flux:
    """A text file read through a window `texte`: what is behind `i` is dropped as the reading goes,
    lines and columns are still counted from the start of the file."""

    def __init__(self, fichier: FichierTexte) -> None:
        self.fichier = fichier
        self.f = fichier.ouvrir()
        self.texte = ""
        self.i = 0
        self.fini = False
        #: line (1-based) of `texte[_marque]`, counted as the reading goes
        self._marque = 0
        self._ligne = 1
        #: column (0-based) of `texte[0]`
        self._colonne = 0

    def __enter__(self) -> Flux:
        return self

    def __exit__(self, *_: object) -> None:
        self.f.close()

    def lire_plus(self, taille: int = TRANCHE) -> bool:
        """Add text to the window (dropping what is behind `i`); False at the end of the file."""
        if self.fini:
            return False
        self._compacter()
        morceau = self.f.read(taille)
        if not morceau:
            self.fini = True
            return False
        self.texte += morceau
        return True

    def _compacter(self) -> None:
        if self.i < TRANCHE:
            return
        self.ligne(self.i)
        jete = self.texte[: self.i]
        saut = jete.rfind("\n")
        self._colonne = len(jete) - saut - 1 if saut >= 0 else self._colonne + len(jete)
        self.texte, self._marque, self.i = self.texte[self.i :], 0, 0

    def ligne(self, index: int) -> int:
        """Line of `texte[index]` (counted from the last one asked for)."""
        if index >= self._marque:
            self._ligne += self.texte.count("\n", self._marque, index)
        else:
            self._ligne -= self.texte.count("\n", index, self._marque)
        self._marque = index
        return self._ligne

    def colonne(self, index: int) -> int:
        saut = self.texte.rfind("\n", 0, index)
        return index - saut if saut >= 0 else self._colonne + index + 1

    def caractere(self) -> str | None:
        """The next non-blank character (the window is moved to it), None at the end."""
        while True:
            m = _ESPACES.match(self.texte, self.i)
            self.i = m.end() if m else self.i
            if self.i < len(self.texte):
                return self.texte[self.i]
            if not self.lire_plus():
                return None

    def valeur(self) -> Any:
        """The JSON value at `i`, read more text as needed; `ErreurJSON` on a syntax error."""
        while True:
            try:
                valeur, fin = _DECODEUR.raw_decode(self.texte, self.i)
            except json.JSONDecodeError as exc:
                if self.fini or _erreur_certaine(exc, len(self.texte)):
                    raise self._erreur(exc) from None
                self._agrandir()
                continue
            if fin >= len(self.texte) and not self.fini:  # a number may go on in the next slice
                self._agrandir()
                continue
            self.i = fin
            return valeur

    def _agrandir(self) -> None:
        taille = len(self.texte) - self.i
        if taille > LIMITE_ENREGISTREMENT:
            ligne = self.ligne(self.i)
            raise ErreurJSON(f"enregistrement de plus de {LIMITE_ENREGISTREMENT // 1024 // 1024} "
                             f"millions de caractères ligne {ligne} : lecture arrêtée.", ligne)
        self.lire_plus(max(TRANCHE, taille))

    def _erreur(self, exc: json.JSONDecodeError) -> ErreurJSON:
        ligne, colonne = self.ligne(exc.pos), self.colonne(exc.pos)
        fin = self.texte.rstrip()
        tronque = self.fini and (exc.pos >= len(fin) or not fin.endswith(("]", "}")))
        if tronque or (not self.fini and not fin_du_fichier(self.fichier.chemin).endswith(
                (b"]", b"}"))):
            return ErreurJSON(f"JSON tronqué : le fichier s'arrête ligne {ligne} au milieu d'un "
                              "enregistrement.", ligne, colonne)
        return ErreurJSON(f"JSON invalide ligne {ligne}, colonne {colonne} : "
                          f"{_traduire(exc.msg)}.", ligne, colonne)

    def chercher(self, motif: re.Pattern[str]) -> bool:
        """Move the window just past the first match of `motif` (matched within
        `_RECOUVREMENT` characters); False when the file has none."""
        while True:
            m = motif.search(self.texte, self.i)
            if m:
                self.i = m.end()
                return True
            self.i = max(self.i, len(self.texte) - _RECOUVREMENT)
            if not self.lire_plus():
                return False


def _erreur_certaine(exc: json.JSONDecodeError, longueur: int) -> bool:
    """Whether more text could not mend the error: it is not at the end of the window, and not
    a text whose closing quote may be further on."""
    return not exc.msg.startswith("Unterminated string") and exc.pos < longueur - 16


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


@dataclass
class Element:
    """One element of a JSON array, or the error that stopped the reading of that array."""

    numero: int
    ligne: int
    valeur: Any = None
    erreur: str | None = None


def elements_lignes(fichier: FichierTexte) -> Iterator[Element]:
    """Records of a JSON Lines file, read line by line, blank lines skipped; a line that is not
    JSON gives an `Element` with `erreur` (and its first 200 characters as `valeur`) and the
    reading goes on."""
    with fichier.ouvrir() as f:
        for numero, ligne in enumerate(f, start=1):
            if not ligne.strip():
                continue
            try:
                yield Element(numero, numero, json.loads(ligne))
            except json.JSONDecodeError as exc:
                yield Element(numero, numero, ligne.rstrip("\r\n")[:200], f"JSON invalide ligne "
                              f"{numero}, colonne {exc.colno} : ligne ignorée.")


def elements_tableau(flux: Flux) -> Iterator[Element]:
    """Elements of the JSON array whose `[` is at `flux.i`, one by one, with their line.

    On a syntax error, yields one `Element` with `erreur` and stops: what came before is kept.
    """
    flux.i += 1
    if flux.caractere() == "]":
        return
    numero = 0
    while True:
        numero += 1
        ligne = flux.ligne(flux.i)
        try:
            valeur = flux.valeur()
        except ErreurJSON as exc:
            yield Element(numero, exc.ligne, erreur=exc.message)
            return
        yield Element(numero, ligne, valeur)
        suivant = flux.caractere()
        if suivant == ",":
            flux.i += 1
            flux.caractere()
            continue
        if suivant == "]":
            return
        lig, col = flux.ligne(flux.i), flux.colonne(flux.i)
        attendu = "fin de fichier" if suivant is None else f"« {suivant} »"
        yield Element(numero + 1, lig, erreur=f"JSON invalide ligne {lig}, colonne {col} : « , » ou "
                      f"« ] » attendu, trouvé {attendu} (fichier tronqué ?).")
        return


def tableau_nomme(fichier: FichierTexte, nom: str) -> Flux | None:
    """A window on the `[` of the first `"nom": [` of the file, found without parsing what comes
    before (so an array broken in the middle does not hide the next one); None when there is
    none. The caller closes it."""
    flux = Flux(fichier)
    if flux.chercher(re.compile(r'"' + re.escape(nom) + r'"\s*:\s*\[')):
        flux.i -= 1
        return flux
    flux.f.close()
    return None


def valeur_seule(fichier: FichierTexte) -> Any:
    """A file holding one JSON value (up to `LIMITE_ENREGISTREMENT` characters); `ErreurJSON`
    if it is not valid JSON or has something after the value."""
    with Flux(fichier) as flux:
        flux.caractere()
        valeur = flux.valeur()
        if flux.caractere() is not None:
            ligne, colonne = flux.ligne(flux.i), flux.colonne(flux.i)
            raise ErreurJSON(f"JSON invalide ligne {ligne}, colonne {colonne} : "
                             f"{_traduire('Extra data')}.", ligne, colonne)
        return valeur


# ------------------------------------------------------------------------------------------------
# CSV


@dataclass
class TableCSV:
    colonnes: list[str]
    lignes: Iterator[tuple[int, dict[str, str]]]
    separateur: str
    avertissements: list[str]


#: a cell longer than this stops Python's CSV reader on its row (no v1 field comes near it);
#: Python's default, set again before each reading since the limit is process-wide
LIMITE_CELLULE = 131_072
#: key of a row the CSV reader could not read: its French message (the reading goes on)
ERREUR_CSV = "__erreur_csv__"


def _ouvrir_csv(fichier: FichierTexte) -> tuple[IO[str], Any, str, list[str]]:
    """The open file, a CSV reader on it, its separator (`,` `;` or tab, guessed from the first
    line) and the warning about it."""
    f = fichier.ouvrir()
    premiere = f.readline()
    separateur = max((",", ";", "\t"), key=premiere.lstrip("\ufeff").split("\n", 1)[0].count)
    csv.field_size_limit(LIMITE_CELLULE)
    lecteur = csv.reader(itertools.chain([premiere.lstrip("\ufeff")], f), delimiter=separateur)
    avertissements = []
    if separateur != ",":
        nom = "point-virgule" if separateur == ";" else "tabulation"
        avertissements.append(f"Fichier « {fichier.chemin.name} » : séparateur {nom} détecté.")
    return f, lecteur, separateur, avertissements


def lire_csv(fichier: FichierTexte) -> TableCSV:
    """A CSV read row by row, header names cleaned, duplicated columns reported (the first one
    wins)."""
    f, lecteur, separateur, avertissements = _ouvrir_csv(fichier)
    try:
        entete = next(lecteur)
    except StopIteration:
        f.close()
        raise FichierIllisible(f"Fichier « {fichier.chemin.name} » vide : aucune ligne "
                               "d'en-tête.") from None
    except csv.Error as exc:
        f.close()
        raise FichierIllisible(f"Fichier « {fichier.chemin.name} », ligne d'en-tête : "
                               f"{_message_csv(exc)}") from None
    colonnes = [c.strip().lstrip("\ufeff").lower() for c in entete]
    doublons = sorted({c for c in colonnes if colonnes.count(c) > 1 and c})
    if doublons:
        avertissements.append(f"Fichier « {fichier.chemin.name} » : colonnes en double "
                              f"{', '.join(doublons)} ; la première est gardée.")
    return TableCSV(colonnes, _fermer_apres(f, _lignes_csv(lecteur, colonnes)), separateur,
                    avertissements)


def _fermer_apres(f: IO[str], lignes: Iterator[Any]) -> Generator[Any, None, None]:
    """The rows, then the file closed (also when the reading stops early: `close()`)."""
    with f:
        yield from lignes


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
    """A CSV as rows of cells, the header included, numbered as a spreadsheet shows them.
    `avertissements` grows as the rows are read (rows the reader refused)."""

    lignes: Generator[tuple[int, list[str]], None, None]
    separateur: str
    avertissements: list[str]


def cellules_csv(fichier: FichierTexte) -> CellulesCSV:
    """Rows of a CSV read one by one, for readers that need the header row, the column positions
    and the duplicated columns as they are."""
    f, lecteur, separateur, avertissements = _ouvrir_csv(fichier)
    lignes = _cellules_numerotees(fichier.chemin, lecteur, avertissements)
    return CellulesCSV(_fermer_apres(f, lignes), separateur, avertissements)


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
