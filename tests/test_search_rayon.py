"""Issue 14's rule, as data·inclusion's `search_services_query`: the zone applies to every offer
(remote ones too), then an offer is kept within 50 km of the person or when it can be followed
remotely. Distances come from the commune's centre (or `lat`/`lon`), and from the centre of the
offer's commune when it has no coordinates (said in the hit)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, select

from catalogue.demo.chargement import charger_demo
from catalogue.models import Offer
from catalogue.recherche import index_de
from catalogue.referentiels import territoires
from search import Index, Requete
from search.documents import exemple

LENS, RENNES, BADAROUX, ABLAIN = "62498", "35238", "48013", "62001"
#: Béthune, about 18 km from Lens as the crow flies; Boulogne-sur-Mer, about 95 km; Arras, 17 km
BETHUNE, BOULOGNE, ARRAS = "62119", "62160", "62041"


@pytest.fixture
def index(tmp_path) -> Index:
    return Index.open(tmp_path / "index")


def _ids(index: Index, **requete: Any) -> list[str]:
    return [h.id for h in index.search(Requete(par_page=100, **requete)).hits]


def test_la_zone_s_applique_aux_offres_a_distance(index: Index) -> None:
    index.rebuild([
        exemple(id="distance-62", zone_eligibilite=["62"], modes_accueil=["a-distance"]),
        exemple(id="distance-35", zone_eligibilite=["35"], modes_accueil=["a-distance"]),
        exemple(id="distance-france", zone_eligibilite=["france"], modes_accueil=["a-distance"]),
    ])
    assert set(_ids(index, commune=RENNES)) == {"distance-35", "distance-france"}
    assert set(_ids(index, commune=LENS)) == {"distance-62", "distance-france"}


def test_sur_place_au_dela_de_50_km_ecarte_a_distance_garde(index: Index) -> None:
    index.rebuild([
        exemple(id="bethune", code_insee=BETHUNE, zone_eligibilite=["62"]),
        exemple(id="boulogne", code_insee=BOULOGNE, zone_eligibilite=["62"]),
        exemple(id="boulogne-et-distance", code_insee=BOULOGNE, zone_eligibilite=["62"],
                modes_accueil=["en-presentiel", "a-distance"]),
    ])
    hits = {h.id: h for h in index.search(Requete(LENS)).hits}
    assert set(hits) == {"bethune", "boulogne-et-distance"}
    assert hits["bethune"].distance_km == pytest.approx(18, abs=2)
    assert hits["bethune"].distance_estimee  # no coordinates: the centre of Béthune
    # kept because it can be followed remotely: no distance, as data·inclusion's `distance`
    assert hits["boulogne-et-distance"].distance_km is None
    assert set(_ids(index, commune=LENS, rayon_km=120)) == {
        "bethune", "boulogne", "boulogne-et-distance"}
    assert set(_ids(index, commune=LENS, rayon_km=None)) == {
        "bethune", "boulogne", "boulogne-et-distance"}
    assert _ids(index, commune=LENS, rayon_km=10) == ["boulogne-et-distance"]


def test_une_adresse_deplace_le_centre(index: Index) -> None:
    index.rebuild([exemple(id="boulogne", code_insee=BOULOGNE, zone_eligibilite=["62"])])
    assert _ids(index, commune=LENS) == []
    centre_boulogne = territoires.centre(BOULOGNE)
    assert centre_boulogne is not None
    assert _ids(index, commune=LENS, origine=centre_boulogne) == ["boulogne"]


def test_les_offres_a_distance_seulement_n_ont_pas_de_distance(index: Index) -> None:
    index.rebuild([exemple(id="tel", code_insee=ARRAS, latitude=50.29, longitude=2.78,
                           zone_eligibilite=["62"], modes_accueil=["a-distance"])])
    (hit,) = index.search(Requete(LENS)).hits
    assert hit.distance_km is None and hit.proximite == "a-distance"


def test_sans_position_garde_si_la_zone_est_locale(index: Index) -> None:
    index.rebuild([
        exemple(id="zone-commune", zone_eligibilite=[LENS]),
        exemple(id="zone-departement", zone_eligibilite=["62"]),
        exemple(id="zone-france", zone_eligibilite=["france"]),
        exemple(id="sans-zone", zone_eligibilite=None),
    ])
    assert set(_ids(index, commune=LENS)) == {"zone-commune", "zone-departement"}


@pytest.mark.parametrize("origine", [(50.43, 2.83), (48.11, -1.68), (-33.9, 151.2), (64.1, -21.9),
                                     (0.0, 179.9), (51.5, -0.01), (-70.0, 20.0)])
def test_le_cadre_garde_tout_point_dans_le_rayon(origine: tuple[float, float]) -> None:
    """`dans_le_cadre` spares the haversine of far points only: every point within the radius
    is in the frame, whatever the latitude, across the antimeridian and the Greenwich meridian."""
    from search import portee

    hasard = np.random.default_rng(14)
    for rayon in (1.0, 5.0, 50.0, 200.0, 1000.0):
        ecart = np.degrees(rayon / portee.RAYON_TERRE_KM) * 3
        latitude = np.clip(origine[0] + hasard.uniform(-ecart, ecart, 20_000), -90, 90)
        etalement = min(180.0, ecart / max(np.cos(np.radians(abs(origine[0]) + ecart)), 0.05))
        longitude = (origine[1] + hasard.uniform(-etalement, etalement, 20_000) + 180) % 360 - 180
        dedans = portee.distances_km(origine, latitude, longitude) <= rayon
        cadre = portee.dans_le_cadre(origine, rayon, latitude, longitude)
        assert dedans.sum() > 0
        assert not (dedans & ~cadre).any()
        assert (~cadre).sum() > 0  # the frame does spare work


def _haversine_km(origine: tuple[float, float], latitude: float, longitude: float) -> float:
    """The textbook formula, one point at a time (the reference `Positions` must equal)."""
    import math

    phi1, phi2 = math.radians(origine[0]), math.radians(latitude)
    a = (math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2)
         * math.sin(math.radians(longitude - origine[1]) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@pytest.mark.parametrize("origine", [(50.43, 2.83), (-33.9, 151.2), (0.0, 179.9), (89.9, 0.0)])
def test_les_distances_sont_celles_de_la_formule_de_haversine(origine: tuple[float, float]) -> None:
    """`Positions` computes them from chords between unit vectors: the same kilometres, near
    (a few metres), far (antipodes), across the antimeridian, and NaN where a point is unknown."""
    from search import portee

    hasard = np.random.default_rng(3)
    latitude = np.concatenate([origine[0] + hasard.normal(0, 0.01, 500), hasard.uniform(-90, 90, 500),
                               [origine[0], -origine[0], np.nan, 10.0]])
    longitude = np.concatenate([origine[1] + hasard.normal(0, 0.01, 500),
                                hasard.uniform(-180, 180, 500),
                                [origine[1], origine[1] - 180, 2.0, np.nan]])
    latitude = np.clip(latitude, -90, 90)
    calculees = portee.distances_km(origine, latitude, longitude)
    attendues = [_haversine_km(origine, la, lo) for la, lo in zip(latitude, longitude, strict=True)]
    assert np.isnan(calculees[-2:]).all()
    assert calculees[-4] == 0.0 and abs(calculees[-3] - np.pi * 6371.0) < 1e-6
    assert np.allclose(calculees[:-2], attendues[:-2], rtol=0, atol=1e-9)
    points = np.array([5, 700, 1001])
    assert np.array_equal(portee.Positions.de(latitude, longitude).distances_km(origine, points),
                          calculees[points])


def test_rayon_invalide() -> None:
    from search import RequeteInvalide

    for rayon in (0, -5, 5000, float("nan")):
        with pytest.raises(RequeteInvalide) as erreur:
            Requete(LENS, rayon_km=rayon)
        assert erreur.value.parametre == "rayon_km"


# --- on the demo catalogue (the examples) ---------------------------------------------


@pytest.fixture
def demo(app: Any, engine: Any) -> Index:
    charger_demo(engine)
    return index_de(app.config["SEARCH_INDEX_DIR"])


def _offres(engine: Any) -> dict[str, Offer]:
    with Session(engine) as s:
        return {o.id: o for o in s.exec(select(Offer))}


def _zone_admet(offre: Offer, commune: str) -> bool:
    zone = offre.zone_eligibilite
    return not zone or bool(set(zone) & set(territoires.zones_englobantes(commune)))


def test_rennes_ne_voit_aucune_offre_dont_la_zone_l_exclut(demo: Index, engine: Any) -> None:
    offres = _offres(engine)
    ecoute = [o.id for o in offres.values() if o.nom == "Écoute téléphonique addictions"
              and not _zone_admet(o, RENNES)]
    assert ecoute, "the demo has the Pas-de-Calais (and Lozère) hotline of the issue"
    hits = [h for p in (1, 2, 3) for h in _page(demo, RENNES, p)]
    assert hits
    for hit in hits:
        offre = offres[hit.id]
        assert _zone_admet(offre, RENNES), (offre.nom, offre.zone_eligibilite)
        distance = "a-distance" in (offre.modes_accueil or [])
        assert distance or (hit.distance_km is not None and hit.distance_km <= 50), offre.nom
    assert not set(ecoute) & {h.id for h in hits}
    assert not [h for h in hits if "Béthune" in (offres[h.id].commune or "")]


def _page(index: Index, commune: str, page: int) -> list[Any]:
    res = index.search(Requete(commune, par_page=100))
    return res.hits if page == 1 else (
        index.search(Requete(commune, par_page=100, page=page)).hits if res.pages >= page else [])


@pytest.mark.parametrize("village", [BADAROUX, ABLAIN])
def test_un_village_sans_offre_a_ses_distances(demo: Index, engine: Any, village: str) -> None:
    offres = _offres(engine)
    assert not [o for o in offres.values() if o.code_insee == village]
    res = demo.search(Requete(village, par_page=50))
    sur_place = [h for h in res.hits if h.distance_km is not None]
    assert len(sur_place) >= 5
    assert all(h.distance_km <= 50 for h in sur_place)  # type: ignore[operator]
    # nearness first: within a nearness level, the nearest first (to 100 m: then quality)
    for niveau in {h.proximite for h in sur_place}:
        distances = [h.distance_km for h in sur_place if h.proximite == niveau]
        ecarts = [b - a for a, b in itertools.pairwise(distances)]  # type: ignore[operator]
        assert all(e >= -0.11 for e in ecarts)


def test_l_api_donne_distance_et_estimation(client: FlaskClient, demo: Index) -> None:
    reponse = client.get(f"/api/v1/search/services?code_commune={BADAROUX}&rayon_km=30&size=100")
    assert reponse.status_code == 200
    items = reponse.get_json()["items"]
    assert items and all(i["distance"] is None or i["distance"] <= 30 for i in items)
    assert any(i["distance"] is not None for i in items)
    erreur = client.get(f"/api/v1/search/services?code_commune={BADAROUX}&rayon_km=abc")
    assert erreur.status_code == 422 and "rayon_km" in erreur.get_data(as_text=True)


@pytest.mark.parametrize("origine", [(50.43, 2.83), (48.11, -1.68), (-33.9, 151.2), (64.1, -21.9),
                                     (0.0, 179.9), (89.5, 10.0), (-70.0, 20.0)])
def test_le_cadre_par_tranche_de_latitude_garde_les_memes_points(origine: tuple[float, float]) -> None:
    """The engine reads the frame from the points sorted by latitude: the very points
    `dans_le_cadre` keeps, unknown positions left out, for every radius."""
    from search import portee

    hasard = np.random.default_rng(15)
    latitude = np.clip(origine[0] + hasard.normal(0, 3, 30_000), -90, 90)
    longitude = (origine[1] + hasard.normal(0, 5, 30_000) + 180) % 360 - 180
    latitude[hasard.random(30_000) < 0.05] = np.nan
    par_latitude = portee.ParLatitude.de(latitude, longitude)
    for rayon in (1.0, 5.0, 50.0, 200.0, 1000.0):
        attendus = np.flatnonzero(portee.dans_le_cadre(origine, rayon, latitude, longitude))
        assert np.array_equal(np.sort(par_latitude.dans_le_cadre(origine, rayon)), attendus)
