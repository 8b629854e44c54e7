"""The search radius in the programmes: the suggestion proposes, and the programme's checks accept
without a word, exactly the offers the search keeps for the person (one rule, `search.portee`):
on site within 50 km of her commune's centre, remote (the radius is waived, never the zone), or
without any position but zoned on her surroundings."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from catalogue.programmes import eligibilite, suggestion
from catalogue.programmes.controles import controler
from search import Index, Requete
from search.documents import exemple
from tests.test_programme_fixtures import LENS, activite, plan

#: Béthune, about 18 km from Lens; Boulogne-sur-Mer, about 95 km; Lille (Nord), about 33 km
BETHUNE, BOULOGNE, LILLE = "62119", "62160", "59350"
DISTANCE, SUR_PLACE = ["a-distance"], ["en-presentiel"]
MIXTE = ["en-presentiel", "a-distance"]

#: offers on both sides of each part of the rule (zone, radius, remote, no position)
OFFRES = [
    exemple(id="bethune", code_insee=BETHUNE, zone_eligibilite=["62"]),
    exemple(id="bethune-coordonnees", code_insee=BETHUNE, latitude=50.53, longitude=2.64,
            zone_eligibilite=["62"]),
    exemple(id="boulogne", code_insee=BOULOGNE, zone_eligibilite=["62"]),
    exemple(id="boulogne-mixte", code_insee=BOULOGNE, zone_eligibilite=["62"], modes_accueil=MIXTE),
    exemple(id="boulogne-distance", code_insee=BOULOGNE, zone_eligibilite=["62"], modes_accueil=DISTANCE),
    exemple(id="lille-france", code_insee=LILLE, zone_eligibilite=["france"]),
    exemple(id="nord-distance", code_insee=LILLE, zone_eligibilite=["59"], modes_accueil=DISTANCE),
    exemple(id="sans-lieu-lens", zone_eligibilite=[LENS]),
    exemple(id="sans-lieu-departement", zone_eligibilite=["62"]),
    exemple(id="sans-lieu-france", zone_eligibilite=["france"]),
    exemple(id="sans-lieu-sans-zone"),
    exemple(id="sans-lieu-distance", modes_accueil=DISTANCE),
]


def _proposables(offres: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The offers as the suggestion reads them: weekly hours, so that each is worth proposing."""
    return [{**o, "volume_horaire_hebdomadaire": 2.0} for o in offres]


def test_la_suggestion_garde_les_offres_que_garde_la_recherche(tmp_path: Any) -> None:
    index = Index.open(tmp_path / "index")
    index.rebuild(OFFRES)
    recherche = {h.id for h in index.search(Requete(commune=LENS, par_page=100)).hits}
    assert recherche == {"bethune", "bethune-coordonnees", "boulogne-mixte", "boulogne-distance",
                         "lille-france", "sans-lieu-lens", "sans-lieu-departement",
                         "sans-lieu-distance"}
    candidats = suggestion.preparer(plan(), _proposables(OFFRES))
    assert {c.id for c in candidats} == recherche
    # the same rule, offer by offer, for the programme's checks
    gardees, _ = eligibilite.a_portee(OFFRES, LENS)
    zone = [eligibilite.eligible_commune(o, LENS) for o in OFFRES]
    assert {o["id"] for o, g, z in zip(OFFRES, gardees, zone, strict=True) if g and z} == recherche


def test_au_dela_de_50_km_jamais_proposee_a_distance_oui() -> None:
    loin = _proposables([exemple(id="a-boulogne", code_insee=BOULOGNE, zone_eligibilite=["62"])])
    assert suggestion.proposer(plan(), loin).choix == ()
    joignable = [{**loin[0], "modes_accueil": MIXTE}]
    assert [c.offre["id"] for c in suggestion.proposer(plan(), joignable).choix] == ["a-boulogne"]


def test_controle_hors_rayon() -> None:
    (boulogne, bethune, mixte) = _proposables([
        exemple(id="boulogne", nom="Atelier de Boulogne", code_insee=BOULOGNE, zone_eligibilite=["62"]),
        exemple(id="bethune", code_insee=BETHUNE, zone_eligibilite=["62"]),
        exemple(id="boulogne-mixte", code_insee=BOULOGNE, zone_eligibilite=["62"], modes_accueil=MIXTE)])
    constats = [c for c in controler(plan(activite(1, boulogne), activite(2, bethune), activite(3, mixte)))
                if c.code == "hors-rayon"]
    assert [(c.activite, c.niveau) for c in constats] == [(1, "alerte")]
    assert re.search(r"a lieu à (9\d|1\d\d) km de la commune", constats[0].message)
    assert "au-delà des 50 km" in constats[0].message
    # out of the zone is the error already said: no second finding about the distance
    nord = {**boulogne, "id": "nord", "code_insee": LILLE, "zone_eligibilite": ["59"]}
    assert [c.code for c in controler(plan(activite(1, nord))) if c.activite == 1
            and c.code.startswith("hors-")] == ["hors-zone"]


def test_sans_centre_connu_pas_de_rayon() -> None:
    """As the search: without the person's position, no radius applies."""
    gardees, distances = eligibilite.a_portee(OFFRES, "00000")
    assert gardees.all() and np.isnan(distances).all()
