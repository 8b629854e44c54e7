"""Fiches of the 2024 convention model (seeds/001, OCR; the blank model itself is seeds/002:521-560).

"FICHE ACTION n", then labelled paragraphs: "Intitulé de l'action :", an optional "Cette action est
composée de trois volets : 1. … porté par X" (the sub-actions), "Contexte / Etat du préexistant :",
"Enjeux identifiés et objectifs visés par l'action :", "Description de l'action :" (one numbered
paragraph per sub-action), "Date de mise en place", "Durée de l'action :", "Partenaires et
co-financeurs :", "Budget prévisionnel". The blank model has the labels and no "FICHE ACTION" line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from catalogue.texte import normaliser
from importers.conventions import champs
from importers.conventions.lignes import Ligne, en_texte, en_une_ligne, etendue
from importers.conventions.modele import Fiche, SousAction

#: "FICHE ACTION 3" alone on its line (not the "Fiche action 3 : …" cells of the financing plan)
DEBUT = re.compile(r"^FICHE ACTION\s+(?P<numero>\d+)$", re.IGNORECASE)
INTITULE = re.compile(r"^Intitul[ée] de l\W*action\s*:?", re.IGNORECASE)
#: what follows the last fiche: the financing plan and the other annexes
FIN = re.compile(
    r"^(?:GOUVERNEMENT|PLAFOND|Construction du plan de financement|ANNEXE\s*(?:[2-9]|1\s*bis))",
    re.IGNORECASE,
)
#: "Cette action est composée de trois volets :"
COMPOSITION = re.compile(r"^Cette action est compos[ée]e de (?P<nombre>\w+) volets?\s*:?", re.I)
ETIQUETTES: champs.Etiquettes = (
    ("intitule", INTITULE),
    ("composition", COMPOSITION),
    ("contexte", re.compile(r"^Contexte\s*/\s*[EÉ]tat du pr[ée]existant\s*:?", re.IGNORECASE)),
    ("enjeux", re.compile(r"^Enjeux identifi[ée]s et objectifs vis[ée]s\b[^:]*:?", re.I)),
    ("description", re.compile(r"^Description de l\W*action\s*:?", re.IGNORECASE)),
    ("date", re.compile(r"^Date de (?:mise en place|d[ée]but) de l\W*action\s*:?", re.I)),
    ("duree", re.compile(r"^Dur[ée]e de l\W*action\s*:?", re.IGNORECASE)),
    ("partenaires", re.compile(r"^Partenaires et co-?financeurs\s*:?", re.IGNORECASE)),
    ("budget", re.compile(r"^Budget (?:pr[ée]visionnel|d[ée]taill[ée])", re.IGNORECASE)),
    ("calendrier", re.compile(r"^Calendrier pr[ée]visionnel", re.IGNORECASE)),
    ("indicateurs", re.compile(r"^Indicateurs de suivi", re.IGNORECASE)),
)
#: a numbered item: "2. Parcours d'accès …"
NUMERO = re.compile(r"^(?P<k>\d)\.\s*(?P<texte>.*)")
#: "Partenaires : …", "Partenaire : APASE", "Partenaires opérationnels : …", "Co-financeurs : …"
SOUS_ETIQUETTE = re.compile(
    r"^(?:(?P<partenaires>Partenaires?(?:\s+op[ée]rationnels)?)|(?P<cofinanceurs>Co-?financeurs))"
    r"\s*:\s*(?P<valeur>.*)",
    re.IGNORECASE,
)
#: "… Volet porté par X" / "… porté par X" at the end of an item: the carrier, not the title
PORTE_EN_FIN = re.compile(r"[.\s]*(?:Volet\s+)?port[ée]e?s?\s+par\b.*$", re.IGNORECASE)
#: "Un volet sensibilisation …" (also OCR'd "Unvolet"): the item is a volet, the rest its title
UN_VOLET = re.compile(r"^Un\s?volet\s+", re.IGNORECASE)
#: "Equilibre emploi : 1er janvier au …": a per-sub-action value in "Durée de l'action"
PAR_SOUS_ACTION = re.compile(r"^(?P<qui>[^:]{2,40}?)\s*:\s*(?P<valeur>.+)$")
NOMBRES = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8}


def _items(section: champs.Section) -> list[tuple[Ligne, str]]:
    """The numbered items under "Cette action est composée de … volets" (item 1 may lack its
    number, seeds/001:649)."""
    items: list[tuple[Ligne, list[str]]] = []
    for ligne in section.lignes:
        if ligne.vide:
            continue
        if (m := NUMERO.match(ligne.propre)) or not items:
            items.append((ligne, [m["texte"] if m else ligne.propre]))
        else:
            items[-1][1].append(ligne.propre)
    return [(ligne, " ".join(mots)) for ligne, mots in items]


def _titre_d_item(texte: str) -> str:
    titre = UN_VOLET.sub("", PORTE_EN_FIN.sub("", texte)).strip(" ;.:")
    return titre[:1].upper() + titre[1:]


def _sans_fin_de_titre(paragraphe: Sequence[Ligne]) -> list[Ligne]:
    """The body of a numbered paragraph: its heading may wrap onto one more line, after a blank
    (seeds/001:465-467 "… les BRSA travailleurs⏎⏎indépendants")."""
    corps = list(paragraphe[1:])
    pleines = [i for i, ligne in enumerate(corps) if not ligne.vide]
    if pleines and corps[pleines[0]].propre[:1].islower():
        del corps[: pleines[0] + 1]
    return corps


def _paragraphes_numerotes(lignes: Sequence[Ligne], nombre: int) -> list[list[Ligne]]:
    """The "1. …", "2. …" paragraphs of a section, in order (lines before "1." are dropped)."""
    paragraphes: list[list[Ligne]] = []
    for ligne in lignes:
        m = NUMERO.match(ligne.propre)
        if m and int(m["k"]) == len(paragraphes) + 1 and len(paragraphes) < nombre:
            paragraphes.append([ligne])
        elif paragraphes:
            paragraphes[-1].append(ligne)
    return paragraphes


def _valeur_pour(section: champs.Section | None, cles: Sequence[str]) -> str | None:
    """In "Durée de l'action", the line naming this sub-action ("OSEE : septembre …")."""
    for ligne in section.lignes if section else ():
        if m := PAR_SOUS_ACTION.match(ligne.propre):
            qui = f" {normaliser(m['qui'])} "
            if any(cle and f" {cle} " in qui for cle in cles):
                return m["valeur"]
    return None


def _sous_actions(parties: dict[str, champs.Section]) -> list[SousAction]:
    composition = parties.get("composition")
    if composition is None:
        return []
    items = _items(composition)
    description = parties.get("description")
    paragraphes = _paragraphes_numerotes(description.lignes if description else [], len(items))
    resultat = []
    for k, (ligne, texte) in enumerate(items, start=1):
        paragraphe = paragraphes[k - 1] if k <= len(paragraphes) else []
        entete = NUMERO.sub(r"\g<texte>", paragraphe[0].propre) if paragraphe else ""
        titre = _titre_d_item(texte)
        resultat.append(
            SousAction(
                numero=k,
                titre=titre,
                description=en_texte(_sans_fin_de_titre(paragraphe)),
                lignes=etendue(paragraphe) if paragraphe else (ligne.no, ligne.no),
                operateur=champs.porteur(texte),
                duree=_valeur_pour(parties.get("duree"), [normaliser(entete), normaliser(titre)]),
            )
        )
    return resultat


def _partenaires(section: champs.Section | None) -> tuple[str | None, str | None]:
    """(partenaires, co-financeurs) of "Partenaires et co-financeurs"."""
    valeurs: dict[str, list[str]] = {"partenaires": [], "cofinanceurs": []}
    courant = "partenaires"
    for ligne in section.lignes if section else ():
        if m := SOUS_ETIQUETTE.match(ligne.propre):
            courant = "partenaires" if m["partenaires"] else "cofinanceurs"
            ligne = Ligne(ligne.no, m["valeur"])
        if not ligne.vide:
            valeurs[courant].append(ligne.propre)
    return champs.joindre(*valeurs["partenaires"]), champs.joindre(*valeurs["cofinanceurs"])


def _texte(parties: dict[str, champs.Section], nom: str) -> str:
    return parties[nom].texte if nom in parties else ""


def _fiche(numero: str, lignes: Sequence[Ligne]) -> Fiche:
    parties = champs.sections(lignes, ETIQUETTES)
    sous_actions = _sous_actions(parties)
    partenaires, cofinanceurs = _partenaires(parties.get("partenaires"))
    description = _texte(parties, "description") or _texte(parties, "enjeux")
    duree = parties.get("duree")
    return Fiche(
        numero=numero,
        titre=en_une_ligne(parties["intitule"].lignes).strip(" .") if "intitule" in parties else "",
        lignes=etendue(lignes),
        description=description,
        duree=champs.joindre(*(ligne.propre for ligne in duree.lignes)) if duree else None,
        partenaires=partenaires,
        cofinanceurs=cofinanceurs,
        operateur=None if sous_actions else _porteur(parties),
        sous_actions=sous_actions,
    )


def _porteur(parties: dict[str, champs.Section]) -> str | None:
    for nom in ("description", "contexte", "enjeux"):
        if nom in parties and (qui := champs.porteur(parties[nom].une_ligne)):
            return qui
    return None


def _debuts(lignes: Sequence[Ligne]) -> list[tuple[int, str]]:
    """(index, number) of each fiche: "FICHE ACTION n", or a lone "Intitulé de l'action" (the
    blank model, numbered by its rank)."""
    debuts: list[tuple[int, str]] = []
    for i, ligne in enumerate(lignes):
        if m := DEBUT.match(ligne.propre):
            debuts.append((i, m["numero"]))
        elif INTITULE.match(ligne.propre) and not (debuts and i - debuts[-1][0] <= 3):
            debuts.append((i, str(len(debuts) + 1)))
    return debuts


def fiches(lignes: Sequence[Ligne]) -> list[Fiche]:
    """The fiches of a document in this layout (none when it is not)."""
    debuts = _debuts(lignes)
    resultat = []
    for k, (debut, numero) in enumerate(debuts):
        fin = debuts[k + 1][0] if k + 1 < len(debuts) else len(lignes)
        fin = next((j for j in range(debut + 1, fin) if FIN.match(lignes[j].propre)), fin)
        resultat.append(_fiche(numero, lignes[debut:fin]))
    return resultat
