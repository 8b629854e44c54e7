"""Coverage: the same eligibility as the search engine, the EPCI × frein matrix, its SVG heat map
and CSV, and the référent's view of one commune."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from flask import Flask

from catalogue import db
from catalogue.curation import carte, couverture
from catalogue.formats import compte
from catalogue.recherche import index
from catalogue.referentiels import freins, territoires
from search import Requete
from tests.curation_outils import client_de, comptes, demo  # noqa: F401 - fixtures
from tests.navigateur import ARTEFACTS

pytestmark = pytest.mark.usefixtures("demo")

#: the CA de Lens-Liévin, a rural commune of 62, a commune of 35 and one of 48
COMMUNES = [c.code for c in territoires.communes_de_epci("200072460")[:6]] + [
    "62498", "62510", "62041", "62193", "62001", "35238", "48095"]


def test_counts_match_the_search_engine(app: Flask):
    """A cell is what a référent of that commune finds when searching with that frein."""
    with app.test_request_context():
        s = db.session()
        for code in COMMUNES:
            cellules = couverture.commune(s, code)
            for f in freins.FREINS:
                attendu = index().search(Requete(commune=code, freins=(f.slug,), par_page=1)).total
                assert cellules[f.slug].offres == attendu, (code, f.slug)


def test_pas_de_calais_matrix_lists_its_empty_cells(app: Flask):
    with app.app_context(), db.session_scope() as s:
        m = couverture.matrice(s, "62")
        proche = couverture.matrice(s, "62", portee="proximite")
    assert [ligne.code for ligne in m.lignes] == [
        e.code for e in territoires.epcis_du_departement("62")]
    lens = next(ligne for ligne in m.lignes if ligne.code == "246200364")
    assert lens.cellules["mobilite"].offres > 0 and lens.cellules["mobilite"].heures > 0
    def cases(paires: list[tuple[Any, Any]]) -> set[tuple[str, str]]:
        return {(ligne.code, f.slug) for ligne, f in paires}

    # with the 50 km radius, some EPCI have holes even counting département-wide offers; offers
    # held nearby are among the open ones, so their holes include those
    assert cases(m.vides()) <= cases(proche.vides())
    assert proche.vides(), "rural EPCI have no offer held nearby for some freins"
    assert len(m.vides()) < len(proche.vides())
    rapport = [f"Pas-de-Calais, catalogue de démonstration, EPCI × frein "
               f"({len(m.lignes)} × {len(m.freins)} cases)",
               f"Offres ouvertes (comme la recherche) : {compte(len(m.vides()), 'case vide')}, "
               f"{compte(len(m.minces()), 'mince')} (1 ou 2 offres)",
               *(f"  mince : {ligne.nom} — {f.label} ({ligne.cellules[f.slug].offres})"
                 for ligne, f in m.minces()),
               f"Offres sur place ou à distance : {compte(len(proche.vides()), 'case vide')}",
               *(f"  vide : {ligne.nom} — {f.label}" for ligne, f in proche.vides())]
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "couverture-62-cases-vides.txt").write_text("\n".join(rapport) + "\n",
                                                              encoding="utf-8")
    print("\n" + "\n".join(rapport))


def test_epci_rows_count_offers_open_to_the_whole_epci(app: Flask):
    with app.app_context(), db.session_scope() as s:
        m = couverture.matrice(s, "62")
        par_commune = couverture.matrice(s, "62", "commune", "246200364")
    lens = next(ligne for ligne in m.lignes if ligne.code == "246200364")
    for f in freins.FREINS:
        minimum = min(ligne.cellules[f.slug].offres for ligne in par_commune.lignes)
        assert lens.cellules[f.slug].offres == minimum or lens.cellules[f.slug].partielles, f.slug
    assert any(ligne.cellules["parentalite"].partielles for ligne in [lens]), \
        "crèche places reserved to Lens are counted apart"


@pytest.mark.usefixtures("comptes")
def test_svg_csv_and_page(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    svg = client.get("/curation/couverture/carte.svg")
    assert svg.mimetype == "image/svg+xml"
    racine = ET.fromstring(svg.data)
    assert racine.tag.endswith("svg") and racine.get("role") == "img"
    cases = racine.findall(".//{http://www.w3.org/2000/svg}rect")
    assert len(cases) >= len(territoires.epcis_du_departement("62")) * len(freins.FREINS)
    fichier = client.get("/curation/couverture/couverture.csv")
    assert "attachment" in fichier.headers["Content-Disposition"]
    lignes = list(csv.DictReader(io.StringIO(fichier.data.decode("utf-8-sig")), delimiter=";"))
    assert len(lignes) == len(territoires.epcis_du_departement("62")) * len(freins.FREINS)
    assert {"offres", "heures_hebdomadaires", "etat"} <= set(lignes[0])
    page = client.get("/curation/couverture/").text
    assert "<svg" in page and "cases vides" in page and "Télécharger le tableau (CSV)" in page
    proche = client.get("/curation/couverture/?portee=proximite").text
    assert "CC du Ternois — Parentalité (garde d&#39;enfants)" in proche
    communes = client.get("/curation/couverture/?par=commune&epci=246200364").text
    assert "Liévin" in communes


@pytest.mark.usefixtures("comptes")
def test_referent_view_of_one_commune(app: Flask):
    client = client_de(app, "referent@exemple.org")
    page = client.get("/curation/couverture/commune?lieu=Lens (62)")
    assert page.status_code == 200
    assert "Offres publiées ouvertes à une personne de Lens (62)" in page.text
    assert "freins=mobilite" in page.text
    assert re.search(r"<td>\d+ h( \d\d)?[<( ]", page.text) and not re.search(r"\d\.\d+ h", page.text)
    ambigu = client.get("/curation/couverture/commune?lieu=62300")
    assert ambigu.status_code == 400 and "plusieurs communes" in ambigu.text


def test_svg_escapes_names(app: Flask):
    m = couverture.Matrice("62", "<b>Pas</b>", "epci", [couverture.Ligne(
        "1", '<script>alert("x")</script>', 0,
        {f.slug: couverture.Cellule() for f in freins.FREINS})])
    svg = couverture.en_svg(m)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)


SVG = "{http://www.w3.org/2000/svg}"


def test_choropleth_has_one_shape_per_epci_coloured_as_the_table(app: Flask):
    with app.app_context(), db.session_scope() as s:
        m = couverture.matrice(s, "62")
    sante = freins.PAR_SLUG["sante"]
    choro = carte.choroplethe(m, sante, lambda ligne: f"/epci/{ligne.code}")
    racine = ET.fromstring(choro.svg)
    assert racine.find(SVG + "title").text.startswith("Santé : offres publiées par intercommunalité")
    assert "Le tableau à côté de la carte donne les mêmes chiffres" in racine.find(SVG + "desc").text
    formes = {a.get("data-code"): a for a in racine.iter(SVG + "a")}
    assert list(formes) == [ligne.code for ligne in m.lignes]
    for ligne in m.lignes:
        cellule, forme = ligne.cellules["sante"], formes[ligne.code]
        chemin = forme.find(SVG + "path")
        assert forme.get("href") == f"/epci/{ligne.code}"
        assert chemin.get("class") == f"zone zone--{cellule.etat}"
        assert chemin.get("fill") == ("url(#carte-vide)" if cellule.offres == 0
                                      else couverture.teinte(cellule.offres))
        assert chemin.get("d").startswith("M") and chemin.get("d").endswith("Z")
        titre = forme.find(SVG + "title").text
        assert titre.startswith(f"{ligne.nom} — Santé : {cellule.offres} offre")
    par_classe = [sum(1 for ligne in m.lignes if couverture.classe(ligne.cellules["sante"].offres) == seuil)
                  for seuil, _, _ in couverture.CLASSES]
    assert [(c.mots, c.nombre) for c in choro.legende] == [
        (mots, n) for (_, _, mots), n in zip(couverture.CLASSES, par_classe, strict=True)]
    assert sum(par_classe) == len(m.lignes)


def test_choropleth_of_communes_and_a_shape_without_outline(app: Flask):
    with app.app_context(), db.session_scope() as s:
        m = couverture.matrice(s, "62", "commune", "246200364")
    m.lignes.append(couverture.Ligne("98735", "Papeete", 0, dict(m.lignes[0].cellules)))
    racine = ET.fromstring(carte.choroplethe(m, freins.FREINS[0]).svg)
    formes = [g for g in racine.iter(SVG + "g") if g.get("data-code")]
    assert [g.get("data-code") for g in formes] == [ligne.code for ligne in m.lignes[:-1]]
    assert "Sans contour connu, non dessinées : Papeete." in racine.find(SVG + "desc").text


@pytest.mark.usefixtures("comptes")
def test_page_map_for_a_chosen_frein(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    page = client.get("/curation/couverture/?frein=logement").text
    assert "Carte : Logement / hébergement" in page and 'class="choroplethe"' in page
    assert "aucune offre : " in page and "11 offres ou plus : " in page
    assert "par=commune&amp;epci=246200364&amp;frein=logement" in page
    communes = client.get("/curation/couverture/?par=commune&epci=246200364&frein=logement").text
    assert "code_commune=62498&amp;freins=logement" in communes
    inconnu = client.get("/curation/couverture/?frein=astrologie")
    assert inconnu.status_code == 400 and "frein inconnu « astrologie »" in inconnu.text


def test_teinte_scale():
    assert couverture.teinte(0) != couverture.teinte(1) != couverture.teinte(20)
