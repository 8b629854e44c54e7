"""Offers of a territory, with the search engine's eligibility rule.

`eligible(offre, commune)` is the rule of `search.moteur` (and of data·inclusion): zone empty, or
containing one of the commune's englobing zones (`territoires.zones_englobantes`), or the offer can
be followed remotely. `tests/test_curation_couverture.py` checks it against the index itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from sqlmodel import Session, col, select

from catalogue.models import Offer, OfferTag, Statut
from catalogue.referentiels import territoires, vocabulaires

NATIONAUX = (territoires.FRANCE, territoires.CODE_PAYS_FRANCE)


@lru_cache(maxsize=64)
def codes_du_departement(dep: str) -> frozenset[str]:
    """Every zone code inside or overlapping a département: itself, its EPCI, its communes."""
    communes = {c.code for c in territoires.communes_du_departement(dep)}
    epcis = {e.code for e in territoires.epcis_du_departement(dep)}
    return frozenset({dep} | communes | epcis)


def _par_lots(valeurs: list[str], taille: int = 900) -> Iterable[list[str]]:
    for i in range(0, len(valeurs), taille):
        yield valeurs[i : i + taille]


def ids_du_territoire(s: Session, deps: Iterable[str], nationaux: bool = False) -> set[str]:
    """Ids of the offers that touch these départements (zone or place); with `nationaux`, also the
    offers every commune is eligible to (national zone, no zone, remote)."""
    codes = sorted(set().union(*(codes_du_departement(d) for d in deps)))
    ids: set[str] = set()
    for lot in _par_lots(codes):
        ids |= set(s.exec(select(OfferTag.offer_id).where(OfferTag.champ == "zone_eligibilite")
                          .where(col(OfferTag.valeur).in_(lot))))
        ids |= set(s.exec(select(Offer.id).where(col(Offer.code_insee).in_(lot))))
    if nationaux:
        ids |= _ids_nationaux(s)
    return ids


def _ids_nationaux(s: Session) -> set[str]:
    zones = set(s.exec(select(OfferTag.offer_id).where(OfferTag.champ == "zone_eligibilite")))
    nationales = set(s.exec(select(OfferTag.offer_id).where(OfferTag.champ == "zone_eligibilite")
                            .where(col(OfferTag.valeur).in_(NATIONAUX))))
    distance = set(s.exec(select(OfferTag.offer_id).where(OfferTag.champ == "modes_accueil")
                          .where(OfferTag.valeur == vocabulaires.A_DISTANCE)))
    sans_zone = set(s.exec(select(Offer.id))) - zones
    return nationales | distance | sans_zone


def offres(s: Session, ids: Iterable[str], statuts: Iterable[str] = (Statut.PUBLIEE.value,)
           ) -> list[Offer]:
    trouvees: list[Offer] = []
    statuts = list(statuts)
    for lot in _par_lots(sorted(ids)):
        trouvees += s.exec(select(Offer).where(col(Offer.id).in_(lot))
                           .where(col(Offer.statut).in_(statuts))).all()
    return trouvees


def eligible(offre: Offer, englobantes: frozenset[str]) -> bool:
    """The search rule for one offer and one commune (`englobantes` = its englobing zones)."""
    if vocabulaires.A_DISTANCE in (offre.modes_accueil or ()):
        return True
    zone = offre.zone_eligibilite
    return not zone or not englobantes.isdisjoint(zone)


@lru_cache(maxsize=4096)
def englobantes(code_commune: str) -> frozenset[str]:
    return frozenset(territoires.zones_englobantes(code_commune))
