"""Build `catalogue/referentiels/data/territoires.json.gz` from the INSEE COG package.

Source: the npm package `@etalab/decoupage-administratif` (MIT), pinned below. The script fetches
it with `npm pack` (the registry is the only network access it needs), or reads an unpacked copy:

    python scripts/build_territoires.py                      # npm pack into a temporary directory
    python scripts/build_territoires.py --from /tmp/cog/package

The output is one gzipped JSON document, one object per table holding one list per column (see
`construire`), sorted by code and gzipped with `mtime=0`, so re-running the script on the same
package gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

PAQUET = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
#: the COG year of this version (package README, "Millésimes et versions de package")
MILLESIME = "2026"
#: base64 SHA-512 of the pinned tarball (npm's integrity "sha512-…"): a re-published tarball fails
SHA512 = "XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
#: the package's LICENSE file is MIT; its README adds "Données : Licence Ouverte"
LICENCE = "MIT (paquet), Licence Ouverte (données)"
FICHIERS = ("communes.json", "epci.json", "departements.json", "regions.json")
SORTIE = Path(__file__).resolve().parent.parent / "catalogue/referentiels/data/territoires.json.gz"

Json = dict[str, Any]


class ErreurSource(Exception):
    """The package is missing, not the pinned version, or not shaped as expected."""


def cle_code(code: str) -> tuple[str, str]:
    """Sort key putting Corsica (2A, 2B) between 19 and 21, as the INSEE lists do."""
    return (code.replace("2A", "20A").replace("2B", "20B"), code)


def telecharger(dossier: Path) -> Path:
    """`npm pack` the pinned version into `dossier`, check its integrity, unpack it."""
    commande = ["npm", "pack", f"{PAQUET}@{VERSION}", "--json", "--pack-destination", str(dossier)]
    try:
        sortie = subprocess.run(commande, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as erreur:
        raise ErreurSource(f"npm pack a échoué : {erreur}") from erreur
    archive = dossier / json.loads(sortie)[0]["filename"]
    empreinte = base64.b64encode(hashlib.sha512(archive.read_bytes()).digest()).decode()
    if empreinte != SHA512:
        raise ErreurSource(f"{archive.name} : empreinte sha512 inattendue ({empreinte})")
    with tarfile.open(archive) as tar:
        tar.extractall(dossier, filter="data")
    return dossier / "package"


def lire_paquet(dossier: Path) -> dict[str, list[Json]]:
    """Read the unpacked package (the folder holding package.json and data/)."""
    manifeste = dossier / "package.json"
    if not manifeste.is_file():
        raise ErreurSource(f"{manifeste} introuvable : indiquez le dossier du paquet décompressé")
    version = json.loads(manifeste.read_text(encoding="utf-8")).get("version")
    if version != VERSION:
        raise ErreurSource(f"{manifeste} : version {version}, attendue {VERSION}")
    sources = {}
    for nom in FICHIERS:
        chemin = dossier / "data" / nom
        if not chemin.is_file():
            raise ErreurSource(f"{chemin} introuvable")
        sources[nom.removesuffix(".json")] = json.loads(chemin.read_text(encoding="utf-8"))
    return sources


def epci_des_communes(epcis: Iterable[Json]) -> dict[str, str]:
    """Commune code -> SIREN of its EPCI (a commune is in at most one EPCI à fiscalité propre)."""
    appartenance: dict[str, str] = {}
    for epci in epcis:
        for membre in epci["membres"]:
            deja = appartenance.setdefault(membre["code"], epci["code"])
            if deja != epci["code"]:
                message = f"commune {membre['code']} dans deux EPCI : {deja}, {epci['code']}"
                raise ErreurSource(message)
    return appartenance


def departement_principal(epci: Json, communes: dict[str, Json]) -> str:
    """The département holding most member communes; ties go to the larger population, then code.

    89 EPCI straddle départements; `CC Flandre Lys` has 4 communes in 59 and 4 in 62.
    """
    nombre: Counter[str] = Counter()
    population: Counter[str] = Counter()
    for membre in epci["membres"]:
        commune = communes[membre["code"]]
        nombre[commune["departement"]] += 1
        population[commune["departement"]] += commune.get("population", 0)
    return min(nombre, key=lambda dep: (-nombre[dep], -population[dep], cle_code(dep)))


def en_colonnes(lignes: Sequence[Json], **champs: Callable[[Json], Any]) -> dict[str, list[Any]]:
    """One list per field: columns decode about three times faster than rows of small lists."""
    return {nom: [valeur(ligne) for ligne in lignes] for nom, valeur in champs.items()}


def codes_postaux(ligne: Json) -> str:
    """Sorted and space-separated (`"69001 69002"`): one string per commune, not one list."""
    return " ".join(sorted(ligne.get("codesPostaux", [])))


def population(ligne: Json) -> int:
    """0 where the package has none (TAAF, Clipperton)."""
    return int(ligne.get("population", 0))


def par_code(lignes: Iterable[Json]) -> list[Json]:
    return sorted(lignes, key=lambda ligne: cle_code(ligne["code"]))


def construire(sources: dict[str, list[Json]]) -> Json:
    """Keep what the catalogue needs from the package, as sorted columns."""
    communes_cog = sources["communes"]
    actuelles = par_code(c for c in communes_cog if c["type"] == "commune-actuelle")
    arrondissements = par_code(c for c in communes_cog if c["type"] == "arrondissement-municipal")
    communes = {c["code"]: c for c in actuelles}
    epcis = par_code(sources["epci"])
    appartenance = epci_des_communes(epcis)
    departements = par_code(sources["departements"])
    code, nom, region = itemgetter("code"), itemgetter("nom"), itemgetter("region")
    return {
        "source": {
            "paquet": PAQUET,
            "version": VERSION,
            "millesime": MILLESIME,
            "licence": LICENCE,
        },
        "regions": en_colonnes(par_code(sources["regions"]), code=code, nom=nom),
        "departements": en_colonnes(departements, code=code, nom=nom, region=region),
        "epci": en_colonnes(
            epcis,
            code=code,
            nom=nom,
            type=itemgetter("type"),
            departement_principal=lambda e: departement_principal(e, communes),
        ),
        "communes": en_colonnes(
            actuelles,
            code=code,
            nom=nom,
            departement=itemgetter("departement"),
            region=region,
            epci=lambda c: appartenance.get(c["code"]),
            codes_postaux=codes_postaux,
            population=population,
        ),
        "arrondissements_municipaux": en_colonnes(
            arrondissements,
            code=code,
            nom=nom,
            commune=itemgetter("commune"),
            codes_postaux=codes_postaux,
            population=population,
        ),
    }


def serialiser(referentiel: Json) -> bytes:
    """Compact, key-sorted JSON, gzipped without timestamp nor file name: same input, same bytes."""
    texte = json.dumps(referentiel, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(texte.encode("utf-8"), compresslevel=9, mtime=0)


def construire_fichier(dossier_paquet: Path, sortie: Path) -> int:
    """Read the package folder, write the data file, return its size in bytes."""
    contenu = serialiser(construire(lire_paquet(dossier_paquet)))
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_bytes(contenu)
    return len(contenu)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="depuis", type=Path, help="dossier du paquet décompressé")
    parser.add_argument("--sortie", type=Path, default=SORTIE, help=f"défaut : {SORTIE}")
    args = parser.parse_args(argv)
    try:
        if args.depuis:
            taille = construire_fichier(args.depuis, args.sortie)
        else:
            with tempfile.TemporaryDirectory() as temporaire:
                taille = construire_fichier(telecharger(Path(temporaire)), args.sortie)
    except ErreurSource as erreur:
        print(f"Erreur : {erreur}", file=sys.stderr)
        return 1
    print(f"{args.sortie} : {taille} octets ({PAQUET}@{VERSION}, millésime {MILLESIME})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
