"""Convention action fiches (departmental documents as text) -> draft offers for an animateur to review.

The parsing and the v1 mapping are `importers.conventions` (pure functions); this class reads the
files, hands over one record per structure and per fiche (or sub-action), and says per fiche which
fields were found and which are missing. New offers arrive as `brouillon`. The `_type` and
`_provenance` keys of each record are not validated; they stay in the raw record stored with the
offer, which is how an offer links back to its document and lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from catalogue.formats import compte
from catalogue.validation import Probleme
from importers.base import SERVICE, STRUCTURE, Enregistrement, Importer
from importers.conventions import Document, document_vers_enregistrements, parse_document
from importers.conventions.modele import CHAMPS
from importers.lecture import FichierIllisible, lire_texte

EXTENSIONS = (".txt", ".md", ".markdown")
SOURCE = "conventions"
#: read in the first part of a file to recognise a convention without parsing it
DEBUT_LU = 300_000
#: what a departmental convention, a PDI or a CLS délibération prints (OCR-tolerant)
MARQUES_FICHE = (
    re.compile(r"fiche[\s-]*action", re.IGNORECASE),
    re.compile(r"\bfiche\s*n\s*[°o]", re.IGNORECASE),
    re.compile(r"intitul[ée]\s+de\s+\S{0,3}action", re.IGNORECASE),
    re.compile(r"\bvolet\s+\d+\s*\|\s*action\s+\d", re.IGNORECASE),
    re.compile(r"^#*\s*action\s+\d+\.\d+", re.IGNORECASE | re.MULTILINE),
)
MARQUES_DOCUMENT = (
    re.compile(r"convention\s+(?:d[ée]partementale\s+)?pour\s+\S{0,3}insertion", re.IGNORECASE),
    re.compile(r"programme\s+d[ée]partemental\s+d.insertion", re.IGNORECASE),
    re.compile(r"contrat\s+local\s+des\s+solidarit", re.IGNORECASE),
    re.compile(r"mod[èe]le\s+de\s+convention\s+d[ée]partementale", re.IGNORECASE),
)
LIBELLES_CHAMPS = {
    "titre": "intitulé", "description": "description", "thematique": "thématique",
    "freins": "freins", "publics": "publics", "cible_qpv": "cible QPV",
    "cible_rurale": "cible zone rurale", "territoire": "territoire", "duree": "durée",
    "volume_places": "nombre de places", "cout_unitaire": "coût unitaire", "pilote": "pilote",
    "partenaires": "partenaires", "operateur": "opérateur",
}


class ImporterConvention(Importer):
    format = "convention"
    description = ("Fiches action d'une convention départementale (texte ou markdown) : "
                   "un brouillon d'offre par fiche, à relire")
    statut_initial = "brouillon"

    @classmethod
    def reconnait(cls, chemin: Path) -> bool:
        if chemin.suffix.lower() not in EXTENSIONS:
            return False
        try:
            with chemin.open("rb") as fichier:
                debut = fichier.read(DEBUT_LU).decode("utf-8", errors="ignore")
        except OSError:
            return False
        # either is enough: a convention without fiches deserves its own message, not "format inconnu"
        return any(m.search(debut) for m in MARQUES_DOCUMENT + MARQUES_FICHE)

    def enregistrements(self) -> Iterator[Enregistrement]:
        structures_vues: set[str] = set()
        for chemin in self.chemins:
            yield from self._fichier(chemin, structures_vues)

    def _fichier(self, chemin: Path, structures_vues: set[str]) -> Iterator[Enregistrement]:
        try:
            lu = lire_texte(chemin)
        except FichierIllisible as exc:
            yield _refus(chemin.name, str(exc))
            return
        if lu.avertissement:
            self.messages.append(lu.avertissement)
        try:
            document = parse_document(lu.contenu, chemin.name)
        except Exception as exc:  # noqa: BLE001 - the parser should not raise; if it does, say so
            yield _refus(chemin.name, f"« {chemin.name} » : lecture des fiches impossible "
                         f"({type(exc).__name__} : {exc}).")
            return
        self.messages += [f"« {chemin.name} » : {a}" for a in document.avertissements
                          if not _sans_fiche(document)]
        if _sans_fiche(document):
            yield _refus(chemin.name, _message_sans_fiche(chemin.name, document))
            return
        records = document_vers_enregistrements(document, SOURCE, _date_du_fichier(chemin))
        self.messages.append(_resume(chemin.name, document, records))
        for record in records:
            if record["_type"] == STRUCTURE:
                if record["id"] in structures_vues:
                    continue
                structures_vues.add(record["id"])
            yield _enregistrement(chemin.name, record)


def _sans_fiche(document: Document) -> bool:
    return not document.fiches


def _message_sans_fiche(nom: str, document: Document) -> str:
    if document.est_modele:
        return (f"« {nom} » est le modèle national de convention : ses fiches action sont vides, "
                "il n'y a rien à importer. Importez la convention signée par le département.")
    return (f"« {nom} » : aucune fiche action reconnue (« FICHE ACTION n », « Fiche n° », "
            "« Intitulé de l'action », « Action 1.1 »…). Vérifiez qu'il s'agit bien d'une "
            "convention ou d'un programme départemental d'insertion, converti en texte.")


def _date_du_fichier(chemin: Path) -> date:
    """A document without a date is dated by its file, so that re-importing it changes nothing."""
    return date.fromtimestamp(chemin.stat().st_mtime)


def _resume(nom: str, document: Document, records: list[dict[str, Any]]) -> str:
    services = sum(1 for r in records if r["_type"] == SERVICE)
    departement = document.departement or "département introuvable"
    return (f"« {nom} » ({document.titre}, {departement}) : "
            f"{compte(len(document.fiches), 'fiche action', 'fiches action')}, "
            + compte(services, "brouillon d'offre", "brouillons d'offre") + ".")


def _enregistrement(nom: str, record: dict[str, Any]) -> Enregistrement:
    provenance = record.get("_provenance") or {}
    if record["_type"] == STRUCTURE:
        return Enregistrement(STRUCTURE, f"{nom}, structure « {record['nom']} »", record)
    return Enregistrement(SERVICE, _lieu(nom, provenance), record,
                          avertissements=_bilan_de_fiche(record, provenance))


def _lieu(nom: str, provenance: dict[str, Any]) -> str:
    cadre = f"{provenance['cadre'].upper()} " if provenance.get("cadre") else ""
    sous = f", action {provenance['sous_action']}" if provenance.get("sous_action") else ""
    lignes = provenance.get("lignes") or []
    ou = f" (lignes {lignes[0]}-{lignes[1]})" if len(lignes) == 2 else ""
    return f"{nom}, fiche {cadre}{provenance.get('fiche', '?')}{sous}{ou}"


def _bilan_de_fiche(record: dict[str, Any], provenance: dict[str, Any]) -> list[Probleme]:
    """Which fields the fiche gave and which the animateur has to fill in (the weekly hours that
    count towards the 15 hours included: conventions never give them)."""
    trouves = [c for c in CHAMPS if c in (provenance.get("champs_trouves") or [])]
    manquants = [c for c in CHAMPS if c in (provenance.get("champs_manquants") or [])]
    heures = [c for c in ("volume_horaire_hebdomadaire", "nombre_semaines") if record.get(c) is None]
    message = (f"Fiche lue : {_noms(trouves) or 'aucun champ'} {'trouvés' if len(trouves) > 1 else 'trouvé'}"
               + (f" ; {'absents' if len(manquants) > 1 else 'absent'} de la fiche, à compléter : "
                  f"{_noms(manquants)}" if manquants else "")
               + (". Heures par semaine et nombre de semaines à renseigner" if heures else "") + ".")
    return [Probleme(None, {"trouves": trouves, "manquants": manquants}, message)]


def _noms(champs: list[str]) -> str:
    return ", ".join(LIBELLES_CHAMPS.get(c, c) for c in champs)


def _refus(lieu: str, message: str) -> Enregistrement:
    return Enregistrement(SERVICE, lieu, None, erreurs=[Probleme(None, None, message)])
