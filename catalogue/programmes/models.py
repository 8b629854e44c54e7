"""Tables of the 15-hour programmes (same database as the catalogue, SQLite or PostgreSQL).

Data minimisation: a programme holds a pseudonymous label chosen by the référent, never a name, a
social security number or a France Travail identifier (`validation` refuses what looks like one);
the reason for a reduced target is a category, not free text (free text invites medical details).

Slots and unavailable times are JSON lists of `{jour, debut, fin}` (`Creneau.as_dict`): they are
read and written whole, never queried. `Activite.offer_id` is deliberately not a foreign key: an
activity outlives the offer it names (an import from another catalogue, an offer removed later);
the checks report an offer that cannot be found, and `service_importe` keeps the data·inclusion
record read from an imported file so the programme still exports whole.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from catalogue.models import maintenant


class StatutProgramme(enum.StrEnum):
    ACTIF = "actif"
    ARCHIVE = "archive"


class Parcours(enum.StrEnum):
    """Pas-de-Calais paths (seeds/004:2213-2214): 15 h, or 15 h with a 7 h floor for remobilisation."""

    SOCIO_PROFESSIONNEL = "socio-professionnel"
    REMOBILISATION_SOCIALE = "remobilisation-sociale"

    @property
    def libelle(self) -> str:
        return {"socio-professionnel": "Parcours socio-professionnel",
                "remobilisation-sociale": "Remobilisation sociale (7 h minimum)"}[self.value]


class MotifReduction(enum.StrEnum):
    """Why the weekly target is below 15 h: the cases the law names, and "other"."""

    SANTE = "sante"
    HANDICAP = "handicap"
    PARENT_ISOLE = "parent-isole-sans-garde"
    AUTRE = "autre"

    @property
    def libelle(self) -> str:
        return {"sante": "Santé", "handicap": "Handicap",
                "parent-isole-sans-garde": "Parent isolé sans solution de garde",
                "autre": "Autre situation"}[self.value]


class Programme(SQLModel, table=True):
    __tablename__ = "programme"

    id: int | None = Field(default=None, primary_key=True)
    #: who may see it: the référent's browser-session id until accounts exist ("demo", "cli"…)
    proprietaire: str = Field(index=True, max_length=64)
    libelle: str = Field(max_length=80)
    code_commune: str = Field(max_length=5)
    publics: list[str] = Field(default_factory=list, sa_type=JSON)
    freins: list[str] = Field(default_factory=list, sa_type=JSON)
    #: freins the référent marks as handled outside this programme
    freins_ailleurs: list[str] = Field(default_factory=list, sa_type=JSON)
    debut: dt.date
    nombre_semaines: int = 26
    cible_heures: float = 15.0
    parcours: str = Field(default=Parcours.SOCIO_PROFESSIONNEL.value, max_length=30)
    motif_reduction: str | None = Field(default=None, max_length=30)
    indisponibilites: list[dict] = Field(default_factory=list, sa_type=JSON)
    statut: str = Field(default=StatutProgramme.ACTIF.value, index=True, max_length=20)
    #: the programme it was duplicated from (a template), if any
    modele_id: int | None = None
    cree_le: dt.datetime = Field(default_factory=maintenant)
    modifie_le: dt.datetime = Field(default_factory=maintenant)


class Activite(SQLModel, table=True):
    __tablename__ = "programme_activite"

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    #: 1, 2, 3… in the programme: the activity's number in pages, checks and exports
    position: int
    offer_id: str | None = Field(default=None, index=True, max_length=250)
    #: the name of a free activity ("Démarches de recherche d'emploi"); None for an offer
    libelle: str | None = Field(default=None, max_length=150)
    creneaux: list[dict] = Field(default_factory=list, sa_type=JSON)
    semaine_debut: int = 1
    #: None: as long as the offer lasts (`nombre_semaines`), or to the end of the programme
    semaine_fin: int | None = None
    #: the référent's weekly hours: an estimate for an offer without hours, the hours of a free activity
    heures_saisies: float | None = None
    #: freins a free activity lifts (an offer's come from its thématiques)
    freins: list[str] = Field(default_factory=list, sa_type=JSON)
    #: why the suggestion chose it (one line), when it did
    raison: str | None = Field(default=None, sa_type=Text)
    #: the data·inclusion record read from an imported file, for an offer unknown to this catalogue
    service_importe: dict | None = Field(default=None, sa_type=JSON)
