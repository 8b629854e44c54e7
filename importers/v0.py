"""Legacy data·inclusion v0 files (DORA and data·inclusion v0 API dumps) -> v1 records.

Shapes read: API pages `{"items": [{"service": {..., "structure": {...}}}]}` or `{"items": [service
with a nested "structure"]}`, plain lists, `{"structures": [...], "services": [...]}`, separate
`structures.json` / `services.json`, JSON Lines. Each record is mapped by `importers.v0_mapping` (tables
in `importers.v0_tables`) and validated by the v1 rules like any other. A structure repeated in every
page is read once. Structures come before services, across all the files of the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue import formats
from catalogue.validation import Probleme
from importers.base import SERVICE, STRUCTURE, Enregistrement, Importer
from importers.lecture import (
    ErreurJSON,
    FichierIllisible,
    FichierTexte,
    Flux,
    elements_lignes,
    elements_tableau,
    ouvrir_texte,
    tableau_nomme,
    valeur_seule,
)
from importers.v0_mapping import service_v1, structure_v1

EXTENSIONS = (".json", ".jsonl", ".ndjson")
#: fields only v0 has: their presence marks a v0 file
MARQUES_V0 = ('"presentation_resume"', '"profils"', '"zone_diffusion_type"',
              '"modes_orientation_', '"typologie"', '"labels_nationaux"')
TABLEAUX = ("structures", "services", "items", "results", "data")
MARQUES_SERVICE = ("structure_id", "profils", "types", "frais", "zone_diffusion_type",
                   "modes_orientation_beneficiaire", "modes_orientation_accompagnateur")


@dataclass
class Lu:
    """One v0 record as found, before mapping."""

    kind: str
    lieu: str
    v0: dict[str, Any] | None
    erreur: str | None = None


@dataclass
class Lot:
    """Everything read from the files of a run, structures apart from services."""

    structures: list[Lu] = field(default_factory=list)
    services: list[Lu] = field(default_factory=list)
    erreurs: list[Lu] = field(default_factory=list)

    def ajouter(self, lu: Lu) -> None:
        if lu.erreur is not None or lu.v0 is None:
            self.erreurs.append(lu)
        else:
            (self.structures if lu.kind == STRUCTURE else self.services).append(lu)


class ImporterV0(Importer):
    format = "datainclusion-v0"
    description = ("Exports data·inclusion v0 et DORA (pages d'API, listes, JSON Lines), "
                   "traduits en v1")

    @classmethod
    def reconnait(cls, chemin: Path) -> bool:
        if chemin.suffix.lower() not in EXTENSIONS:
            return False
        try:
            with chemin.open("rb") as fichier:
                debut = fichier.read(65536).decode("utf-8", errors="ignore")
        except OSError:
            return False
        return any(marque in debut for marque in MARQUES_V0)

    def enregistrements(self) -> Iterator[Enregistrement]:
        lot = Lot()
        for chemin in sorted(self.chemins, key=_ordre_fichier):
            for lu in self._fichier(chemin):
                lot.ajouter(lu)
        for lu in lot.erreurs:
            yield Enregistrement(lu.kind, lu.lieu, None,
                                 erreurs=[Probleme(None, None, lu.erreur or "Illisible.")])
        yield from self._structures(lot.structures)
        for lu in lot.services:
            yield _convertir(lu)

    def _structures(self, lus: list[Lu]) -> Iterator[Enregistrement]:
        """Each structure once: API pages repeat it with every one of its services."""
        vues: dict[str, dict[str, Any]] = {}
        repetees = 0
        for lu in lus:
            e = _convertir(lu)
            cle = _sans_meta(e.donnees)
            ident = str(cle.get("id"))
            if e.donnees is not None and vues.get(ident) == cle:
                repetees += 1
                continue
            vues.setdefault(ident, cle)
            yield e
        if repetees:
            self.messages.append(f"{formats.compte(repetees, 'structure répétée')} à l'identique dans "
                                 "les pages (une par service) : "
                                 + ("lues une seule fois." if repetees > 1 else "lue une seule fois."))

    # -- reading ---------------------------------------------------------------------------------

    def _fichier(self, chemin: Path) -> Iterator[Lu]:
        try:
            fichier = ouvrir_texte(chemin)
        except FichierIllisible as exc:
            yield Lu(SERVICE, chemin.name, None, str(exc))
            return
        if fichier.avertissement:
            self.messages.append(fichier.avertissement)
        if fichier.vide():
            yield Lu(SERVICE, chemin.name, None, f"Fichier « {chemin.name} » vide : aucun "
                     "enregistrement.")
            return
        if chemin.suffix.lower() in (".jsonl", ".ndjson"):
            yield from _jsonl(chemin, fichier)
        else:
            yield from _json(chemin, fichier)


# ------------------------------------------------------------------------------------------------
# JSON shapes


def _json(chemin: Path, fichier: FichierTexte) -> Iterator[Lu]:
    with Flux(fichier) as flux:
        premier = flux.caractere()
        if premier == "[":
            yield from _tableau(chemin, flux, "", _kind_du_nom(chemin))
            return
        debut = flux.texte[flux.i : flux.i + 20]
    if premier != "{":
        yield Lu(SERVICE, chemin.name, None, f"Fichier « {chemin.name} » : ce n'est pas du JSON "
                 f"(il commence par « {debut} »).")
        return
    trouve = False
    for nom in TABLEAUX:
        tableau = tableau_nomme(fichier, nom)
        if tableau is None:
            continue
        trouve = True
        kind = {"structures": STRUCTURE, "services": SERVICE}.get(nom) or _kind_du_nom(chemin)
        with tableau:
            yield from _tableau(chemin, tableau, nom, kind)
    if not trouve:
        yield from _objet_seul(chemin, fichier)


def _objet_seul(chemin: Path, fichier: FichierTexte) -> Iterator[Lu]:
    try:
        valeur = valeur_seule(fichier)
    except ErreurJSON as exc:
        yield Lu(SERVICE, chemin.name, None, f"Fichier « {chemin.name} » : JSON invalide ligne "
                 f"{exc.ligne}, colonne {exc.colonne}.")
        return
    yield from _depuis_valeur(chemin.name, valeur, _kind_du_nom(chemin))


def _tableau(chemin: Path, flux: Flux, nom: str, kind: str | None) -> Iterator[Lu]:
    for element in elements_tableau(flux):
        lieu = f"{chemin.name}, {nom + ' ' if nom else ''}n° {element.numero} (ligne {element.ligne})"
        if element.erreur:
            yield Lu(kind or SERVICE, lieu, None, element.erreur + " Les enregistrements "
                     "précédents sont gardés.")
            return
        yield from _depuis_valeur(lieu, element.valeur, kind)


def _jsonl(chemin: Path, fichier: FichierTexte) -> Iterator[Lu]:
    for element in elements_lignes(fichier):
        lieu = f"{chemin.name}, ligne {element.ligne}"
        if element.erreur:
            yield Lu(SERVICE, lieu, None, element.erreur)
            continue
        yield from _depuis_valeur(lieu, element.valeur, None)


def _depuis_valeur(lieu: str, valeur: Any, kind: str | None) -> Iterator[Lu]:
    """A record, a search result `{"service": {...}}`, or a service with its structure nested."""
    if not isinstance(valeur, dict):
        apercu = json.dumps(valeur, ensure_ascii=False)[:200]
        yield Lu(kind or SERVICE, lieu, None, f"Objet JSON attendu pour un enregistrement, trouvé "
                 f"« {apercu} ».")
        return
    if isinstance(valeur.get("service"), dict):
        valeur = valeur["service"]
        kind = SERVICE
    structure = valeur.get("structure")
    if isinstance(structure, dict):
        yield Lu(STRUCTURE, f"{lieu}, structure", structure)
        kind = SERVICE
    yield Lu(kind or _kind_du_record(valeur), lieu, valeur)


# ------------------------------------------------------------------------------------------------


def _convertir(lu: Lu) -> Enregistrement:
    assert lu.v0 is not None
    try:
        donnees, avertissements = (structure_v1 if lu.kind == STRUCTURE else service_v1)(lu.v0)
    except Exception as exc:  # noqa: BLE001 - one odd record must not stop the file
        return Enregistrement(lu.kind, lu.lieu, None, erreurs=[Probleme(
            None, None, f"Enregistrement v0 impossible à traduire ({type(exc).__name__} : {exc}).")])
    return Enregistrement(lu.kind, lu.lieu, donnees, avertissements=avertissements)


def _sans_meta(donnees: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (donnees or {}).items() if not k.startswith("_")}


def _kind_du_record(record: dict[str, Any]) -> str:
    return SERVICE if any(k in record for k in MARQUES_SERVICE) else STRUCTURE


def _kind_du_nom(chemin: Path) -> str | None:
    nom = chemin.name.lower()
    return STRUCTURE if "structure" in nom else SERVICE if "service" in nom else None


def _ordre_fichier(chemin: Path) -> tuple[int, str]:
    return ({STRUCTURE: 0, None: 1, SERVICE: 2}[_kind_du_nom(chemin)], str(chemin))
