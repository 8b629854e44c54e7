"""What the convention parser returns: a document, its action fiches and their sub-actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: the fields reported per fiche (found / missing), in this order
CHAMPS: tuple[str, ...] = (
    "titre",
    "description",
    "thematique",
    "freins",
    "publics",
    "cible_qpv",
    "cible_rurale",
    "territoire",
    "duree",
    "volume_places",
    "cout_unitaire",
    "pilote",
    "partenaires",
    "operateur",
)


@dataclass
class SousAction:
    """An "Action k :" of a fiche, or a numbered "volet" of an action (seeds/001)."""

    numero: int
    titre: str
    description: str
    lignes: tuple[int, int]
    duree: str | None = None
    volume_places: str | None = None
    cout_unitaire: str | None = None
    operateur: str | None = None


@dataclass
class Fiche:
    """One action fiche, with its values as printed (repaired), and where it stands in the file."""

    numero: str
    titre: str
    lignes: tuple[int, int]
    description: str = ""
    thematique: str | None = None
    freins: list[str] = field(default_factory=list)
    autre_frein: str | None = None
    publics: list[str] = field(default_factory=list)
    publics_texte: str | None = None
    cible_qpv: str | None = None
    cible_rurale: str | None = None
    territoire: str | None = None
    duree: str | None = None
    volume_places: str | None = None
    cout_unitaire: str | None = None
    pilote: str | None = None
    partenaires: str | None = None
    operateur: str | None = None
    sous_actions: list[SousAction] = field(default_factory=list)
    #: "cls" (contrat local des solidarités) or "cie" (convention insertion emploi) when a document
    #: holds both, whose numbers overlap (seeds/004)
    cadre: str | None = None
    volet: str | None = None
    axe: str | None = None
    etat: str | None = None
    cofinanceurs: str | None = None
    champs_trouves: list[str] = field(default_factory=list)
    champs_manquants: list[str] = field(default_factory=list)

    def valeur(self, champ: str) -> object:
        """The value behind a reported field, sub-actions included (a field any of them has)."""
        propre = getattr(self, champ)
        if champ == "freins":
            return propre or self.autre_frein
        if champ == "publics":
            return propre or self.publics_texte
        if not propre and champ in ("duree", "volume_places", "cout_unitaire", "operateur"):
            return next((getattr(s, champ) for s in self.sous_actions if getattr(s, champ)), None)
        return propre

    def faire_le_point(self) -> None:
        """Fill `champs_trouves` / `champs_manquants`."""
        self.champs_trouves = [c for c in CHAMPS if self.valeur(c)]
        self.champs_manquants = [c for c in CHAMPS if not self.valeur(c)]


@dataclass
class Document:
    nom_fichier: str
    titre: str
    departement: str | None = None
    est_modele: bool = False
    date: date | None = None
    fiches: list[Fiche] = field(default_factory=list)
    #: what could not be read, in French, for the import report
    avertissements: list[str] = field(default_factory=list)
