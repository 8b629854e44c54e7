"""What the catalogue hands to the index: one plain dict per offer (`Document`).

The catalogue builds these dicts (the "serialize" half of the udata search adapter); this module
turns one into what Whoosh stores:

- the analysed text (`texte` field: `nom` counted `schema.POIDS_NOM` times, + synonym keys) and the
  spelling words (`mots` field);
- a `Ligne`: the raw values filters, facets and ranking need, stored in a per-segment column.

Only raw values are stored. Everything derived from a référentiel (the freins an offer lifts, its
catégories, the EPCI and département of its commune) is computed when a segment is loaded
(`segments`), so editing the freins table or a territory never needs a reindex.

Every offer is indexed whatever its `statut`, so `check` compares the index with the whole
table; searches show `publiee` offers only unless asked otherwise (`Requete.statuts`).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Mapping
from typing import Any, NamedTuple, TypedDict

from catalogue.referentiels import vocabulaires
from search import analyse, synonymes
from search.schema import POIDS_NOM

STATUTS = ("publiee", "brouillon", "suspendue", "archivee")
PUBLIEE = "publiee"


class Document(TypedDict):
    """One offer as the catalogue serialises it (data·inclusion v1 names where they exist)."""

    id: str
    nom: str
    description: str
    thematiques: list[str]
    publics: list[str]
    type: str | None
    frais: str | None
    modes_accueil: list[str]
    zone_eligibilite: list[str] | None
    code_insee: str | None
    commune: str | None
    latitude: float | None
    longitude: float | None
    volume_horaire_hebdomadaire: float | None
    nombre_semaines: int | None
    structure_id: str
    structure_nom: str | None
    score_qualite: float | None
    date_maj: str
    statut: str
    #: opaque hash of the catalogue row: `check` compares it with the database
    version: str


class Ligne(NamedTuple):
    """The stored values of one offer (one row of the per-segment column)."""

    id: str
    version: str
    statut: str
    zone_eligibilite: tuple[str, ...] | None
    thematiques: tuple[str, ...]
    publics: tuple[str, ...]
    type: str | None
    frais: str | None
    modes_accueil: tuple[str, ...]
    code_insee: str | None
    latitude: float | None
    longitude: float | None
    volume_horaire_hebdomadaire: float | None
    structure_id: str | None
    score_qualite: float | None
    #: number of words of `nom` + `description` (BM25 length normalisation)
    longueur: int


class DocumentInvalide(ValueError):
    """A document the index cannot take (missing id, unknown statut)."""


def _tuple(valeurs: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in valeurs or ())


def _nombre(valeur: Any) -> float | None:
    return None if valeur is None else float(valeur)


def verifier(doc: Mapping[str, Any]) -> None:
    if not doc.get("id"):
        raise DocumentInvalide("Document sans « id »")
    if doc.get("statut", PUBLIEE) not in STATUTS:
        raise DocumentInvalide(f"{doc['id']} : statut inconnu « {doc.get('statut')} »")


def ligne(doc: Mapping[str, Any], longueur: int) -> Ligne:
    zone = doc.get("zone_eligibilite")
    return Ligne(
        id=str(doc["id"]),
        version=str(doc.get("version") or ""),
        statut=doc.get("statut") or PUBLIEE,
        zone_eligibilite=None if not zone else tuple(str(z).strip() for z in zone),
        thematiques=_tuple(doc.get("thematiques")),
        publics=_tuple(doc.get("publics")),
        type=doc.get("type"),
        frais=doc.get("frais"),
        modes_accueil=_tuple(doc.get("modes_accueil")),
        code_insee=doc.get("code_insee") or None,
        latitude=_nombre(doc.get("latitude")),
        longitude=_nombre(doc.get("longitude")),
        volume_horaire_hebdomadaire=_nombre(doc.get("volume_horaire_hebdomadaire")),
        structure_id=doc.get("structure_id"),
        score_qualite=_nombre(doc.get("score_qualite")),
        longueur=longueur,
    )


class Champs(NamedTuple):
    """What the writer needs for one document."""

    id: str
    #: distinct terms of the text, and the weight of each (a word of `nom` counts `POIDS_NOM`
    #: times as much as a word of the description)
    termes: list[str]
    poids: array[float]
    #: distinct folded words of three letters or more (spelling dictionary)
    mots: list[str]
    ligne: Ligne


#: separates terms in `Analyse` (a term is a word or a synonym key: never this character)
_SEP = "\x1f"


class Analyse(NamedTuple):
    """The analysed text of one offer. It depends on `nom`, `description` and `thematiques` only,
    so an import computes it in its validation workers; hence this compact form (two strings and
    the weights as bytes), about a hundred times cheaper to send between processes than dicts."""

    termes: str
    poids: bytes
    mots: str
    longueur: int

    def deplier(self) -> tuple[list[str], array[float], list[str]]:
        poids: array[float] = array("f")
        poids.frombytes(self.poids)
        return _liste(self.termes), poids, _liste(self.mots)


def _liste(texte: str) -> list[str]:
    return texte.split(_SEP) if texte else []


def analyser(doc: Mapping[str, Any]) -> Analyse:
    """Terms with their weights, spelling words and length of one document's text."""
    termes_nom, mots_nom = analyse.analyser(doc.get("nom") or "")
    termes_desc, mots_desc = analyse.analyser(_description_et_thematiques(doc))
    termes_desc += synonymes.cles_trouvees(termes_desc)
    termes_nom += synonymes.cles_trouvees(termes_nom)
    poids: dict[str, float] = dict(Counter(termes_desc))  # counts; `array("f")` makes floats
    for t in termes_nom:
        poids[t] = poids.get(t, 0) + POIDS_NOM
    distincts = {*mots_nom, *mots_desc}  # a description repeats its words: filter each once
    mots = {m for m in distincts if len(m) > 2 and m.isalpha()}
    return Analyse(_SEP.join(poids), array("f", poids.values()).tobytes(), _SEP.join(mots),
                   len(termes_nom) + len(termes_desc))


def champs(doc: Mapping[str, Any], prealable: Analyse | None = None) -> Champs:
    """Analyse one document (or take its `prealable` analysis): what the writer needs."""
    verifier(doc)
    analyse_ = prealable or analyser(doc)
    termes, poids, mots = analyse_.deplier()
    return Champs(str(doc["id"]), termes, poids, mots, ligne(doc, analyse_.longueur))


def _description_et_thematiques(doc: Mapping[str, Any]) -> str:
    """The description plus the labels of the offer's thématiques: producers often describe an
    offer without the words a référent types (« Garde ponctuelle… » is filed under « Garde
    d'enfants »)."""
    libelles = vocabulaires.libelles("thematiques")
    etiquettes = [libelles.get(t, "") for t in doc.get("thematiques") or ()]
    return "\n".join([doc.get("description") or "", *etiquettes])


def exemple(**valeurs: Any) -> Document:
    """A complete, valid document with neutral defaults, overridden by `valeurs` (tests, bench)."""
    doc: dict[str, Any] = {
        "id": "test--1",
        "nom": "Offre",
        "description": "Une offre d'insertion.",
        "thematiques": [],
        "publics": ["tous-publics"],
        "type": None,
        "frais": None,
        "modes_accueil": ["en-presentiel"],
        "zone_eligibilite": None,
        "code_insee": None,
        "commune": None,
        "latitude": None,
        "longitude": None,
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        "structure_id": "structure--1",
        "structure_nom": "Structure",
        "score_qualite": None,
        "date_maj": "2026-01-01",
        "statut": PUBLIEE,
        "version": "1",
    }
    doc.update(valeurs)
    return doc  # type: ignore[return-value]
