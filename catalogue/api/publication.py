"""What the catalogue publishes: published offers and their structures, as data·inclusion v1 records.

Only `publiee` offers go out. A structure goes out when at least one of its offers is published (a
structure known only through drafts has not been reviewed yet). Records are the v1 fields
(`services.service_v1` / `structure_v1`, the ones the export validates with the schema package) plus
what data·inclusion's API adds: `score_qualite`, a service's `structure`, a structure's
`doublons` and `services`. Nothing else leaves: no account, programme, curation comment, raw record or
criteria.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import String, and_, cast, exists, func, or_
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from catalogue.api.parametres import slug
from catalogue.models import CHAMPS_SERVICE, CHAMPS_STRUCTURE, Offer, Statut, Structure
from catalogue.recherche import lignes_par_ids
from catalogue.referentiels import territoires
from catalogue.services import service_v1, structure_v1

PUBLIEE = Statut.PUBLIEE.value


def service_publie(offre: Offer, structure: Structure | None) -> dict[str, Any]:
    """A published offer as data·inclusion's API shows a service (with its structure)."""
    sortie = service_publie_seul(offre)
    sortie["structure"] = structure_seule(structure) if structure is not None else None
    return sortie


def service_publie_seul(offre: Offer) -> dict[str, Any]:
    sortie = service_v1(offre)
    sortie["score_qualite"] = offre.score_qualite or 0.0
    return sortie


def structure_seule(structure: Structure) -> dict[str, Any]:
    return structure_v1(structure)


def structure_publiee(structure: Structure, score: float | None) -> dict[str, Any]:
    """A structure as data·inclusion lists it: v1 fields, mean quality of its published services,
    and its known duplicates (none here: curation merges them)."""
    return {**structure_v1(structure), "score_qualite": round(score or 0.0, 4), "doublons": []}


# ------------------------------------------------------------------------------------------------
# Reading


def offre_publiee(session: Session, ident: str) -> tuple[Offer, Structure] | None:
    ligne = session.exec(select(Offer, Structure).join(Structure)
                         .where(Offer.id == ident, Offer.statut == PUBLIEE)).first()
    return (ligne[0], ligne[1]) if ligne else None


def offre_publiee_par_source(session: Session, source: str, ident: str) -> tuple[Offer, Structure] | None:
    """By the producer's own id within its source, or by the full data·inclusion id."""
    ligne = session.exec(select(Offer, Structure).join(Structure).where(
        Offer.source == source, Offer.statut == PUBLIEE,
        or_(col(Offer.source_id) == ident, col(Offer.id) == ident))).first()
    return (ligne[0], ligne[1]) if ligne else None


@functools.cache
def _colonnes(modele: Any, champs: tuple[str, ...]) -> tuple[Any, ...]:
    """The columns of these fields: what is never published is not read either (raw record,
    timestamps, fingerprints)."""
    return tuple(modele.__table__.columns[champ] for champ in champs)


def offres_par_ids(connexion: Connection, ids: Sequence[str]) -> list[tuple[Any, Any]]:
    """Published rows in the order of `ids` (the search service's ranking), with their structure,
    as plain rows (`catalogue.recherche.lignes_par_ids`; `service_publie` takes them)."""
    # by primary key only: with `statut` in the WHERE, SQLite may walk the statut index instead
    lignes = lignes_par_ids(connexion, ids, _colonnes(Offer, (*CHAMPS_SERVICE, "statut", "score_qualite")),
                            _colonnes(Structure, CHAMPS_STRUCTURE))
    return [(o, s) for o, s in lignes if o.statut == PUBLIEE and s is not None]


def _a_une_offre_publiee() -> Any:
    return exists().where(and_(col(Offer.structure_id) == Structure.id, col(Offer.statut) == PUBLIEE))


def _score_moyen() -> Any:
    return (select(func.avg(Offer.score_qualite))
            .where(Offer.structure_id == Structure.id, Offer.statut == PUBLIEE)
            .correlate(Structure).scalar_subquery())


def structures_publiees(session: Session, filtres: dict[str, Any], page: int,
                        taille: int) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page) of published structures matching data·inclusion's listing filters."""
    conditions = [_a_une_offre_publiee(), *_conditions_structure(filtres)]
    total = session.exec(select(func.count()).select_from(Structure).where(*conditions)).one()
    lignes = session.exec(select(Structure, _score_moyen()).where(*conditions)
                          .order_by(col(Structure.id)).offset((page - 1) * taille).limit(taille)).all()
    return total, [structure_publiee(s, score) for s, score in lignes]


def _conditions_structure(filtres: dict[str, Any]) -> Iterable[Any]:
    if filtres.get("sources"):
        yield col(Structure.source).in_(filtres["sources"])
    communes = communes_du_territoire(filtres)
    if communes is not None:
        yield col(Structure.code_insee).in_(communes)
    if filtres.get("reseaux_porteurs"):
        texte = cast(Structure.reseaux_porteurs, String)
        yield or_(*(texte.like(f'%"{r}"%') for r in filtres["reseaux_porteurs"]))


def communes_du_territoire(filtres: dict[str, Any]) -> list[str] | None:
    """The INSEE codes a `code_commune` / département / région filter allows (None: no filter)."""
    ensembles: list[set[str]] = []
    if filtres.get("code_commune"):
        ensembles.append({filtres["code_commune"]})
    departement = departement_demande(filtres)
    if departement:
        ensembles.append({c.code for c in territoires.communes_du_departement(departement)})
    region = region_demandee(filtres)
    if region:
        ensembles.append({c.code for d in territoires.departements() if d.region == region
                          for c in territoires.communes_du_departement(d.code)})
    if not ensembles:
        return None
    return sorted(set.intersection(*ensembles))


def departement_demande(filtres: dict[str, Any]) -> str | None:
    if filtres.get("code_departement"):
        return str(filtres["code_departement"])
    if filtres.get("slug_departement"):
        return next(d.code for d in territoires.departements()
                    if slug(d.nom) == filtres["slug_departement"])
    return None


def region_demandee(filtres: dict[str, Any]) -> str | None:
    if filtres.get("code_region"):
        return str(filtres["code_region"])
    if filtres.get("slug_region"):
        return next(r.code for r in territoires.regions() if slug(r.nom) == filtres["slug_region"])
    return None


def structure_detaillee(session: Session, structure: Structure) -> dict[str, Any] | None:
    """A published structure with its published services (data·inclusion's detail)."""
    offres = session.exec(select(Offer).where(Offer.structure_id == structure.id,
                                              Offer.statut == PUBLIEE).order_by(col(Offer.id))).all()
    if not offres:
        return None
    scores = [o.score_qualite or 0.0 for o in offres]
    sortie = structure_publiee(structure, sum(scores) / len(scores))
    sortie["services"] = [service_publie_seul(o) for o in offres]
    return sortie


def structure_par_source(session: Session, source: str, ident: str) -> Structure | None:
    return session.exec(select(Structure).where(Structure.source == source, or_(
        col(Structure.source_id) == ident, col(Structure.id) == ident))).first()


def sources_publiees(session: Session) -> list[dict[str, Any]]:
    """The sources of published offers, with how many (data·inclusion's `/sources`)."""
    lignes = session.exec(select(Offer.source, func.count()).where(Offer.statut == PUBLIEE)
                          .group_by(Offer.source).order_by(Offer.source)).all()
    return [{"slug": source, "nom": source,
             "description": f"{nombre} service{'s' if nombre > 1 else ''} publié"
                            f"{'s' if nombre > 1 else ''} dans ce catalogue."}
            for source, nombre in lignes]
