"""Duplicate clusters of the published offers, for the search's `exclure_doublons`.

The candidate pairs of `doublons` (the ones animateurs review, minus the pairs said distinct) are
joined into clusters: two offers are in one cluster when a chain of candidate pairs links them. A
cluster is named by its smallest offer id. The clusters are derived data, like the search index:
`regrouper` recomputes them all and writes only what changed to `grappe_doublons`; each offer
whose cluster changed goes through the change journal, so every search index picks it up.

Finding the pairs compares offers block by block (`doublons`), which takes seconds on a large
catalogue: it runs from `catalogue doublons regrouper` (after imports, or daily), not on every
write. An offer merged or archived in between simply leaves its cluster at the next run; until
then the search folds it with the rest of the cluster only while it is still published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from catalogue import services
from catalogue.curation import doublons
from catalogue.curation.historique import OFFRE
from catalogue.insertion import inserer
from catalogue.models import GrappeDoublons, NonDoublon, Offer, Statut, Structure


@dataclass(frozen=True)
class Regroupement:
    offres: int
    grappes: int
    modifiees: int


def grappes(paires: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Offer id -> its cluster's name (the smallest id of the cluster), by union-find."""
    parent: dict[str, str] = {}

    def racine(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in paires:
        ra, rb = racine(a), racine(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: racine(x) for x in parent}


def regrouper(session: Session) -> Regroupement:
    """Recompute the clusters of the published offers; write and journal what changed (the caller
    commits)."""
    offres = list(session.exec(select(Offer).where(Offer.statut == Statut.PUBLIEE.value)))
    structures = {s.id: s for s in session.exec(select(Structure))}
    exclus = {(n.id_a, n.id_b) for n in session.exec(
        select(NonDoublon).where(NonDoublon.objet == OFFRE))}
    candidats = doublons.candidats(offres, structures, exclus)
    nouvelles = grappes((c.a, c.b) for c in candidats)
    anciennes = dict(session.exec(select(GrappeDoublons.offer_id, GrappeDoublons.grappe)).all())
    modifiees = sorted(i for i in nouvelles.keys() | anciennes.keys()
                       if nouvelles.get(i) != anciennes.get(i))
    for i in range(0, len(modifiees), 900):
        session.exec(delete(GrappeDoublons).where(
            col(GrappeDoublons.offer_id).in_(modifiees[i : i + 900])))
    inserer(session, GrappeDoublons, [{"offer_id": i, "grappe": nouvelles[i]}
                                      for i in modifiees if i in nouvelles])
    services.noter_changements_offres(session, modifiees)
    return Regroupement(len(offres), len(set(nouvelles.values())), len(modifiees))
