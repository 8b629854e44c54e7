"""Fiches of the Lozère 2025 form (seeds/000, OCR of a two-column form, one fiche per page).

Each page starts with the banner "Convention pour l'insertion et l'emploi / Convention signée le",
then "Volet | Intitulé de l'action" side by side: the OCR interleaves the two columns line by line
(seeds/000:85-88), so the title is what remains once the words of the known volet title are taken
out, in order. Then "Thématique", "Il s'agit de: … Durée: 1 an", "Description de l'action",
"Publics cibles", "Co-financeurs", "Type d'action" and a budget table.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from difflib import SequenceMatcher

from catalogue.texte import normaliser
from importers.conventions import champs
from importers.conventions.lignes import Ligne, en_texte, en_une_ligne, etendue
from importers.conventions.modele import Fiche

#: "Volet Intitulé de l'action": the head of every fiche of the form
ENTETE = re.compile(r"^Volet\s+Intitul[ée]\s+de\s+l\W*action\b", re.IGNORECASE)
#: the banner printed above it ("Convention pour l'insertion", "Convention signée le")
BANDEAU = re.compile(r"Convention (?:pour l|sign)", re.IGNORECASE)
#: "Volet 2. Accompagner le déploiement Réflexion a la …": the volet column, then the title column
VOLET = re.compile(r"^Volet\s+(?P<numero>\d)\s*\.?\s*")
#: the end of the fiches: the financing plan and the statement of expenses
FIN = re.compile(r"^(?:Construction du plan de financement|Etat des d[ée]penses)", re.IGNORECASE)
#: the volet titles as printed in the volet column (seeds/000:5-10 and seeds/000:85-88)
VOLETS: dict[str, str] = {
    "1": "Garantir la mise en œuvre progressive de la réforme Plein Emploi et l'application des "
    "dispositions législatives et réglementaires issues de la loi pour le plein emploi",
    "2": "Accompagner le déploiement de l'accompagnement intensif des bénéficiaires du RSA",
}
#: "Thématique" alone: it also ends the title columns
THEMATIQUE = re.compile(r"^Th[ée]matique\s*$", re.IGNORECASE)
ETIQUETTES: champs.Etiquettes = (
    ("thematique", THEMATIQUE),
    ("etat", re.compile(r"^Il s.agit de\s*:?\s*$", re.IGNORECASE)),
    ("description", re.compile(r"^Description de l\W*action\b", re.IGNORECASE)),
    ("publics", re.compile(r"^Publics cibles\b(?:\s*Etat d.avancement\b)?", re.IGNORECASE)),
    ("avancement", re.compile(r"^Etat d.avancement\b", re.IGNORECASE)),
    ("qualite", re.compile(r"^(?:La qualit[ée] de la mise|Action$)", re.IGNORECASE)),
    ("cofinanceurs", re.compile(r"^Co-?financeurs\b", re.IGNORECASE)),
    ("type", re.compile(r"^Type d\W+action\b", re.IGNORECASE)),
    ("credits", re.compile(r"^Cr[ée]dit\b", re.IGNORECASE)),
)
#: "Durée: 1 an" sits on the "Il s'agit de" lines, right of the état
DUREE_EN_FIN = re.compile(r"\s*Dur[ée]e\s*:.*$", re.IGNORECASE)
#: how close two OCR'd words must be to count as the same word of the volet column
MEME_MOT = 0.75


def _cle_mot(mot: str) -> str:
    """`l'accompagnement`, `'accompagnement` and `accompagnement` are one word here."""
    return re.sub(r"^[a-z] ", "", normaliser(mot)).replace(" ", "")


def _meme_mot(a: str, b: str) -> bool:
    ca, cb = _cle_mot(a), _cle_mot(b)
    return ca == cb or (len(cb) >= 4 and SequenceMatcher(None, ca, cb).ratio() >= MEME_MOT)


def _titre(lignes: Sequence[Ligne]) -> tuple[str | None, str]:
    """(volet number, title) from the interleaved "Volet | Intitulé" lines."""
    volet: str | None = None
    colonne: deque[str] = deque()
    mots_du_titre: list[str] = []
    for ligne in lignes:
        texte = ligne.propre
        if volet is None and (m := VOLET.match(texte)):
            volet, texte = m["numero"], texte[m.end() :]
            colonne = deque(VOLETS.get(volet, "").split())
        mots = texte.split()
        while mots and colonne and _meme_mot(mots[0], colonne[0]):
            mots.pop(0)
            colonne.popleft()
        mots_du_titre += mots
    return volet, " ".join(mots_du_titre)


def _etat(texte: str) -> str | None:
    cle = normaliser(texte)
    if "renforce" in cle:
        return "Action existante mais renforcée"
    if "identique" in cle:
        return "Action existante et poursuivie à l'identique"
    return "Action nouvelle" if "nouvelle" in cle else None


def _cofinanceurs(section: champs.Section | None) -> str | None:
    """Short lines under "Co-financeurs" (Etat, Département, FSE+); table debris is left out."""
    if section is None:
        return None
    noms = [ligne.propre for ligne in section.lignes if 0 < len(ligne.propre) <= 25]
    return ", ".join(n for n in noms if "|" not in n) or None


def _operateur(section: champs.Section | None) -> str | None:
    """ "Type d'action: En interne (ETP au sein du conseil départemental)"."""
    if section is not None and "interne" in normaliser(section.une_ligne):
        return "Conseil départemental (en interne)"
    return None


def _fiche(numero: int, lignes: Sequence[Ligne]) -> Fiche:
    entete = next(i for i, ligne in enumerate(lignes) if ENTETE.match(ligne.propre))
    parties = champs.sections(lignes[entete + 1 :], ETIQUETTES)
    fin_du_titre = next(
        (i for i, ligne in enumerate(lignes) if i > entete and THEMATIQUE.match(ligne.propre)),
        len(lignes),
    )
    volet, titre = _titre(lignes[entete + 1 : fin_du_titre])
    etat = parties.get("etat")
    publics = parties.get("publics")
    return Fiche(
        numero=str(numero),
        titre=titre,
        lignes=etendue(lignes),
        volet=volet,
        thematique=en_une_ligne(parties["thematique"].lignes) if "thematique" in parties else None,
        etat=_etat(" ".join(DUREE_EN_FIN.sub("", ligne.propre) for ligne in etat.lignes))
        if etat
        else None,
        duree=champs.duree(lignes),
        description=en_texte(parties["description"].lignes) if "description" in parties else "",
        publics_texte=(publics.une_ligne or None) if publics else None,
        cofinanceurs=_cofinanceurs(parties.get("cofinanceurs")),
        operateur=_operateur(parties.get("type")),
    )


def _debuts(lignes: Sequence[Ligne]) -> list[int]:
    """Index of each fiche's first line: its banner, found above the "Volet Intitulé" head."""
    debuts: list[int] = []
    for i, ligne in enumerate(lignes):
        if ENTETE.match(ligne.propre):
            plancher = debuts[-1] + 1 if debuts else 0
            bandeau = [j for j in range(max(plancher, i - 8), i) if BANDEAU.search(lignes[j].texte)]
            debuts.append(bandeau[0] if bandeau else i)
    return debuts


def fiches(lignes: Sequence[Ligne]) -> list[Fiche]:
    """The fiches of a document in this layout (none when it is not)."""
    debuts = _debuts(lignes)
    resultat = []
    for k, debut in enumerate(debuts):
        fin = debuts[k + 1] if k + 1 < len(debuts) else len(lignes)
        fin = next((j for j in range(debut, fin) if FIN.match(lignes[j].propre)), fin)
        resultat.append(_fiche(k + 1, lignes[debut:fin]))
    return resultat
