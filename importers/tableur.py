"""Producer spreadsheets in data·inclusion's template: an XLSX with sheets `Structures` and `Services`
(or one CSV file for each), a first column `__ignore__` marking help and example rows, list fields
comma-separated.

Each row becomes one v1 record; `importers.cellules` undoes what spreadsheets do to values (codes
read as numbers, Excel dates, labels typed instead of slugs) and says so. The report names the file,
the sheet and the row number as the spreadsheet shows it; each message names the column (letter and
field) and the value. Unknown and duplicated columns are noted once per sheet.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue import formats
from catalogue.models import CHAMPS_SERVICE, CHAMPS_STRUCTURE
from catalogue.texte import normaliser
from catalogue.validation import Probleme
from importers.base import SERVICE, STRUCTURE, Enregistrement, Importer
from importers.cellules import lettre_de_colonne, reparer, texte
from importers.lecture import FichierIllisible, cellules_csv, ouvrir_texte

EXTENSIONS_XLSX = (".xlsx", ".xlsm")
EXTENSIONS_AUTRES_TABLEURS = {".xls": "Excel 97-2003 (.xls)", ".ods": "OpenDocument (.ods)"}
EXTENSIONS_CSV = (".csv",)
IGNORER = "__ignore__"
NOMS_DE_FEUILLE = {STRUCTURE: "Structures", SERVICE: "Services"}
CHAMPS = {STRUCTURE: CHAMPS_STRUCTURE, SERVICE: CHAMPS_SERVICE}
REQUIS = {STRUCTURE: ("source", "id", "nom", "date_maj"),
          SERVICE: ("source", "id", "structure_id", "nom", "description", "date_maj")}
#: the header is looked for in the first rows (a title may sit above it)
LIGNES_ENTETE_MAX = 30
#: a sheet formatted down to row 1 048 576 ends where this many empty rows follow each other
LIGNES_VIDES_MAX = 1000
_ENTRE_PARENTHESES = re.compile(r"\([^)]*\)")


# ------------------------------------------------------------------------------------------------
# Sheets: what XLSX and CSV files have in common


@dataclass
class Feuille:
    """One table of records: an XLSX sheet or a CSV file."""

    fichier: str
    nom: str | None
    kind: str
    lignes: Iterator[tuple[int, list[Any]]]

    @property
    def designation(self) -> str:
        if self.nom is None:
            return f"Fichier « {self.fichier} »"
        return f"Feuille « {self.nom} » de « {self.fichier} »"

    def lieu(self, numero: int) -> str:
        feuille = f", feuille {self.nom}" if self.nom is not None else ""
        return f"{self.fichier}{feuille}, ligne {numero}"


@dataclass
class Entete:
    """The header row: which v1 field each column feeds."""

    numero: int
    #: v1 field -> column indexes holding it (several when the column is duplicated)
    par_champ: dict[str, list[int]]
    ignore: int | None
    inconnues: list[str]
    largeur: int


@dataclass
class Bilan:
    """What is said once per sheet rather than on every row."""

    aide: int = 0
    prefixes: list[tuple[str, str]] = field(default_factory=list)


class Classeur:
    """An opened file: its sheets by kind, closed at the end of the run."""

    messages: list[str]

    def feuille(self, kind: str) -> Feuille | None:
        raise NotImplementedError

    def fermer(self) -> None:
        """Nothing to release by default."""

    def messages_de_lecture(self) -> list[str]:
        """What the reading of the rows found to say (rows the reader refused)."""
        return []


class ClasseurXLSX(Classeur):
    def __init__(self, chemin: Path) -> None:
        from openpyxl import load_workbook

        self.chemin = chemin
        self.messages = []
        try:
            self.classeur = load_workbook(chemin, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same answer
            raise FichierIllisible(_message_xlsx_illisible(chemin, exc)) from exc
        self.noms = {_kind_de_feuille(nom): nom for nom in self.classeur.sheetnames}
        self.noms.pop(None, None)

    def feuille(self, kind: str) -> Feuille | None:
        nom = self.noms.get(kind)
        if nom is None:
            return None
        onglet = self.classeur[nom]
        if onglet.max_row is None or onglet.max_column is None:
            onglet.reset_dimensions()
        lignes = (
            (numero, list(ligne))
            for numero, ligne in enumerate(onglet.iter_rows(min_row=1, values_only=True), start=1)
        )
        return Feuille(self.chemin.name, nom, kind, lignes)

    def fermer(self) -> None:
        self.classeur.close()


class ClasseurCSV(Classeur):
    """One CSV of the producer template: its kind from its name, else from its columns."""

    def __init__(self, chemin: Path) -> None:
        self.chemin = chemin
        fichier = ouvrir_texte(chemin)
        self.messages = [fichier.avertissement] if fichier.avertissement else []
        if fichier.vide():
            raise FichierIllisible(f"Fichier « {chemin.name} » vide : aucune ligne.")
        self.table = cellules_csv(fichier)
        self.messages += self.table.avertissements
        #: rows refused by the CSV reader are said as they are met, after the sheet's rows
        self.deja_dits = len(self.table.avertissements)
        tete = list(itertools.islice(self.table.lignes, LIGNES_ENTETE_MAX))
        self.lignes = itertools.chain(tete, self.table.lignes)
        self.kind = _kind_du_nom(chemin) or _kind_des_colonnes(tete)

    def feuille(self, kind: str) -> Feuille | None:
        if kind != self.kind:
            return None
        return Feuille(self.chemin.name, None, kind, self.lignes)

    def messages_de_lecture(self) -> list[str]:
        return self.table.avertissements[self.deja_dits:]

    def fermer(self) -> None:
        self.table.lignes.close()


def ouvrir(chemin: Path) -> Classeur:
    suffixe = chemin.suffix.lower()
    if suffixe in EXTENSIONS_AUTRES_TABLEURS:
        raise FichierIllisible(f"Classeur « {chemin.name} » au format "
                               f"{EXTENSIONS_AUTRES_TABLEURS[suffixe]}, non pris en charge : "
                               "enregistrez-le au format .xlsx (ou chaque feuille en CSV).")
    if suffixe in EXTENSIONS_CSV:
        return ClasseurCSV(chemin)
    return ClasseurXLSX(chemin)


def _message_xlsx_illisible(chemin: Path, exc: Exception) -> str:
    return (f"Classeur « {chemin.name} » illisible : ce n'est pas un fichier XLSX valide "
            f"({type(exc).__name__}). Il est peut-être abîmé ou tronqué, ou d'un autre format "
            "renommé en .xlsx : ouvrez-le dans votre tableur et enregistrez-le à nouveau au "
            "format .xlsx.")


def _kind_de_feuille(nom: str) -> str | None:
    cle = normaliser(nom)
    if cle in ("structures", "structure"):
        return STRUCTURE
    if cle in ("services", "service"):
        return SERVICE
    return None


def _kind_du_nom(chemin: Path) -> str | None:
    nom = chemin.name.lower()
    return STRUCTURE if "structure" in nom else SERVICE if "service" in nom else None


def _kind_des_colonnes(lignes: list[tuple[int, list[str]]]) -> str:
    entete = next((cellules for _, cellules in lignes[:LIGNES_ENTETE_MAX]
                   if _nom_de_colonne(cellules[0] if cellules else None) == IGNORER), [])
    noms = {_nom_de_colonne(c) for c in entete}
    return SERVICE if "structure_id" in noms else STRUCTURE


# ------------------------------------------------------------------------------------------------
# The importer


class ImporterTableur(Importer):
    format = "tableur"
    description = ("Tableur producteur data·inclusion : XLSX (feuilles Structures et Services) "
                   "ou un CSV par feuille, première colonne __ignore__")

    @classmethod
    def reconnait(cls, chemin: Path) -> bool:
        suffixe = chemin.suffix.lower()
        if suffixe in EXTENSIONS_XLSX or suffixe in EXTENSIONS_AUTRES_TABLEURS:
            return True
        return suffixe in EXTENSIONS_CSV and _csv_du_modele(chemin)

    def enregistrements(self) -> Iterator[Enregistrement]:
        classeurs: list[Classeur] = []
        try:
            for chemin in self.chemins:
                try:
                    classeurs.append(ouvrir(chemin))
                except FichierIllisible as exc:
                    yield _illisible(chemin.name, str(exc))
            yield from self._feuilles_manquantes(classeurs)
            for kind in (STRUCTURE, SERVICE):
                for classeur in classeurs:
                    if (feuille := classeur.feuille(kind)) is not None:
                        yield from self._feuille(feuille)
                        self.messages += classeur.messages_de_lecture()
        finally:
            for classeur in classeurs:
                classeur.fermer()

    def _feuilles_manquantes(self, classeurs: list[Classeur]) -> Iterator[Enregistrement]:
        for classeur in classeurs:
            self.messages += classeur.messages
            if not isinstance(classeur, ClasseurXLSX):
                continue
            nom = classeur.chemin.name
            presentes = ", ".join(f"« {n} »" for n in classeur.classeur.sheetnames)
            if not classeur.noms:
                yield _illisible(nom, f"Classeur « {nom} » : feuilles « Structures » et "
                                 f"« Services » introuvables (feuilles présentes : {presentes}). "
                                 "Le modèle producteur data·inclusion attend ces deux feuilles.")
            for kind, attendu in NOMS_DE_FEUILLE.items():
                if classeur.noms and kind not in classeur.noms:
                    self.messages.append(f"Classeur « {nom} » : pas de feuille « {attendu} » "
                                         f"(feuilles présentes : {presentes}).")

    # -- one sheet -------------------------------------------------------------------------------

    def _feuille(self, feuille: Feuille) -> Iterator[Enregistrement]:
        bilan = Bilan()
        try:
            entete = _entete(feuille)
            if isinstance(entete, str):
                yield _illisible(feuille.lieu(1), entete, feuille.kind)
                return
            self._noter_entete(feuille, entete)
            yield from self._lignes(feuille, entete, bilan)
        except Exception as exc:  # noqa: BLE001 - a sheet broken half-way keeps its first rows
            yield _illisible(feuille.fichier, f"{feuille.designation} illisible au-delà de ce qui "
                             f"précède ({type(exc).__name__} : {exc}).", feuille.kind)
        self._noter_bilan(feuille, bilan)

    def _lignes(self, feuille: Feuille, entete: Entete, bilan: Bilan) -> Iterator[Enregistrement]:
        vides = 0
        for numero, cellules in feuille.lignes:
            if not any(texte(c) for c in cellules):
                vides += 1
                if vides >= LIGNES_VIDES_MAX:
                    return
                continue
            vides = 0
            if entete.ignore is not None and _cellule(cellules, entete.ignore) not in (None, ""):
                bilan.aide += 1
                continue
            yield _enregistrement(feuille, entete, numero, cellules, bilan)

    def _noter_entete(self, feuille: Feuille, entete: Entete) -> None:
        if entete.inconnues:
            self.messages.append(f"{feuille.designation} : colonnes inconnues du schéma v1 "
                                 f"ignorées : {', '.join(entete.inconnues)}.")
        for champ, positions in entete.par_champ.items():
            if len(positions) > 1:
                lettres = ", ".join(lettre_de_colonne(p) for p in positions)
                self.messages.append(f"{feuille.designation} : colonne « {champ} » en double "
                                     f"({lettres}) ; la première remplie est gardée.")
        manquantes = [c for c in REQUIS[feuille.kind] if c not in entete.par_champ]
        if manquantes:
            self.messages.append(f"{feuille.designation} : colonnes obligatoires absentes : "
                                 f"{', '.join(manquantes)}. Les lignes seront rejetées.")
        if entete.ignore is None:
            self.messages.append(f"{feuille.designation} : pas de colonne « __ignore__ » ; "
                                 "toutes les lignes sont lues comme des données.")

    def _noter_bilan(self, feuille: Feuille, bilan: Bilan) -> None:
        if bilan.aide:
            lignes = formats.compte(bilan.aide, "ligne d'aide ou d'exemple", "lignes d'aide ou d'exemple")
            self.messages.append(f"{feuille.designation} : {lignes} (marquées dans « __ignore__ ») "
                                 + ("ignorées." if bilan.aide > 1 else "ignorée."))
        if bilan.prefixes:
            avant, apres = bilan.prefixes[0]
            identifiants = formats.compte(len(bilan.prefixes), "identifiant complété")
            self.messages.append(f"{feuille.designation} : {identifiants} par la source "
                                 f"(ex. « {avant} » → « {apres} »).")


# ------------------------------------------------------------------------------------------------
# Header and rows


def _nom_de_colonne(cellule: Any) -> str | None:
    """`nom *`, `Code postal`, ` __IGNORE__ ` -> `nom`, `code_postal`, `__ignore__`."""
    brut = texte(cellule)
    if not brut:
        return None
    if brut.strip("_ ").lower() == "ignore":
        return IGNORER
    return normaliser(_ENTRE_PARENTHESES.sub("", brut).rstrip("* ")).replace(" ", "_") or None


def _entete(feuille: Feuille) -> Entete | str:
    """The header row, or why there is none (said in French)."""
    connus = set(CHAMPS[feuille.kind])
    vide = True
    for numero, cellules in feuille.lignes:
        noms = [_nom_de_colonne(c) for c in cellules]
        if IGNORER in noms or sum(1 for n in noms if n in connus) >= 2:
            return _lire_entete(numero, noms, connus)
        vide = vide and not any(noms)
        if numero >= LIGNES_ENTETE_MAX:
            break
    if vide:
        return f"{feuille.designation} vide : aucune ligne à lire."
    return (f"{feuille.designation} : ligne d'en-tête introuvable. La première ligne doit donner "
            "les noms des colonnes du modèle (__ignore__, source, id, nom…).")


def _lire_entete(numero: int, noms: list[str | None], connus: set[str]) -> Entete:
    par_champ: dict[str, list[int]] = {}
    inconnues: list[str] = []
    ignore = None
    for position, nom in enumerate(noms):
        if nom == IGNORER and ignore is None:
            ignore = position
        elif nom in connus:
            par_champ.setdefault(nom, []).append(position)
        elif nom and nom != IGNORER:
            inconnues.append(f"{nom} ({lettre_de_colonne(position)})")
    return Entete(numero, par_champ, ignore, inconnues, len(noms))


def _cellule(cellules: list[Any], position: int) -> Any:
    valeur = cellules[position] if position < len(cellules) else None
    return texte(valeur) if isinstance(valeur, str) else valeur


def _enregistrement(feuille: Feuille, entete: Entete, numero: int, cellules: list[Any],
                    bilan: Bilan) -> Enregistrement:
    donnees: dict[str, Any] = {}
    avertissements: list[Probleme] = []
    for champ, positions in entete.par_champ.items():
        position = _position_retenue(cellules, positions)
        valeur, problemes = reparer(champ, _cellule(cellules, position), lettre_de_colonne(position))
        avertissements += problemes + _doublons(champ, cellules, positions, position)
        if valeur not in (None, "", []):
            donnees[champ] = valeur
    avertissements += _hors_entete(cellules, entete.largeur)
    _completer_identifiants(donnees, bilan)
    donnees["_provenance"] = {"fichier": feuille.fichier, "feuille": feuille.nom, "ligne": numero}
    return Enregistrement(feuille.kind, feuille.lieu(numero), donnees, avertissements=avertissements)


def _position_retenue(cellules: list[Any], positions: list[int]) -> int:
    """The first column of a duplicated field that holds something (else the first one)."""
    if len(positions) == 1:
        return positions[0]
    return next((p for p in positions if texte(_cellule(cellules, p))), positions[0])


def _doublons(champ: str, cellules: list[Any], positions: list[int], retenue: int) -> list[Probleme]:
    if len(positions) == 1:
        return []
    gardee = texte(_cellule(cellules, retenue))
    problemes = []
    for position in positions:
        autre = texte(_cellule(cellules, position))
        if position != retenue and autre and autre != gardee:
            problemes.append(Probleme(champ, autre, f"Colonne {lettre_de_colonne(position)} "
                                      f"({champ}, en double) : valeur « {autre} » ignorée, celle de "
                                      f"la colonne {lettre_de_colonne(retenue)} est gardée."))
    return problemes


def _hors_entete(cellules: list[Any], largeur: int) -> list[Probleme]:
    en_trop = [(i, texte(c)) for i, c in enumerate(cellules[largeur:], start=largeur) if texte(c)]
    return [Probleme(None, valeur, f"Colonne {lettre_de_colonne(i)} sans en-tête : valeur "
                     f"« {valeur} » ignorée.") for i, valeur in en_trop]


def _completer_identifiants(donnees: dict[str, Any], bilan: Bilan) -> None:
    """`12` -> `cd62--12`: v1 ids are `source--identifiant`, spreadsheets often give the second
    half only. Said once per sheet."""
    source = donnees.get("source")
    if not isinstance(source, str) or not source:
        return
    for cle in ("id", "structure_id"):
        ident = donnees.get(cle)
        if isinstance(ident, str) and ident and "--" not in ident:
            donnees[cle] = f"{source}--{ident}"
            bilan.prefixes.append((ident, donnees[cle]))


# ------------------------------------------------------------------------------------------------


def _csv_du_modele(chemin: Path) -> bool:
    """A CSV of the producer template: its header starts with `__ignore__`."""
    try:
        with chemin.open("rb") as fichier:
            debut = fichier.read(4096)
    except OSError:
        return False
    utf16 = debut.startswith((b"\xff\xfe", b"\xfe\xff"))
    for encodage in ("utf-16",) if utf16 else ("utf-8-sig", "latin-1"):
        try:
            premiere = debut.decode(encodage, errors="ignore" if utf16 else "strict")
        except UnicodeDecodeError:
            continue
        cellule = re.split(r"[,;\t\n]", premiere.lstrip("\ufeff"), maxsplit=1)[0]
        return _nom_de_colonne(cellule.strip().strip('"')) == IGNORER
    return False


def _illisible(lieu: str, message: str, kind: str = SERVICE) -> Enregistrement:
    return Enregistrement(kind, lieu, None, erreurs=[Probleme(None, None, message)])
