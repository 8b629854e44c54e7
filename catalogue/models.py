"""The catalogue's tables: the single source of truth (the search index is derived from them).

`Offer` is a data·inclusion v1 *service*; `Structure` the structure that runs it. Both keep their
provenance (source, producer id, first/last seen, the raw record as received) and a fingerprint of the
normalised v1 record, which is how a re-import knows that nothing changed.

List fields are stored twice on purpose: as JSON on the row (the record as it is) and as rows of
`OfferTag` (offer, field, value) with an index on (field, value), so SQL filters on thématiques,
publics or zones use an index on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Index, Table, Text
from sqlmodel import Field, SQLModel


def maintenant() -> datetime:
    return datetime.now(UTC)


class Statut(enum.StrEnum):
    """Publication status of an offer; only `publiee` offers are shown to référents."""

    BROUILLON = "brouillon"
    PUBLIEE = "publiee"
    SUSPENDUE = "suspendue"
    ARCHIVEE = "archivee"

    @property
    def libelle(self) -> str:
        return {
            "brouillon": "Brouillon",
            "publiee": "Publiée",
            "suspendue": "Suspendue",
            "archivee": "Archivée",
        }[self.value]


#: v1 list fields of a service (stored as JSON and as OfferTag rows)
CHAMPS_LISTE_SERVICE = (
    "thematiques",
    "publics",
    "modes_accueil",
    "zone_eligibilite",
    "modes_mobilisation",
    "mobilisable_par",
)

#: every free-text field that goes out (exports, API, pages) as plain text only
#: (`catalogue.texte.texte_brut`); links, e-mails, codes and vocabularies have their own formats
CHAMPS_TEXTE_LIBRE = frozenset({
    "nom", "description", "frais_precisions", "publics_precisions", "conditions_acces",
    "mobilisation_precisions", "adresse", "complement_adresse", "commune", "horaires_accueil",
    "telephone", "contact_nom_prenom"})

#: every v1 Service field, in the schema's order (the export writes them in this order)
CHAMPS_SERVICE = (
    "source", "structure_id", "id", "nom", "description", "lien_source", "date_maj", "type",
    "thematiques", "frais", "frais_precisions", "publics", "publics_precisions",
    "conditions_acces", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "longitude", "latitude", "telephone", "courriel", "modes_accueil", "zone_eligibilite",
    "contact_nom_prenom", "lien_mobilisation", "modes_mobilisation", "mobilisable_par",
    "mobilisation_precisions", "volume_horaire_hebdomadaire", "nombre_semaines",
    "horaires_accueil",
)  # fmt: skip

#: every v1 Structure field, in the schema's order
CHAMPS_STRUCTURE = (
    "source", "id", "nom", "date_maj", "description", "lien_source", "siret", "commune",
    "code_postal", "code_insee", "adresse", "complement_adresse", "longitude", "latitude",
    "telephone", "courriel", "site_web", "horaires_accueil", "accessibilite_lieu",
    "reseaux_porteurs",
)  # fmt: skip


def _json() -> Any:
    return Field(default=None, sa_type=JSON)


def _texte() -> Any:
    return Field(default=None, sa_type=Text)


class Provenance(SQLModel):
    """Where a record comes from and when we saw it."""

    source: str = Field(index=True, max_length=100)
    source_id: str = Field(max_length=200)
    premiere_vue: datetime = Field(default_factory=maintenant)
    derniere_vue: datetime = Field(default_factory=maintenant)
    brut: dict | None = _json()
    empreinte: str = Field(default="", max_length=64)
    cree_le: datetime = Field(default_factory=maintenant)
    modifie_le: datetime = Field(default_factory=maintenant)


class Structure(Provenance, table=True):
    __tablename__ = "structure"

    id: str = Field(primary_key=True, max_length=250)
    nom: str = Field(max_length=150)
    date_maj: date
    description: str | None = _texte()
    lien_source: str | None = None
    siret: str | None = Field(default=None, index=True, max_length=14)
    commune: str | None = None
    code_postal: str | None = Field(default=None, max_length=5)
    code_insee: str | None = Field(default=None, index=True, max_length=5)
    adresse: str | None = None
    complement_adresse: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    telephone: str | None = None
    courriel: str | None = None
    site_web: str | None = None
    horaires_accueil: str | None = None
    accessibilite_lieu: str | None = None
    reseaux_porteurs: list[str] | None = _json()


class Offer(Provenance, table=True):
    """A data·inclusion v1 service, with its publication status and quality score."""

    __tablename__ = "offer"

    id: str = Field(primary_key=True, max_length=250)
    structure_id: str = Field(foreign_key="structure.id", index=True, max_length=250)
    nom: str = Field(max_length=150)
    description: str = Field(sa_type=Text)
    lien_source: str | None = None
    date_maj: date = Field(index=True)
    type: str | None = Field(default=None, max_length=50)
    thematiques: list[str] | None = _json()
    frais: str | None = Field(default=None, max_length=20)
    frais_precisions: str | None = _texte()
    publics: list[str] | None = _json()
    publics_precisions: str | None = _texte()
    conditions_acces: str | None = _texte()
    commune: str | None = None
    code_postal: str | None = Field(default=None, max_length=5)
    code_insee: str | None = Field(default=None, index=True, max_length=5)
    adresse: str | None = None
    complement_adresse: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    telephone: str | None = None
    courriel: str | None = None
    modes_accueil: list[str] | None = _json()
    zone_eligibilite: list[str] | None = _json()
    contact_nom_prenom: str | None = None
    lien_mobilisation: str | None = None
    modes_mobilisation: list[str] | None = _json()
    mobilisable_par: list[str] | None = _json()
    mobilisation_precisions: str | None = _texte()
    volume_horaire_hebdomadaire: float | None = None
    nombre_semaines: int | None = None
    horaires_accueil: str | None = None

    statut: str = Field(default=Statut.PUBLIEE.value, index=True, max_length=20)
    score_qualite: float | None = None
    criteres_qualite: dict | None = _json()
    #: incremented on every write; the curation forms use it for optimistic locking
    version: int = Field(default=1)


class OfferTag(SQLModel, table=True):
    """One value of one list field of an offer, so filters use an index.

    On SQLite the rows live in their primary key's B-tree (`WITHOUT ROWID`): an offer's tags are
    stored together, and each tag costs two B-tree inserts instead of three (a large share of an
    import's writes: about eight tags per offer)."""

    __tablename__ = "offer_tag"
    __table_args__ = (Index("ix_offer_tag_champ_valeur", "champ", "valeur"),
                      {"sqlite_with_rowid": False})

    offer_id: str = Field(foreign_key="offer.id", primary_key=True, max_length=250,
                          ondelete="CASCADE")
    champ: str = Field(primary_key=True, max_length=30)
    valeur: str = Field(primary_key=True, max_length=120)


def table(modele: type[SQLModel]) -> Table:
    """The Core table of a model, for bulk statements (executemany without the ORM's overhead)."""
    return modele.__table__  # type: ignore[attr-defined]


class RunStatut(enum.StrEnum):
    EN_COURS = "en-cours"
    DONE = "done"
    DONE_ERRORS = "done-errors"
    FAILED = "failed"
    #: the importing process died without finishing (its lease expired): see `catalogue.baux`
    INTERRUPTED = "interrupted"


class ImportRun(SQLModel, table=True):
    """One run of an importer over one or more files, with its counts and where it stopped."""

    __tablename__ = "import_run"

    id: int | None = Field(default=None, primary_key=True)
    format: str = Field(max_length=50)
    fichiers: list[str] = Field(default_factory=list, sa_type=JSON)
    dry_run: bool = False
    statut: str = Field(default=RunStatut.EN_COURS.value, max_length=20)
    debut: datetime = Field(default_factory=maintenant)
    fin: datetime | None = None
    compteurs: dict = Field(default_factory=dict, sa_type=JSON)
    message: str | None = _texte()
    #: "host:pid" of the importing process, and until when it is known alive (renewed as it
    #: writes): past that, or once that process is gone, the run is interrupted
    proprietaire: str | None = Field(default=None, max_length=300)
    bail_jusqu_a: datetime | None = None


class ImportItem(SQLModel, table=True):
    """The outcome of one input record: nothing read is left unaccounted for."""

    __tablename__ = "import_item"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="import_run.id", index=True)
    position: int
    kind: str = Field(max_length=20)
    record_id: str | None = Field(default=None, max_length=250)
    lieu: str = Field(default="", max_length=300)
    status: str = Field(max_length=20)
    errors: list[dict] = Field(default_factory=list, sa_type=JSON)
    warnings: list[dict] = Field(default_factory=list, sa_type=JSON)


# ------------------------------------------------------------------------------------------------
# Curation: accounts, history, review queue (see `catalogue.curation`)


class Role(enum.StrEnum):
    """What a signed-in person may do: référents search and build programmes, animateurs curate
    the offers of their départements, admins curate everything and manage accounts."""

    REFERENT = "referent"
    ANIMATEUR = "animateur"
    ADMIN = "admin"

    @property
    def libelle(self) -> str:
        return {"referent": "Référent", "animateur": "Animateur de référencement",
                "admin": "Administrateur"}[self.value]


class Utilisateur(SQLModel, table=True):
    """A person who signs in; the password is kept only as an argon2 hash."""

    __tablename__ = "utilisateur"

    id: int | None = Field(default=None, primary_key=True)
    courriel: str = Field(max_length=254, unique=True, index=True)
    nom: str | None = Field(default=None, max_length=200)
    hash_mot_de_passe: str = Field(max_length=255)
    role: str = Field(max_length=20)
    #: département codes an animateur curates (empty for référents and admins)
    departements: list[str] = Field(default_factory=list, sa_type=JSON)
    actif: bool = True
    cree_le: datetime = Field(default_factory=maintenant)
    derniere_connexion: datetime | None = None


class TentativeConnexion(SQLModel, table=True):
    """A sign-in attempt on an account from an address, written (and committed) *before* the
    password is checked: concurrent attempts all see each other, so a burst cannot check more
    passwords than the limit (`catalogue.curation.acces`). A failed attempt stays for the window;
    a refused one is removed; a success clears the account's attempts from that address. Kept in
    the database so every server process counts the same."""

    __tablename__ = "tentative_connexion"

    id: int | None = Field(default=None, primary_key=True)
    courriel: str = Field(index=True, max_length=254)
    adresse: str = Field(default="", index=True, max_length=64)
    quand: datetime = Field(default_factory=maintenant, index=True)


class SessionConnectee(SQLModel, table=True):
    """A signed-in session, server side: the cookie carries a random token, the database its
    SHA-256. Deleting the row ends the session at once (sign-out, password change, account
    disabled), whatever copy of the cookie someone kept."""

    __tablename__ = "session_connectee"

    empreinte: str = Field(primary_key=True, max_length=64)
    utilisateur_id: int = Field(foreign_key="utilisateur.id", index=True)
    cree_le: datetime = Field(default_factory=maintenant)
    expire_le: datetime


class Modification(SQLModel, table=True):
    """One change of one offer or structure: who (user or import run), when, and per field the value
    before and after (`{"champ": {"avant": …, "apres": …}}`). No foreign key on the object: the
    history outlives a merge."""

    __tablename__ = "modification"

    id: int | None = Field(default=None, primary_key=True)
    objet: str = Field(max_length=20)
    objet_id: str = Field(index=True, max_length=250)
    quand: datetime = Field(default_factory=maintenant)
    #: creation, import, edition, approbation, rejet, conflit, confirmation, archivage, fusion…
    origine: str = Field(max_length=30)
    run_id: int | None = Field(default=None, foreign_key="import_run.id", index=True)
    auteur_id: int | None = Field(default=None, foreign_key="utilisateur.id")
    changements: dict = Field(default_factory=dict, sa_type=JSON)
    commentaire: str | None = _texte()


class Revue(SQLModel, table=True):
    """An item of the review queue: a new offer (`nouvelle`), an upstream change waiting to be
    applied (`modification`), or an upstream change that meets a hand edit (`conflit`)."""

    __tablename__ = "revue"

    id: int | None = Field(default=None, primary_key=True)
    objet: str = Field(default="offre", max_length=20)
    objet_id: str = Field(index=True, max_length=250)
    nature: str = Field(max_length=20)
    statut: str = Field(default="en-attente", index=True, max_length=20)
    run_id: int | None = Field(default=None, foreign_key="import_run.id", index=True)
    cree_le: datetime = Field(default_factory=maintenant)
    traitee_le: datetime | None = None
    traitee_par: int | None = Field(default=None, foreign_key="utilisateur.id")
    #: the v1 record as it was when the item was queued (the hand-edited one for a conflict)
    avant: dict | None = _json()
    #: the upstream v1 record waiting (modification, conflit)
    proposee: dict | None = _json()
    #: the last imported v1 record, base of a conflict's three versions
    importee: dict | None = _json()
    empreinte: str | None = Field(default=None, max_length=64)
    brut: dict | None = _json()
    motif: str | None = _texte()


class SuiviCuration(SQLModel, table=True):
    """Curation state of one offer or structure, when it has any: where it stands against its
    source, and how often it must be checked. Absent row = defaults."""

    __tablename__ = "suivi_curation"

    objet: str = Field(primary_key=True, max_length=20)
    objet_id: str = Field(primary_key=True, max_length=250)
    #: months between checks (1, 3, 6, 12, 16), 0 = never; None = the default (6)
    frequence_maj_mois: int | None = None
    #: set by a hand edit, until the next import of the same source is reconciled
    edite_le: datetime | None = None
    edite_par: int | None = Field(default=None, foreign_key="utilisateur.id")
    #: fingerprint and record of the last upstream version accounted for, when the row differs
    empreinte_import: str | None = Field(default=None, max_length=64)
    donnees_import: dict | None = _json()
    #: fingerprint of the upstream version waiting in the review queue
    empreinte_attente: str | None = Field(default=None, max_length=64)
    confirme_le: datetime | None = None


class NonDoublon(SQLModel, table=True):
    """A pair an animateur said is not a duplicate: never proposed again (ids sorted)."""

    __tablename__ = "non_doublon"

    objet: str = Field(primary_key=True, max_length=20)
    id_a: str = Field(primary_key=True, max_length=250)
    id_b: str = Field(primary_key=True, max_length=250)
    par: int | None = Field(default=None, foreign_key="utilisateur.id")
    le: datetime = Field(default_factory=maintenant)


class GrappeDoublons(SQLModel, table=True):
    """The duplicate cluster of a published offer: offers of one cluster share `grappe`, the
    smallest id among them. Derived data, like the search index (`catalogue.curation.grappes`);
    the search shows one offer per cluster with `exclure_doublons`."""

    __tablename__ = "grappe_doublons"

    offer_id: str = Field(foreign_key="offer.id", primary_key=True, max_length=250,
                          ondelete="CASCADE")
    grappe: str = Field(max_length=250)


class Redirection(SQLModel, table=True):
    """After a merge, the old offer's address leads to the one kept."""

    __tablename__ = "redirection"

    objet: str = Field(primary_key=True, max_length=20)
    ancien_id: str = Field(primary_key=True, max_length=250)
    nouvel_id: str = Field(max_length=250)
    le: datetime = Field(default_factory=maintenant)
    par: int | None = Field(default=None, foreign_key="utilisateur.id")
