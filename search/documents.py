"""What the catalogue hands to the index: one plain dict per offer (`Document`).

The catalogue builds these dicts (the "serialize" half of the udata search adapter); this module
turns one into what Whoosh stores:

- the analysed text (`texte` field: every searched field with its weight, `schema.POIDS_CHAMPS`,
  plus the keys of the field vocabulary, `synonymes`) and the spelling words (`mots` field);
- a `Ligne`: the raw values filters, facets and ranking need, stored in a per-segment column.

Only raw values are stored. Everything derived from a référentiel (the freins an offer lifts, its
catégories, the EPCI and département of its commune) is computed when a segment is loaded
(`segments`), so editing the freins table or a territory never needs a reindex.

Every offer is indexed whatever its `statut`, so `check` compares the index with the whole
table; searches show `publiee` offers only unless asked otherwise (`Requete.statuts`).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from typing import Any, NamedTuple, NotRequired, TypedDict

from catalogue.referentiels import vocabulaires
from search import analyse, synonymes
from search.schema import POIDS_CHAMPS

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
    #: producer of the record (data·inclusion `source`)
    source: NotRequired[str | None]
    publics_precisions: NotRequired[str | None]
    #: the structure's text, searched with the offer's (`schema.POIDS_CHAMPS`)
    structure_description: NotRequired[str | None]
    structure_reseaux_porteurs: NotRequired[list[str] | None]
    #: offers of one duplicate cluster share this key (`exclure_doublons` keeps the best)
    groupe_doublons: NotRequired[str | None]


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
    #: number of words of the offer's own text and its structure's name (BM25 length
    #: normalisation; the structure's description is shared by its offers and left out)
    longueur: int
    source: str | None = None
    groupe_doublons: str | None = None


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
        source=doc.get("source") or None,
        groupe_doublons=doc.get("groupe_doublons") or None,
    )


class Champs(NamedTuple):
    """What the writer needs for one document."""

    id: str
    #: distinct terms of the text, and the weight of each (a word counts its field's
    #: `POIDS_CHAMPS` against a word of the description)
    termes: list[str]
    poids: array[float]
    #: distinct folded words of three letters or more (spelling dictionary)
    mots: list[str]
    ligne: Ligne


#: separates terms in `Analyse` (a term is a word or a synonym key: never this character)
_SEP = "\x1f"


class Analyse(NamedTuple):
    """The analysed text of one offer's own fields (`CHAMPS_SERVICE`: they are all on the service
    record, so an import computes this in its validation workers; hence this compact form, two
    strings and the weights as bytes, about a hundred times cheaper to send between processes
    than dicts). The structure's part is added when the document is written (`champs`)."""

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


class _Texte:
    """Terms with their summed weights and spelling words, field after field."""

    def __init__(self) -> None:
        self.poids: dict[str, float] = {}
        self.mots: set[str] = set()
        self.longueur = 0

    def ajouter(self, texte: str, poids_champ: float, compter: bool = True) -> None:
        if not texte:
            return
        termes, mots = analyse.analyser(texte)
        termes += synonymes.cles_trouvees(termes)
        poids = self.poids
        for t in termes:
            poids[t] = poids.get(t, 0.0) + poids_champ
        self.mots.update(mots)
        if compter:
            self.longueur += len(termes)

    def analyse(self) -> Analyse:
        mots = {m for m in self.mots if len(m) > 2 and m.isalpha()}
        return Analyse(_SEP.join(self.poids), array("f", self.poids.values()).tobytes(),
                       _SEP.join(mots), self.longueur)


def analyser(doc: Mapping[str, Any]) -> Analyse:
    """Terms with their weights, spelling words and length of the offer's own fields (fields of
    equal weight are analysed as one text: one pass instead of several)."""
    par_poids: dict[float, list[str]] = {}
    for champ, texte_champ in (
        ("nom", doc.get("nom") or ""),
        ("description", doc.get("description") or ""),
        ("thematiques", "\n".join([_libelles("thematiques", doc.get("thematiques")),
                                   _libelles("type", [doc.get("type")]),
                                   _libelles("frais", [doc.get("frais")])])),
        ("publics", "\n".join([_libelles("publics", doc.get("publics")),
                               doc.get("publics_precisions") or ""])),
    ):
        par_poids.setdefault(POIDS_CHAMPS[champ], []).append(texte_champ)
    texte = _Texte()
    for poids, morceaux in par_poids.items():
        texte.ajouter("\n".join(morceaux), poids)
    return texte.analyse()


def _libelles(champ: str, valeurs: Any) -> str:
    """The labels of a list of slugs: producers often describe an offer without the words a
    référent types (« Garde ponctuelle… » is filed under « Garde d'enfants »)."""
    libelles = vocabulaires.libelles(champ)
    return "\n".join(libelles.get(v, "") for v in valeurs or () if v)


_STRUCTURES: dict[tuple[str, str, tuple[str, ...]], tuple[dict[str, float], set[str], int]] = {}


def _analyse_structure(doc: Mapping[str, Any]) -> tuple[dict[str, float], set[str], int]:
    """The structure's share of a document (name, réseaux porteurs, description), analysed once
    per distinct structure text and process: a structure runs many offers."""
    cle = (doc.get("structure_nom") or "", doc.get("structure_description") or "",
           tuple(doc.get("structure_reseaux_porteurs") or ()))
    trouve = _STRUCTURES.get(cle)
    if trouve is None:
        if len(_STRUCTURES) >= 20_000:
            _STRUCTURES.clear()
        texte = _Texte()
        texte.ajouter(cle[0], POIDS_CHAMPS["structure_nom"])
        texte.ajouter(_libelles("reseaux_porteurs", cle[2]), POIDS_CHAMPS["reseaux_porteurs"],
                      compter=False)
        texte.ajouter(cle[1], POIDS_CHAMPS["structure_description"], compter=False)
        trouve = _STRUCTURES[cle] = (texte.poids, texte.mots, texte.longueur)
    return trouve


def champs(doc: Mapping[str, Any], prealable: Analyse | None = None) -> Champs:
    """Analyse one document (or take its `prealable` analysis of the offer's own fields) and add
    its structure's text: what the writer needs."""
    verifier(doc)
    analyse_ = prealable or analyser(doc)
    termes, poids, mots = analyse_.deplier()
    poids_structure, mots_structure, longueur_structure = _analyse_structure(doc)
    if poids_structure:
        fusion = dict(zip(termes, poids, strict=True))
        for t, p in poids_structure.items():
            fusion[t] = fusion.get(t, 0.0) + p
        termes, poids = list(fusion), array("f", fusion.values())
        mots = list({*mots, *(m for m in mots_structure if len(m) > 2 and m.isalpha())})
    longueur = analyse_.longueur + longueur_structure
    return Champs(str(doc["id"]), termes, poids, mots, ligne(doc, longueur))


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
        "source": "test",
        "publics_precisions": None,
        "structure_description": None,
        "structure_reseaux_porteurs": None,
        "groupe_doublons": None,
    }
    doc.update(valeurs)
    return doc  # type: ignore[return-value]
