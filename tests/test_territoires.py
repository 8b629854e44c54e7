"""Territoires: the COG référentiel (catalogue/referentiels/territoires.py) and its build script."""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from catalogue.referentiels import territoires as t
from catalogue.texte import normaliser
from scripts import build_territoires as build

PAQUET_COG = Path("/tmp/cog/package")


# --- lookups ---------------------------------------------------------------------------------


def test_lens_son_epci_son_departement_sa_region() -> None:
    lens = t.commune("62498")
    assert lens is not None
    assert (lens.nom, lens.departement, lens.region) == ("Lens", "62", "32")
    assert lens.epci == "246200364"
    assert lens.codes_postaux == ("62300",)
    assert lens.population > 30_000
    assert not lens.est_arrondissement
    assert t.epci("246200364") == t.Epci("246200364", "CA de Lens - Liévin", "CA", "62")
    assert t.departement("62") == t.Departement("62", "Pas-de-Calais", "32")
    assert t.region("32") == t.Region("32", "Hauts-de-France")


def test_codes_inconnus() -> None:
    assert t.commune("62999") is None
    assert t.epci("200000000") is None
    assert t.departement("20") is None
    assert t.region("99") is None


def test_chaque_commune_a_un_departement_une_region_et_un_epci_connus() -> None:
    ref = t._referentiel()
    for position in range(len(ref.communes.code)):
        commune = ref.communes.objet(position)
        assert t.departement(commune.departement) is not None, commune
        assert t.region(commune.region) is not None, commune
        assert commune.epci is None or t.epci(commune.epci) is not None, commune


def test_comptes_du_millesime_2026() -> None:
    ref = t._referentiel()
    assert ref.communes.nombre_communes == 34_969
    assert len(ref.communes.code) - ref.communes.nombre_communes == 45
    assert len(ref.epcis) == 1_255
    assert len(t.departements()) == 109  # 101 départements + 8 collectivités d'outre-mer
    assert len(ref.regions) == 26


def test_communes_du_departement_et_de_l_epci() -> None:
    du_62 = t.communes_du_departement("62")
    assert len(du_62) > 800
    assert {c.departement for c in du_62} == {"62"}
    assert [c.code for c in du_62] == sorted(c.code for c in du_62)
    de_lens = t.communes_de_epci("246200364")
    assert "62498" in {c.code for c in de_lens}
    assert {c.epci for c in de_lens} == {"246200364"}
    assert t.communes_du_departement("00") == []


def test_epcis_du_departement() -> None:
    assert "CA de Lens - Liévin" in [e.nom for e in t.epcis_du_departement("62")]
    assert all(e.departement_principal == "62" for e in t.epcis_du_departement("62"))
    # 4 communes in 59, 4 in 62: the more populated side wins
    flandre_lys = t.epci("245900758")
    assert flandre_lys is not None and flandre_lys.departement_principal == "59"


def test_departements_dans_l_ordre_insee() -> None:
    codes = [d.code for d in t.departements()]
    assert codes[18:22] == ["19", "2A", "2B", "21"]
    assert codes[-1] == "989"
    assert len(codes) == len(set(codes))


# --- arrondissements municipaux, Corse, outre-mer ---------------------------------------------


def test_paris_et_son_premier_arrondissement() -> None:
    paris, premier = t.commune("75056"), t.commune("75101")
    assert paris is not None and premier is not None
    assert paris.commune_parente is None and len(paris.codes_postaux) == 21
    assert premier.nom == "Paris 1er Arrondissement"
    assert premier.commune_parente == "75056" and premier.est_arrondissement
    assert (premier.departement, premier.region, premier.epci) == ("75", "11", paris.epci)
    assert premier.codes_postaux == ("75001",)
    assert t.type_de_zone("75101") == "commune"
    assert t.nom_zone("75101") == "Paris 1er Arrondissement (75)"
    assert [c.code for c in t.communes_du_departement("75")] == ["75056"]


@pytest.mark.parametrize(
    ("code", "parente", "epci"),
    [("69381", "69123", "200046977"), ("13201", "13055", "200054807")],
)
def test_arrondissements_de_lyon_et_marseille(code: str, parente: str, epci: str) -> None:
    arrondissement, commune = t.commune(code), t.commune(parente)
    assert arrondissement is not None and commune is not None
    assert arrondissement.commune_parente == parente
    assert arrondissement.epci == epci == commune.epci


def test_zones_englobantes() -> None:
    assert t.zones_englobantes("62498") == ("62498", "246200364", "62", "france", "99100")
    paris = t.commune("75056")
    assert paris is not None
    assert t.zones_englobantes("75101") == (
        "75101",
        "75056",
        paris.epci,
        "75",
        "france",
        "99100",
    )
    assert t.zones_englobantes("98735") == ("98735", "987", "france", "99100")  # no EPCI
    assert t.zones_englobantes("62999") == ()


def test_corse() -> None:
    ajaccio, bastia = t.commune("2A004"), t.commune("2B033")
    assert ajaccio is not None and (ajaccio.nom, ajaccio.departement) == ("Ajaccio", "2A")
    assert bastia is not None and (bastia.nom, bastia.departement) == ("Bastia", "2B")
    assert ajaccio.region == bastia.region == "94"
    assert t.nom_zone("2A") == "Corse-du-Sud (2A)"
    assert t.rechercher_communes("2a004")[0] == ajaccio


def test_outre_mer() -> None:
    abymes = t.commune("97101")
    assert abymes is not None
    assert (abymes.nom, abymes.departement, abymes.region) == ("Les Abymes", "971", "01")
    assert abymes.epci is not None
    assert t.nom_zone("971") == "Guadeloupe (971)"
    assert t.nom_zone("97101") == "Les Abymes (971)"
    assert t.rechercher_communes("saint denis")[0].code == "97411"  # La Réunion, most populated
    mayotte = t.communes_du_departement("976")
    assert mayotte and {c.region for c in mayotte} == {"06"}


# --- zone codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "forme", "sorte"),
    [
        ("62498", "commune", "commune"),
        ("2A004", "commune", "commune"),
        ("75101", "commune", "commune"),
        ("246200364", "epci", "epci"),
        ("62", "departement", "departement"),
        ("2A", "departement", "departement"),
        ("971", "departement", "departement"),
        ("99100", "pays", "pays"),
        ("99134", "pays", "pays"),
        ("france", "france", "france"),
        # well formed, unknown
        ("62999", "commune", None),
        ("99700", "commune", None),
        ("200000000", "epci", None),
        ("20", "departement", None),
        ("970", "departement", None),
        # malformed
        ("", None, None),
        ("6", None, None),
        ("123", None, None),
        ("2a", None, None),
        ("2C", None, None),
        (" 62", None, None),
        ("France", None, None),
        ("6249", None, None),
        ("2462003640", None, None),
        ("32 ", None, None),
    ],
)
def test_format_et_type_de_zone(code: str, forme: str | None, sorte: str | None) -> None:
    assert t.format_de_zone(code) == forme
    assert t.type_de_zone(code) == sorte


@pytest.mark.parametrize(
    ("code", "nom"),
    [
        ("62498", "Lens (62)"),
        ("246200364", "CA de Lens - Liévin"),
        ("62", "Pas-de-Calais (62)"),
        ("france", "France entière"),
        ("99100", "France entière"),
        ("99134", "99134"),
        ("62999", "62999"),
        ("n'importe quoi", "n'importe quoi"),
    ],
)
def test_nom_zone(code: str, nom: str) -> None:
    assert t.nom_zone(code) == nom


# --- autocomplete ------------------------------------------------------------------------------


def codes(texte: str, limite: int = 10) -> list[str]:
    return [c.code for c in t.rechercher_communes(texte, limite)]


@pytest.mark.parametrize(
    "texte", ["saint etienne", "Saint-Étienne", "SAINT-ETIENNE", "st etienne", "st-étienne"]
)
def test_saint_etienne_quelle_que_soit_l_ecriture(texte: str) -> None:
    trouvees = t.rechercher_communes(texte)
    assert trouvees[0].code == "42218"
    assert all("saint etienne" in normaliser(c.nom) for c in trouvees)


def test_st_reste_aussi_un_debut_de_mot() -> None:
    assert "67482" in codes("st")  # Strasbourg
    assert codes("ste marie")[0] in {c.code for c in t.rechercher_communes("sainte marie")}


def test_majuscules_et_nom_exact_en_tete() -> None:
    assert codes("MENDE")[0] == "48095"
    assert codes("lens")[0] == "62498"


def test_chateau_nom_exact_puis_par_population() -> None:
    trouvees = t.rechercher_communes("chateau")
    assert trouvees[0].nom == "Château"
    suite = trouvees[1:]
    assert all(normaliser(c.nom).replace(" ", "").startswith("chateau") for c in suite)
    assert [c.population for c in suite] == sorted((c.population for c in suite), reverse=True)
    assert "36044" in {c.code for c in suite}  # Châteauroux


def test_apostrophes_et_traits_d_union() -> None:
    assert codes("lisle adam", 1) == ["95313"]
    assert codes("l'isle-adam", 1) == ["95313"]
    assert codes("L ISLE ADAM", 1) == ["95313"]


def test_code_postal_complet_ou_debut() -> None:
    trouvees = codes("62300")
    assert trouvees[:2] == ["62498", "62291"]  # Lens, Éleu-dit-Leauwette: postal code 62300
    assert "62300" in trouvees  # Équihen-Plage, whose INSEE code is 62300, comes after
    assert "62498" in codes("6230")
    assert codes("75015") == ["75056", "75115"]


def test_code_insee() -> None:
    assert codes("62498") == ["62498"]


def test_nom_et_departement() -> None:
    assert codes("lens 62")[0] == "62498"
    assert codes("Lens (62)")[0] == "62498"
    assert codes("paris 15") == ["75115"]


def test_arrondissements_apres_les_communes() -> None:
    trouvees = t.rechercher_communes("paris")
    assert trouvees[0].code == "75056"
    rangs = [c.est_arrondissement for c in trouvees]
    assert rangs == sorted(rangs)


@pytest.mark.parametrize("texte", ["", "   ", "-'", "xqzw"])
def test_rien_a_chercher(texte: str) -> None:
    assert t.rechercher_communes(texte) == []


def test_limite() -> None:
    assert len(t.rechercher_communes("s", limite=3)) == 3
    assert t.rechercher_communes("s", limite=0) == []
    assert len(t.rechercher_communes("saint", limite=50)) == 50


def test_une_lettre_donne_les_plus_peuplees() -> None:
    trouvees = t.rechercher_communes("s")
    assert trouvees[0].code == "67482"  # Strasbourg
    assert all(normaliser(c.nom).startswith("s") for c in trouvees)


@cache
def communes_et_noms() -> list[tuple[t.Commune, str]]:
    ref = t._referentiel()
    toutes = [ref.communes.objet(p) for p in range(len(ref.communes.code))]
    return [(commune, normaliser(commune.nom)) for commune in toutes]


def recherche_naive(texte: str, limite: int = 10) -> list[str]:
    """`rechercher_communes` written the slow, obvious way: every commune, every rule."""
    mots = normaliser(texte).split()
    variantes = [{m, {"st": "saint", "ste": "sainte"}.get(m, m)} for m in mots]
    compactes = {"".join(mots), "".join(sorted(v, key=len)[-1] for v in variantes)}
    code = texte.strip().upper()

    def mot_correspond(commune: t.Commune, nom: str, mot: str, formes: set[str]) -> bool:
        if any(f" {f}" in f" {nom}" for f in formes):
            return True
        debut_cp = any(cp.startswith(mot) for cp in commune.codes_postaux)
        return mot[:1].isdigit() and (commune.departement == mot.upper() or debut_cp)

    def palier(commune: t.Commune, nom: str) -> int | None:
        compacte = nom.replace(" ", "")
        regles = [
            code in commune.codes_postaux,
            code == commune.code,
            compacte in compactes,
            compacte.startswith(tuple(compactes)),
            all(mot_correspond(commune, nom, m, v) for m, v in zip(mots, variantes, strict=True)),
        ]
        return next((i for i, vrai in enumerate(regles) if vrai), None)

    classees = []
    for commune, nom in communes_et_noms():
        if (niveau := palier(commune, nom)) is not None:
            cle_code = t._cle_departement(commune.code)
            rang = (commune.est_arrondissement, -commune.population, cle_code)
            classees.append((niveau, rang, commune.code))
    return [code for *_, code in sorted(classees)][:limite]


@pytest.mark.parametrize(
    "texte",
    [
        "s",
        "sa",
        "st",
        "l s",
        "la",
        "saint s",
        "st e",
        "e",
        "chateau",
        "lens 62",
        "6",
        "62",
        "623",
        "62300",
        "75015",
        "2a004",
        "paris 15",
        "l'isle",
        "boulogne sur",
        "sainte colombe",
        "xqzw",
    ],
)
def test_recherche_comme_la_version_naive(texte: str) -> None:
    """The index takes shortcuts (slices, scans by rank above a threshold): same answers."""
    assert codes(texte) == recherche_naive(texte)


def test_index_normalise_comme_normaliser() -> None:
    """`_normaliser_tous` is a faster `normaliser`: it must give the same keys on every name."""
    noms = [*t._referentiel().communes.nom, unicodedata.normalize("NFD", "Épinal-sur-Œuf"), " - "]
    assert t._normaliser_tous(noms) == [normaliser(nom) for nom in noms]


# --- resoudre_commune --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texte", "code"),
    [
        ("62498", "62498"),
        ("Lens", "62498"),
        (" lens ", "62498"),
        ("Lens (62)", "62498"),
        ("saint etienne", "42218"),
        ("St-Étienne", "42218"),
        ("2a004", "2A004"),
        ("75101", "75101"),
        ("Paris 15e arrondissement", "75115"),
        ("42000", "42218"),  # postal code of Saint-Étienne only
        (
            "13001",
            "13001",
        ),  # INSEE code of Aix-en-Provence, though also Marseille 1er's postal code
        ("62300", "62300"),  # INSEE code of Équihen-Plage, though also Lens's postal code
    ],
)
def test_resoudre_commune(texte: str, code: str) -> None:
    commune = t.resoudre_commune(texte)
    assert commune is not None and commune.code == code


@pytest.mark.parametrize("texte", ["", "xyz", "Lens (26)", "62000", "99999"])
def test_resoudre_commune_sans_reponse(texte: str) -> None:
    assert t.resoudre_commune(texte) is None  # 62000: postal code of Arras and Dainville


def test_resoudre_homonymes_va_au_plus_peuple() -> None:
    trouvees = t.rechercher_communes("sainte colombe", 50)
    homonymes = [c for c in trouvees if c.nom == "Sainte-Colombe"]
    assert len(homonymes) > 5
    plus_peuple = max(homonymes, key=lambda c: c.population)
    assert t.resoudre_commune("Sainte-Colombe") == plus_peuple


# --- build script ------------------------------------------------------------------------------


def commune_cog(code: str, nom: str, departement: str, region: str, **autres: Any) -> dict:
    return {"code": code, "nom": nom, "departement": departement, "region": region} | autres


def actuelle(code: str, nom: str, dep: str, region: str, cps: list[str], **autres: Any) -> dict:
    return commune_cog(code, nom, dep, region, type="commune-actuelle", codesPostaux=cps, **autres)


def paquet_miniature(dossier: Path, version: str = build.VERSION) -> Path:
    """A package folder shaped like @etalab/decoupage-administratif, with a handful of rows."""
    communes = [
        actuelle("62498", "Lens", "62", "32", ["62300"], population=32920),
        actuelle("59001", "Un", "59", "32", ["59100"], population=50),
        actuelle("62001", "Deux", "62", "32", ["62100"], population=10),
        actuelle("2A004", "Ajaccio", "2A", "94", ["20090", "20000"]),  # no population
        actuelle("75056", "Paris", "75", "11", ["75001"], population=9),
        actuelle("21001", "Isolée", "21", "27", [], population=3),
        commune_cog("62002", "Déléguée", "62", "32", type="commune-deleguee", chefLieu="62001"),
        commune_cog(
            "75101",
            "Paris 1er Arrondissement",
            "75",
            "11",
            type="arrondissement-municipal",
            commune="75056",
            codesPostaux=["75001"],
            population=5,
        ),
    ]
    epci = [
        {
            "code": "200000002",
            "nom": "CC Frontière",
            "type": "CC",
            "membres": [{"code": "59001"}, {"code": "62001"}],
        },
        {"code": "200000001", "nom": "CA Lens", "type": "CA", "membres": [{"code": "62498"}]},
    ]
    departements = [
        {"code": "62", "nom": "Pas-de-Calais", "region": "32"},
        {"code": "2A", "nom": "Corse-du-Sud", "region": "94"},
        {"code": "21", "nom": "Côte-d'Or", "region": "27"},
        {"code": "59", "nom": "Nord", "region": "32"},
        {"code": "75", "nom": "Paris", "region": "11"},
    ]
    regions = [
        {"code": "94", "nom": "Corse"},
        {"code": "32", "nom": "Hauts-de-France"},
        {"code": "27", "nom": "Bourgogne-Franche-Comté"},
        {"code": "11", "nom": "Île-de-France"},
    ]
    (dossier / "data").mkdir(parents=True)
    (dossier / "package.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    for nom, contenu in [
        ("communes", communes),
        ("epci", epci),
        ("departements", departements),
        ("regions", regions),
    ]:
        (dossier / "data" / f"{nom}.json").write_text(json.dumps(contenu), encoding="utf-8")
    return dossier


@pytest.fixture
def referentiel_miniature(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Build the tiny package and point the module at the result (the real data is reloaded
    afterwards)."""
    sortie = tmp_path / "territoires.json.gz"
    paquet = paquet_miniature(tmp_path / "paquet")
    assert build.main(["--from", str(paquet), "--sortie", str(sortie)]) == 0
    monkeypatch.setattr(t, "FICHIER", sortie)
    t._referentiel.cache_clear()
    yield sortie
    t._referentiel.cache_clear()


def test_build_est_deterministe(tmp_path: Path) -> None:
    paquet = paquet_miniature(tmp_path / "paquet")
    premier, second = tmp_path / "1.json.gz", tmp_path / "2.json.gz"
    assert build.main(["--from", str(paquet), "--sortie", str(premier)]) == 0
    assert build.main(["--from", str(paquet), "--sortie", str(second)]) == 0
    assert premier.read_bytes() == second.read_bytes()
    assert premier.read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime


def test_build_garde_ce_qu_il_faut(tmp_path: Path) -> None:
    contenu = build.construire(build.lire_paquet(paquet_miniature(tmp_path / "paquet")))
    communes = contenu["communes"]
    assert communes["code"] == ["2A004", "21001", "59001", "62001", "62498", "75056"]
    assert communes["epci"] == [None, None, "200000002", "200000002", "200000001", None]
    assert communes["codes_postaux"][0] == "20000 20090"
    assert communes["population"][0] == 0  # missing in the package
    assert contenu["arrondissements_municipaux"]["commune"] == ["75056"]
    assert contenu["epci"]["code"] == ["200000001", "200000002"]
    # one commune in 59 and one in 62: the more populated (59001, 50 inhabitants) wins
    assert contenu["epci"]["departement_principal"] == ["62", "59"]
    assert contenu["departements"]["code"] == ["2A", "21", "59", "62", "75"]
    assert contenu["source"]["version"] == "6.0.0"


def test_build_refuse_une_autre_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paquet = paquet_miniature(tmp_path / "paquet", version="5.3.0")
    assert build.main(["--from", str(paquet), "--sortie", str(tmp_path / "x.json.gz")]) == 1
    assert "version 5.3.0, attendue 6.0.0" in capsys.readouterr().err
    assert not (tmp_path / "x.json.gz").exists()


def test_build_refuse_un_dossier_vide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["--from", str(tmp_path), "--sortie", str(tmp_path / "x.json.gz")]) == 1
    assert "package.json introuvable" in capsys.readouterr().err


def test_le_module_lit_ce_que_le_script_ecrit(referentiel_miniature: Path) -> None:
    attendue = t.Commune("62498", "Lens", "62", "32", "200000001", ("62300",), 32920)
    assert t.commune("62498") == attendue
    premier = t.commune("75101")
    assert premier is not None and premier.commune_parente == "75056" and premier.epci is None
    assert t.zones_englobantes("62001") == ("62001", "200000002", "62", "france", "99100")
    assert [c.code for c in t.rechercher_communes("deux")] == ["62001"]
    assert t.type_de_zone("62002") is None  # commune déléguée: left out
    assert [d.code for d in t.departements()] == ["2A", "21", "59", "62", "75"]
    assert t.epcis_du_departement("59") == [t.Epci("200000002", "CC Frontière", "CC", "59")]


def test_fichier_livre_est_celui_du_paquet_6_0_0() -> None:
    contenu = json.loads(gzip.decompress(t.FICHIER.read_bytes()))
    assert contenu["source"] == {
        "paquet": "@etalab/decoupage-administratif",
        "version": "6.0.0",
        "millesime": "2026",
        "licence": "MIT (paquet), Licence Ouverte (données)",
    }
    assert t.FICHIER.stat().st_size < 1_500_000


@pytest.mark.skipif(
    not (PAQUET_COG / "package.json").is_file(),
    reason="rebuilding the committed file needs the npm package, which the test command does not "
    "download: `npm pack @etalab/decoupage-administratif@6.0.0` and untar it in /tmp/cog to run "
    "this check (the build itself is tested above on a tiny package)",
)
def test_reconstruire_depuis_le_paquet_redonne_le_meme_fichier(tmp_path: Path) -> None:
    sortie = tmp_path / "territoires.json.gz"
    assert build.main(["--from", str(PAQUET_COG), "--sortie", str(sortie)]) == 0
    assert sortie.read_bytes() == t.FICHIER.read_bytes()
