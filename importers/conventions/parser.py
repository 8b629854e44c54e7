"""Parser of departmental convention documents: their action fiches, as printed.

`parse_document(texte, nom_fichier)` reads the text of a document (OCR or document conversion),
repairs it (`ocr`), and tries each known fiche layout on it:

- `formulaire`: the Lozère 2025 form (seeds/000);
- `fiches_numerotees`: "FICHE ACTION n" of the 2024 model convention (seeds/001, and its blank
  model seeds/002);
- `pdi`: "Fiche n°k" of a programme départemental d'insertion (seeds/003);
- `markdown`: "Action 1.1" / "Volet 2 | Action 2.1" of the Pas-de-Calais délibération (seeds/004).

It never raises: a text without fiches gives a document without fiches (the caller reports it), a
fiche that cannot be read is left out with a warning in `Document.avertissements`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from importlib import import_module

from catalogue.texte import normaliser
from importers.conventions import fiches_numerotees, formulaire, markdown, pdi
from importers.conventions.lignes import Ligne, lire
from importers.conventions.modele import CHAMPS, Document, Fiche, SousAction

__all__ = ["CHAMPS", "Document", "Fiche", "SousAction", "parse_document"]

Lecteur = Callable[[Sequence[Ligne]], list[Fiche]]
LECTEURS: tuple[tuple[str, Lecteur], ...] = (
    ("formulaire", formulaire.fiches),
    ("fiches numérotées", fiches_numerotees.fiches),
    ("programme départemental d'insertion", pdi.fiches),
    ("markdown", markdown.fiches),
)

#: the blank national model: its placeholders and its heading
MODELE = re.compile(
    r"\[nom du d[ée]partement\]|\[pr[ée]nom nom|Mod[èe]le de convention d[ée]partementale",
    re.IGNORECASE,
)
#: document titles, most specific first (matched on the text with line breaks as spaces)
TITRES: tuple[re.Pattern[str], ...] = (
    re.compile(r"CONTRACTUALISATION AVEC L.ETAT RELATIVE AU CONTRAT LOCAL[^\n]{0,160}", re.I),
    re.compile(r"Mod[èe]le de convention d[ée]partementale", re.IGNORECASE),
    re.compile(r"Programme D[ée]partemental d.Insertion \d{4}\s*-\s*\d{4}", re.IGNORECASE),
    re.compile(
        r"Convention (?:d[ée]partementale )?pour l.insertion(?:\W+\w+){0,3}?\W+et l.emploi"
        r"(?: dans le cadre (?:de la r[ée]forme )?(?:de )?France Travail)?",
        re.IGNORECASE,
    ),
)
#: "et l'emploi" glued back to a title split by OCR garbage ("… l'insertion poiviiect ' L] et …")
TITRE_COUPE = re.compile(r"(pour l.insertion)\W+(?:\w+\W+){0,3}?(et l.emploi)", re.IGNORECASE)
#: the date of the document, most reliable first
DATES: tuple[re.Pattern[str], ...] = (
    re.compile(r"Mise [àa&] jour le\s*:?\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE),
    re.compile(r"R[ÉE]UNION DU\s+(?P<date>\d{1,2}(?:er)?\s+\w+\s+\d{4})", re.IGNORECASE),
    re.compile(r"Valid[ée].{0,60}?\ble\s+(?P<date>\d{1,2}(?:er)?\s+\w+\s+\d{4})", re.IGNORECASE),
    re.compile(
        r"d[ée]lib[ée]ration.{0,80}?en date du\s+(?P<date>\d{1,2}(?:er)?\s+\w+\s+\d{4})",
        re.IGNORECASE,
    ),
)
MOIS = {
    m: i
    for i, m in enumerate(
        (
            "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
        ).split(),
        start=1,
    )
}
#: "Département du Pas-de-Calais", "Conseil général de la Lozère", "Conseil départemental -
#: Lozère" (normalised text): the département that signs the document
DEPARTEMENT_EN_CONTEXTE = r"\b(?:departement(?:al)?|conseil general)\s+(?:(?:de la|du|de l|d|des|de)\s+)?"


# --- document-level facts ---------------------------------------------------------------------


def _titre(texte: str, nom_fichier: str) -> str:
    for motif in TITRES:
        if m := motif.search(texte):
            titre = TITRE_COUPE.sub(r"\1 \2", " ".join(m.group(0).split()))
            return titre[:1].upper() + titre[1:]
    return nom_fichier


def _date(texte: str) -> date | None:
    for motif in DATES:
        for m in motif.finditer(texte):
            if (trouvee := _lire_date(m["date"])) is not None:
                return trouvee
    return None


def _lire_date(texte: str) -> date | None:
    """`04/09/2025` or `22 septembre 2025`; None when invalid or in the future."""
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", texte):
        jour, mois, annee = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})(?:er)?\s+(\w+)\s+(\d{4})", texte):
        jour, mois, annee = int(m[1]), MOIS.get(normaliser(m[2]), 0), int(m[3])
    else:
        return None
    try:
        lue = date(annee, mois, jour)
    except ValueError:
        return None
    return lue if date(2000, 1, 1) <= lue <= date.today() else None


def _noms_de_departements() -> dict[str, str] | None:
    """normalised name -> code, from the INSEE COG référentiel; None when it cannot be read."""
    try:
        territoires = import_module("catalogue.referentiels.territoires")
        return {normaliser(d.nom): d.code for d in territoires.departements()}
    except (ImportError, OSError, ValueError, KeyError):
        return None


def _departement(texte: str) -> str | None:
    """The département named most often as "Département de X" / "Conseil … X"."""
    noms = _noms_de_departements()
    if not noms:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(noms, key=len, reverse=True))
    motif = re.compile(rf"{DEPARTEMENT_EN_CONTEXTE}(?P<nom>{alternatives})\b")
    comptes: dict[str, int] = {}
    for m in motif.finditer(normaliser(texte)):
        comptes[noms[m["nom"]]] = comptes.get(noms[m["nom"]], 0) + 1
    return max(comptes, key=lambda code: comptes[code]) if comptes else None


# --- fiches -------------------------------------------------------------------------------------


def _est_vide(fiche: Fiche) -> bool:
    """A fiche of the blank model: no title, no text, nothing ticked."""
    return not (fiche.titre or fiche.description or fiche.freins or fiche.thematique)


def _lire_fiches(lignes: Sequence[Ligne], document: Document) -> tuple[list[Fiche], int]:
    """(fiches in line order, number of blank model fiches) over every layout."""
    trouvees: list[Fiche] = []
    vides = 0
    for nom, lecteur in LECTEURS:
        try:
            fiches = lecteur(lignes)
        except Exception as erreur:  # one unreadable layout must not stop the others
            document.avertissements.append(
                f"Mise en page « {nom} » illisible ({type(erreur).__name__}) : fiches ignorées."
            )
            continue
        vides += sum(1 for f in fiches if _est_vide(f))
        trouvees += [f for f in fiches if not _est_vide(f)]
    trouvees.sort(key=lambda f: f.lignes)
    return _sans_chevauchement(trouvees, document), vides


def _sans_chevauchement(fiches: list[Fiche], document: Document) -> list[Fiche]:
    """Two layouts claiming the same lines: the first fiche found there is kept."""
    gardees: list[Fiche] = []
    for fiche in fiches:
        if gardees and fiche.lignes[0] <= gardees[-1].lignes[1]:
            document.avertissements.append(
                f"Fiche {fiche.numero} (lignes {fiche.lignes[0]}-{fiche.lignes[1]}) ignorée : "
                f"elle recouvre la fiche {gardees[-1].numero}."
            )
            continue
        gardees.append(fiche)
    return gardees


def _signaler_manques(document: Document) -> None:
    for fiche in document.fiches:
        fiche.faire_le_point()
        if not fiche.titre:
            document.avertissements.append(
                f"Fiche {fiche.numero} (lignes {fiche.lignes[0]}-{fiche.lignes[1]}) : "
                "intitulé illisible."
            )


def parse_document(texte: str, nom_fichier: str) -> Document:
    """The action fiches of a convention document (see the module docstring)."""
    texte = texte if isinstance(texte, str) else ""
    lignes = lire(texte.replace("\x00", ""))
    plat = "\n".join(ligne.propre for ligne in lignes)
    document = Document(nom_fichier=nom_fichier, titre=_titre(plat, nom_fichier))
    document.date = _date(plat)
    document.fiches, vides = _lire_fiches(lignes, document)
    document.est_modele = not document.fiches and (vides > 0 or bool(MODELE.search(plat)))
    document.departement = None if document.est_modele else _departement(plat)
    if document.departement is None and not document.est_modele and document.fiches:
        document.avertissements.append("Département signataire introuvable dans le texte.")
    if not document.fiches:
        document.avertissements.append(
            "Modèle de fiche action sans fiche remplie."
            if document.est_modele
            else "Aucune fiche action reconnue dans ce document."
        )
    _signaler_manques(document)
    return document
