"""data·inclusion v1 files: JSON (`{"structures": [...], "services": [...]}`, a plain list, or API
pages `{"items": [...]}`), separate `structures.*` / `services.*` files, JSON Lines and CSV.

Which records are structures and which are services: the array name when there is one, else the
file name (`structures…` / `services…`), else the record itself (a service has a `structure_id`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from catalogue.models import CHAMPS_SERVICE, CHAMPS_STRUCTURE
from catalogue.texte import cellule_lue
from catalogue.validation import Probleme
from importers.base import SERVICE, STRUCTURE, Enregistrement, Importer
from importers.lecture import (
    ERREUR_CSV,
    ErreurJSON,
    FichierIllisible,
    FichierTexte,
    Flux,
    elements_lignes,
    elements_tableau,
    lire_csv,
    ouvrir_texte,
    tableau_nomme,
    valeur_seule,
)

EXTENSIONS_JSON = (".json",)
EXTENSIONS_JSONL = (".jsonl", ".ndjson")
EXTENSIONS_CSV = (".csv",)

#: markers of the retired v0 shape; such files belong to the legacy importer
_MARQUES_V0 = ('"presentation_resume"', '"profils"', '"zone_diffusion_type"')
#: characters looked at to tell JSON Lines from JSON
DEBUT_JSONL = 1 << 20


class ImporterDataInclusionV1(Importer):
    format = "datainclusion-v1"
    description = "Fichiers data·inclusion v1 (JSON, JSON Lines, CSV)"

    @classmethod
    def reconnait(cls, chemin: Path) -> bool:
        suffixe = chemin.suffix.lower()
        if suffixe not in EXTENSIONS_JSON + EXTENSIONS_JSONL + EXTENSIONS_CSV:
            return False
        try:
            debut = chemin.open("rb").read(65536).decode("utf-8", errors="ignore")
        except OSError:
            return True  # let the run report the unreadable file
        return not any(marque in debut for marque in _MARQUES_V0)

    def enregistrements(self) -> Iterator[Enregistrement]:
        for chemin in sorted(self.chemins, key=_ordre_fichier):
            yield from self._fichier(chemin)

    # -- one file --------------------------------------------------------------------------------

    def _fichier(self, chemin: Path) -> Iterator[Enregistrement]:
        try:
            fichier = ouvrir_texte(chemin)
        except FichierIllisible as exc:
            yield _illisible(chemin, str(exc))
            return
        if fichier.avertissement:
            self.messages.append(fichier.avertissement)
        if fichier.vide():
            yield _illisible(chemin, f"Fichier « {chemin.name} » vide : aucun enregistrement.")
            return
        suffixe = chemin.suffix.lower()
        if suffixe in EXTENSIONS_CSV:
            yield from self._csv(chemin, fichier)
        elif suffixe in EXTENSIONS_JSONL or _ressemble_jsonl(fichier.debut(DEBUT_JSONL)):
            yield from _jsonl(chemin, fichier)
        else:
            yield from _json(chemin, fichier)

    def _csv(self, chemin: Path, fichier: FichierTexte) -> Iterator[Enregistrement]:
        try:
            table = lire_csv(fichier)
        except FichierIllisible as exc:
            yield _illisible(chemin, str(exc))
            return
        self.messages += table.avertissements
        kind = _kind_du_nom(chemin) or (SERVICE if "structure_id" in table.colonnes else STRUCTURE)
        connus = set(CHAMPS_SERVICE if kind == SERVICE else CHAMPS_STRUCTURE)
        inconnues = [c for c in table.colonnes if c and c not in connus]
        if inconnues:
            self.messages.append(f"Fichier « {chemin.name} » : colonnes inconnues du schéma v1 "
                                 f"ignorées : {', '.join(dict.fromkeys(inconnues))}.")
        for numero, ligne in table.lignes:
            yield _enregistrement_csv(chemin, kind, numero, ligne, connus)


def _enregistrement_csv(chemin: Path, kind: str, numero: int, ligne: dict[str, str],
                        connus: set[str]) -> Enregistrement:
    if ERREUR_CSV in ligne:
        return Enregistrement(kind, f"{chemin.name}, ligne {numero}", None,
                              erreurs=[Probleme(None, None, ligne[ERREUR_CSV])])
    donnees = {k: cellule_lue(v) for k, v in ligne.items() if k in connus}
    avertissements = []
    if "__cellules_en_trop__" in ligne:
        avertissements.append(Probleme(None, ligne["__cellules_en_trop__"],
                                       "Cellules en trop au-delà des colonnes d'en-tête : "
                                       "ignorées."))
    return Enregistrement(kind, f"{chemin.name}, ligne {numero}", donnees,
                          avertissements=avertissements)


# ------------------------------------------------------------------------------------------------
# JSON and JSON Lines


def _json(chemin: Path, fichier: FichierTexte) -> Iterator[Enregistrement]:
    with Flux(fichier) as flux:
        premier = flux.caractere()
        if premier == "[":
            yield from _tableau(chemin, flux, _kind_du_nom(chemin), "")
            return
        debut = flux.texte[flux.i : flux.i + 20]
    if premier == "{":
        yield from _objet(chemin, fichier)
    else:
        yield _illisible(chemin, f"Fichier « {chemin.name} » : ce n'est pas du JSON (il commence "
                         f"par « {debut} »). JSON, JSON Lines ou CSV attendu.")


def _objet(chemin: Path, fichier: FichierTexte) -> Iterator[Enregistrement]:
    """The named arrays, structures first wherever they stand in the file (one pass each)."""
    trouve = False
    for nom in ("structures", "services", "items"):
        flux = tableau_nomme(fichier, nom)
        if flux is None:
            continue
        trouve = True
        kind = {"structures": STRUCTURE, "services": SERVICE}.get(nom) or _kind_du_nom(chemin)
        with flux:
            yield from _tableau(chemin, flux, kind, nom)
    if not trouve:
        yield from _objet_seul(chemin, fichier)


def _objet_seul(chemin: Path, fichier: FichierTexte) -> Iterator[Enregistrement]:
    try:
        valeur = valeur_seule(fichier)
    except ErreurJSON as exc:
        yield _illisible(chemin, f"Fichier « {chemin.name} » : JSON invalide ligne {exc.ligne}, "
                         f"colonne {exc.colonne}.")
        return
    yield from _depuis_valeur(chemin, f"{chemin.name}", valeur, _kind_du_nom(chemin))


def _tableau(chemin: Path, flux: Flux, kind: str | None, nom: str) -> Iterator[Enregistrement]:
    for element in elements_tableau(flux):
        lieu = f"{chemin.name}, {nom + ' ' if nom else ''}n° {element.numero} (ligne {element.ligne})"
        if element.erreur:
            yield Enregistrement(kind or SERVICE, lieu, None,
                                 erreurs=[Probleme(None, None, element.erreur + " Les "
                                                   "enregistrements précédents sont gardés.")])
            return
        yield from _depuis_valeur(chemin, lieu, element.valeur, kind)


def _jsonl(chemin: Path, fichier: FichierTexte) -> Iterator[Enregistrement]:
    kind_fichier = _kind_du_nom(chemin)
    for element in elements_lignes(fichier):
        lieu = f"{chemin.name}, ligne {element.ligne}"
        if element.erreur:
            yield Enregistrement(kind_fichier or SERVICE, lieu, None,
                                 erreurs=[Probleme(None, element.valeur, element.erreur)])
            continue
        # a JSON Lines file often mixes both kinds: the record's shape decides
        valeur = element.valeur
        kind = _kind_du_record(valeur) if isinstance(valeur, dict) else kind_fichier
        yield from _depuis_valeur(chemin, lieu, valeur, kind)


def _depuis_valeur(chemin: Path, lieu: str, valeur: Any,
                   kind: str | None) -> Iterator[Enregistrement]:
    """A JSON value that should be a record: API items may wrap it as `{"service": {...}}` with the
    structure nested inside, which then comes first."""
    if not isinstance(valeur, dict):
        yield Enregistrement(kind or SERVICE, lieu, None, erreurs=[Probleme(
            None, _apercu_json(valeur), "Objet JSON attendu pour un enregistrement.")])
        return
    if isinstance(valeur.get("service"), dict):
        service = dict(valeur["service"])
        structure = service.pop("structure", None)
        if isinstance(structure, dict):
            yield Enregistrement(STRUCTURE, f"{lieu}, structure", structure)
        yield Enregistrement(SERVICE, lieu, service)
        return
    yield Enregistrement(kind or _kind_du_record(valeur), lieu, valeur)


def _apercu_json(valeur: Any) -> str:
    return json.dumps(valeur, ensure_ascii=False)[:200]


def _ressemble_jsonl(texte: str) -> bool:
    lignes = [ligne for ligne in texte.lstrip().splitlines()[:2] if ligne.strip()]
    return len(lignes) == 2 and all(ligne.lstrip().startswith("{") and
                                    ligne.rstrip().endswith("}") for ligne in lignes)


def _kind_du_nom(chemin: Path) -> str | None:
    nom = chemin.name.lower()
    if "structure" in nom:
        return STRUCTURE
    if "service" in nom:
        return SERVICE
    return None


def _kind_du_record(record: dict[str, Any]) -> str:
    return SERVICE if "structure_id" in record else STRUCTURE


def _ordre_fichier(chemin: Path) -> tuple[int, str]:
    """Structures files first, so that services find their structure."""
    return ({STRUCTURE: 0, None: 1, SERVICE: 2}[_kind_du_nom(chemin)], str(chemin))


def _illisible(chemin: Path, message: str) -> Enregistrement:
    return Enregistrement(_kind_du_nom(chemin) or SERVICE, chemin.name, None,
                          erreurs=[Probleme(None, None, message)])
