"""The web pages render the catalogue in French, with the right status codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from importers import importer_pour
from importers.base import importer
from tests.curation_outils import client_de, compte
from tests.fabriques import ecrire_json, service, structure


def charger(engine: Any, tmp_path: Path) -> int | None:
    chemin = ecrire_json(tmp_path / "c.json", {
        "structures": [structure(1, nom="Centre <b>social</b> du Nord")],
        "services": [service(1, nom="Atelier 1 < 2 & co",
                             thematiques=["mobilite--preparer-un-permis"],
                             zone_eligibilite=["62498", "62"]),
                     service(2, volume_horaire_hebdomadaire=None, frais="invalide")],
    })
    return importer(importer_pour([chemin]), engine).run["id"]


def test_home_offer_and_structure_pages(client: Any, engine: Any, tmp_path: Path):
    charger(engine, tmp_path)
    accueil = client.get("/catalogue")
    assert accueil.status_code == 200
    texte = accueil.get_data(as_text=True)
    assert 'lang="fr"' in texte
    assert "1 offre publiée" in texte
    assert "Atelier 1 &lt; 2 &amp; co" in texte, "text is escaped"

    offre = client.get("/offres/test--o1").get_data(as_text=True)
    assert "3 h par semaine" in offre and "pendant 4 semaines" in offre
    assert "Mobilité" in offre, "freins shown in words"
    assert "Lens" in offre and "Pas-de-Calais" in offre, "zone shown as place names"

    structure_page = client.get("/structures/test--s1").get_data(as_text=True)
    assert "1 offre" in structure_page


def admin(app: Flask) -> Any:
    """Import reports are for curators (tests/test_securite.py, point 5)."""
    compte(app, "admin@exemple.org", "admin")
    return client_de(app, "admin@exemple.org")


def test_unknown_ids_are_404(app: Flask, client: Any):
    assert client.get("/offres/nope").status_code == 404
    assert client.get("/structures/nope").status_code == 404
    assert admin(app).get("/imports/999").status_code == 404


def test_import_runs_and_report_pages(app: Flask, engine: Any, tmp_path: Path):
    run_id = charger(engine, tmp_path)
    client = admin(app)
    liste = client.get("/imports/").get_data(as_text=True)
    assert "terminé avec rejets" in liste
    rapport = client.get(f"/imports/{run_id}?statut=rejected").get_data(as_text=True)
    assert "frais" in rapport and "invalide" in rapport
    assert client.get(f"/imports/{run_id}?statut=n%27importe&page=abc").status_code == 200
