"""Fiches of the Pas-de-Calais délibération (seeds/004, PDF converted to markdown).

Two kinds of fiches, whose numbers overlap:
- the Contrat local des solidarités ("cls"): a heading "## Action 1.1", then a table "Axe 1 | …",
  "Action 1.1 | title (wrapped) | Poursuite de l'action à l'identique";
- the Convention pour l'insertion et l'emploi 2025-2027 ("cie"): "Volet 2 | …", "Action 2.1 | title"
  or "FA 2.4 | title", the checkbox grid (`cases`), then the text.

Both go on with "Description de l'action" (its "Action k :" paragraphs are the sub-actions, each with
its "Volume de places", "Coût unitaire / BRSA", "Durée"), then a block naming the territory, the
target public, the pilot, the co-funders and the partners, printed as headings, as a table (tab
separated cells) or all on one line, and then indicators and budget.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from importers.conventions import cases, champs
from importers.conventions.lignes import Ligne, en_texte, etendue
from importers.conventions.modele import Fiche, SousAction

#: "## Action 1.1" alone on its line: a fiche of the contrat local des solidarités
ENTETE_CLS = re.compile(r"^Action\s+(?P<numero>\d\.\d{1,2})$")
#: "Volet 2 | Accompagner …": the first line of a fiche of the convention 2025-2027
VOLET = re.compile(r"^Volet\s+(?P<numero>\d)\b")
#: "Action 2.1 | title" or "FA 2.4 | title": the title row of both kinds
LIGNE_TITRE = re.compile(r"^(?:Action|FA)\s+(?P<numero>\d\.\d{1,2})$")
#: "Axe 1 | Prévenir la pauvreté …"
LIGNE_AXE = re.compile(r"^Axe\s+\d\b")
#: what follows the last fiche of a series: the other annexes
FIN = re.compile(r"^(?:ANNEXE|Annexe)\s*[2-9]\b|^TABLEAU\b")
#: the état printed in the title table ("Poursuite de l'action à l'identique")
ETAT_IMPRIME = re.compile(
    r"^(?:Poursuite de l.action|Action (?:nouvelle|existante|avec mise)|Renforcement de l.action)",
    re.IGNORECASE,
)
#: where the text of the action starts
DESCRIPTION = re.compile(
    r"^(?:Description de l.action|(?:Objectifs vis[ée]s et )?modalit[ée]s de mise en (?:œ|oe)uvre)",
    re.IGNORECASE,
)
#: sections before it: findings and objectives
AVANT_DESCRIPTION: champs.Etiquettes = (
    ("constats", re.compile(r"^(?:Contexte|Constats)\b", re.IGNORECASE)),
    ("objectifs", re.compile(r"^Objectifs?\s*:?$", re.IGNORECASE)),
)
#: the labels of the block after it ("Territoire" not followed by "de l'ERBM": that is a value)
ETIQUETTE_BLOC = re.compile(
    r"(?P<territoire>Territoire(?=\s*(?:$|[•:]|Public)))|(?P<public>Public cibl\w*)"
    r"|(?P<pilote>Pilotage)|(?P<cofinanceurs>Co-?financeurs?)|(?P<partenaires>Partenaires impliqu\w+)"
)
#: the block opens with one of them (after an optional bullet)
DEBUT_BLOC = re.compile(rf"^(?:•\s*)?(?:{ETIQUETTE_BLOC.pattern})")
#: and ends with the indicators, the budget or the points to watch
FIN_BLOC = re.compile(
    r"^(?:•\s*)?(?:Points de vigilance|Suivi|Survi|Indicat|Budget de l|Daaget)", re.IGNORECASE
)
#: "• Action 2 : Premières heures", "Action 3: accompagnements …", "- Action 3 : Mamobilité62 …"
SOUS_ACTION = re.compile(r"^(?:[-•*○o]\s*)*Action\s+(?P<k>\d{1,2})\s*:\s*(?P<titre>.*)$")
#: lines of the text that are budget administration, not a description for a référent
ADMINISTRATIF = re.compile(
    r"^(?:[-•○o0O]\s*)*(?:Nature de la d[ée]pense|Montant|Co[ûu]t unitaire|Volume\b|Nombre de "
    r"participants|Mode de d[ée]signation|Temporalit[ée]|Date de mise en place|Dur[ée]e\b[^:]*:"
    r"|Calendrier pr[ée]visionnel|[☐□⊠☑]|(?:ETP|Prestation externe)\s*[-–]|[-•○o0O]?$)",
    re.IGNORECASE,
)
#: a label and its value on one line ("Date de mise en place : …"): not a territory or a public
PAIRE = re.compile(r"\w\s*:\s")
#: a bare page number left in the block by the conversion
PAGE = re.compile(r"\d{1,3}")
#: a list dash opening a value ("- CAF,")
PUCE_EN_TETE = re.compile(r"^[-–]\s+")
#: words that make a text a place: kept as territory only when one is there
LIEU = re.compile(
    r"d[ée]partement|territoire|pas-de-calais|bassin|erbm|commune|agglom|m[ée]tropole|epci"
    r"|r[ée]gion|quartier|canton|ville",
    re.IGNORECASE,
)
#: "… l'accompagnement intensif Accompagnement des publics …": a sentence starting without a stop
NOUVELLE_PHRASE = re.compile(r"(?<=[a-zéèêàù]) (?=[A-ZÉ][a-zéèêàù])")
#: a sub-action title longer than this is a merged paragraph: cut, the rest goes to the text
TITRE_MAX = 120


@dataclass
class _Bloc:
    """Values of the territory / public / pilot / co-funders / partners block, by label.

    A value is (text, suite): `suite` marks a table cell that may continue the previous item of
    its column ("Département du" ⏎ "Pas-de-Calais"); other values start a new item."""

    valeurs: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    colonnes: list[str] = field(default_factory=list)

    def ajouter(self, etiquette: str, texte: str, suite: bool = False) -> None:
        if texte.strip(" •-–") and not PAGE.fullmatch(texte.strip()):
            self.valeurs.setdefault(etiquette, []).append((texte, suite))

    def elements(self, etiquette: str) -> list[str]:
        """The items of a label, cut at bullets; list dashes opening a value are dropped."""
        elements: list[str] = []
        for texte, suite in self.valeurs.get(etiquette, []):
            texte = PUCE_EN_TETE.sub("", texte.strip())
            if suite and elements and not texte.startswith("•"):
                elements[-1] = f"{elements[-1]} {texte}"
                continue
            elements += [m.strip(" ,;") for m in texte.split("•") if m.strip(" ,;")]
        return elements


def _etiquettes_seules(cellule: str) -> list[str]:
    """The labels a cell is made of, or [] when it holds anything else."""
    trouvees = [m.lastgroup for m in ETIQUETTE_BLOC.finditer(cellule) if m.lastgroup]
    reste = ETIQUETTE_BLOC.sub("", cellule).strip(" •:")
    return trouvees if trouvees and not reste else []


def _en_ligne(bloc: _Bloc, texte: str) -> bool:
    """"Pilotage • Département • Co-financeurs …": labels with their values on one line."""
    reperes = list(ETIQUETTE_BLOC.finditer(texte))
    if not reperes:
        return False
    for repere, suivant in zip(reperes, [*reperes[1:], None], strict=True):
        fin = suivant.start() if suivant else len(texte)
        bloc.ajouter(repere.lastgroup or "", texte[repere.end() : fin])
    bloc.colonnes = [reperes[-1].lastgroup or ""]
    return True


def _donnees(bloc: _Bloc, ligne: Ligne) -> None:
    """A row of values under the current label(s)."""
    pleines = [(i, c) for i, c in enumerate(ligne.cellules) if re.search(r"\w", c)]
    colonnes = bloc.colonnes
    tableau = len(ligne.cellules) > 1
    if len(colonnes) == 1 or len(pleines) == len(colonnes):
        for k, (_, cellule) in enumerate(pleines):
            bloc.ajouter(colonnes[min(k, len(colonnes) - 1)], cellule, suite=tableau)
        return
    for i, cellule in pleines:
        if i > 0:
            bloc.ajouter(colonnes[min(i, len(colonnes) - 1)], cellule, suite=tableau)
        else:  # one value per row under stacked labels: the first label still empty, else the last
            vide = next((c for c in colonnes if c not in bloc.valeurs), colonnes[-1])
            bloc.ajouter(vide, cellule)


def _lire_bloc(lignes: Sequence[Ligne]) -> _Bloc:
    bloc = _Bloc()
    for ligne in lignes:
        cellules = [c for c in ligne.cellules if re.search(r"\w", c)]
        if not cellules:
            continue
        seules = [_etiquettes_seules(c) for c in cellules]
        if all(seules):
            nouvelles = [e for liste in seules for e in liste]
            sans_valeur = not any(c in bloc.valeurs for c in bloc.colonnes)
            bloc.colonnes = bloc.colonnes + nouvelles if sans_valeur else nouvelles
        elif not _en_ligne(bloc, " • ".join(cellules)) and bloc.colonnes:
            _donnees(bloc, ligne)
    return bloc


def _territoire(bloc: _Bloc) -> str | None:
    """The first item of the territory that names a place (the block mixes in the public)."""
    for element in bloc.elements("territoire"):
        if LIEU.search(element) and not PAIRE.search(element) and element != "Territoire":
            return element
    return None


def _sans_paires(elements: list[str]) -> list[str]:
    return [e for e in elements if not PAIRE.search(e)]


# --- sub-actions -------------------------------------------------------------------------------


def _reperes_sous_actions(lignes: Sequence[Ligne]) -> list[tuple[int, re.Match[str]]]:
    """(index, match) of "Action 1 :", "Action 2 :" … in order; anything out of order is text."""
    reperes: list[tuple[int, re.Match[str]]] = []
    for i, ligne in enumerate(lignes):
        m = SOUS_ACTION.match(ligne.propre)
        if m and int(m["k"]) == len(reperes) + 1:
            reperes.append((i, m))
    return reperes


def _texte_utile(lignes: Sequence[Ligne]) -> str:
    """The text of some lines without the budget administration lines."""
    return en_texte(ligne for ligne in lignes if not ADMINISTRATIF.match(ligne.propre))


def _titre_court(titre: str) -> tuple[str, str]:
    """(title, overflow): a title longer than TITRE_MAX is a title glued to its paragraph; it is
    cut where a capitalised word follows a lower-case one with no punctuation (a new sentence),
    else at a word boundary."""
    titre = titre.strip(" :")
    titre = titre[:1].upper() + titre[1:]
    if len(titre) <= TITRE_MAX:
        return titre, ""
    phrase = NOUVELLE_PHRASE.search(titre, 20)
    if phrase and phrase.start() <= TITRE_MAX:
        return titre[: phrase.start()], titre
    coupe = titre[:TITRE_MAX].rsplit(" ", 1)[0]
    return f"{coupe}…", titre


def _sous_action(k: int, m: re.Match[str], lignes: Sequence[Ligne]) -> SousAction:
    titre, debordement = _titre_court(m["titre"])
    corps = _texte_utile(lignes[1:])
    return SousAction(
        numero=k,
        titre=titre or f"Action {k}",
        description=champs.joindre(debordement, corps, separateur="\n") or "",
        lignes=etendue(lignes),
        duree=champs.duree(lignes),
        volume_places=champs.volume(lignes),
        cout_unitaire=champs.cout_unitaire(lignes),
    )


def _sous_actions(lignes: Sequence[Ligne]) -> tuple[list[SousAction], list[Ligne]]:
    """The sub-actions of a description, and the description lines outside them."""
    reperes = _reperes_sous_actions(lignes)
    if not reperes:
        return [], list(lignes)
    bornes = [i for i, _ in reperes] + [len(lignes)]
    sous_actions = [
        _sous_action(k, m, lignes[debut : bornes[k]])
        for k, (debut, m) in enumerate(reperes, start=1)
    ]
    return sous_actions, list(lignes[: reperes[0][0]])


# --- the fiche ----------------------------------------------------------------------------------


def _titre(lignes: Sequence[Ligne]) -> tuple[str, str | None, str | None]:
    """(title, état, axe) from the title table at the top of a fiche."""
    titre: list[str] = []
    etat = axe = None
    en_cours = False
    for ligne in lignes[:8]:
        cellules = ligne.cellules
        if LIGNE_AXE.match(cellules[0]):
            axe = next((c for c in cellules[1:] if c), None)
        elif LIGNE_TITRE.match(cellules[0]):
            titre, en_cours = [c for c in cellules[1:] if c], True
        elif any(ETAT_IMPRIME.match(c) for c in cellules):
            etat = next(c for c in cellules if ETAT_IMPRIME.match(c))
            en_cours = False
        elif en_cours and not cellules[0] and not any(b in ligne.texte for b in "☐□⊠☑"):
            titre += [c for c in cellules[1:] if c]
        else:
            en_cours = False
    return " ".join(titre).strip(" ."), etat, axe


def _parties(lignes: Sequence[Ligne]) -> tuple[list[Ligne], list[Ligne], list[Ligne]]:
    """(before the description, the description, the territory/pilot block) of a fiche."""
    debut = next((i for i, ligne in enumerate(lignes) if DESCRIPTION.match(ligne.propre)), None)
    if debut is None:
        return list(lignes), [], []
    bloc = next(
        (i for i in range(debut + 1, len(lignes)) if DEBUT_BLOC.match(lignes[i].propre)),
        len(lignes),
    )
    fin = next(
        (i for i in range(bloc, len(lignes)) if FIN_BLOC.match(lignes[i].propre)), len(lignes)
    )
    texte = [ligne for ligne in lignes[debut + 1 : bloc] if not DESCRIPTION.match(ligne.propre)]
    return list(lignes[:debut]), texte, list(lignes[bloc:fin])


def _fiche(lignes: Sequence[Ligne], numero: str, cadre: str, volet: str | None) -> Fiche:
    titre, etat, axe = _titre(lignes)
    avant, texte, bloc_lignes = _parties(lignes)
    sections = champs.sections(avant, AVANT_DESCRIPTION)
    sous_actions, hors_sous_actions = _sous_actions(texte)
    grille = cases.lire_grille(lignes)
    bloc = _lire_bloc(bloc_lignes)
    objectifs = sections["objectifs"].texte if "objectifs" in sections else ""
    constats = sections["constats"].texte if "constats" in sections else ""
    publics = _sans_paires(bloc.elements("public"))
    return Fiche(
        numero=numero,
        titre=titre,
        lignes=etendue(lignes),
        cadre=cadre,
        volet=volet,
        axe=axe,
        etat=grille.etat or etat,
        description=_texte_utile(hors_sous_actions) or objectifs or constats,
        thematique=grille.thematique,
        freins=grille.freins,
        autre_frein=grille.autre_frein,
        publics=grille.publics,
        publics_texte=champs.joindre(grille.publics_autre, *publics),
        cible_qpv=grille.cible_qpv,
        cible_rurale=grille.cible_rurale,
        territoire=_territoire(bloc),
        duree=champs.duree(hors_sous_actions),
        volume_places=champs.volume(hors_sous_actions),
        cout_unitaire=champs.cout_unitaire(hors_sous_actions),
        pilote=champs.joindre(*_sans_paires(bloc.elements("pilote")), separateur=", "),
        cofinanceurs=champs.joindre(*bloc.elements("cofinanceurs"), separateur=", "),
        partenaires=champs.joindre(*bloc.elements("partenaires"), separateur=", "),
        sous_actions=sous_actions,
    )


def _debuts(lignes: Sequence[Ligne]) -> list[tuple[int, str, str, str | None]]:
    """(index, number, kind, volet) of each fiche."""
    debuts: list[tuple[int, str, str, str | None]] = []
    for i, ligne in enumerate(lignes):
        if "\t" not in ligne.texte and (m := ENTETE_CLS.match(ligne.propre)):
            debuts.append((i, m["numero"], "cls", None))
        elif (v := VOLET.match(ligne.cellules[0])) and (titre := _ligne_titre(lignes, i)):
            debuts.append((i, titre, "cie", v["numero"]))
    return debuts


def _ligne_titre(lignes: Sequence[Ligne], i: int) -> str | None:
    """The number on the "Action 2.1 | …" row right under a "Volet" row, if there is one."""
    suivantes = [ligne for ligne in lignes[i + 1 : i + 4] if not ligne.vide][:1]
    m = LIGNE_TITRE.match(suivantes[0].cellules[0]) if suivantes else None
    return m["numero"] if m else None


def _titre_du_tableau(lignes: Sequence[Ligne], numero: str) -> str:
    """A title left blank in its fiche (seeds/004:1148), as the summary table of the annexes
    prints it in its first column: "Action 3.3 : Prévenir" ⏎ "l'exclusion à travers …"."""
    debut = re.compile(rf"^Action\s+{re.escape(numero)}\s*:\s*(?P<titre>.*)$")
    for i, ligne in enumerate(lignes):
        if m := debut.match(ligne.cellules[0]):
            mots = [m["titre"]]
            for suivante in lignes[i + 1 : i + 4]:
                cellule = suivante.cellules[0]
                if not cellule or re.match(r"^(?:Action|Axe)\b", cellule):
                    break
                mots.append(cellule)
            return " ".join(" ".join(mots).split())
    return ""


def fiches(lignes: Sequence[Ligne]) -> list[Fiche]:
    """The fiches of a document in this layout (none when it is not)."""
    debuts = _debuts(lignes)
    resultat = []
    for k, (debut, numero, cadre, volet) in enumerate(debuts):
        fin = debuts[k + 1][0] if k + 1 < len(debuts) else len(lignes)
        fin = next((j for j in range(debut + 1, fin) if FIN.match(lignes[j].propre)), fin)
        fiche = _fiche(lignes[debut:fin], numero, cadre, volet)
        fiche.titre = fiche.titre or _titre_du_tableau(lignes[fin:], numero)
        resultat.append(fiche)
    return resultat
