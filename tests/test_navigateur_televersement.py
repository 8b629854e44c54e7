"""Issue 18 point 14, in real Chromium: an animateur uploads a file in the curation workspace, reads
the dry-run report (the CLI's), confirms, follows the progress and opens the import's report.
Plus access, CSRF, size limit and progress without a browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import Session, select

from catalogue.curation import televersement as tv
from catalogue.models import Offer
from tests.curation_outils import MOT_DE_PASSE, client_de, compte, poster
from tests.curation_outils import comptes as comptes  # noqa: F401 — fixture
from tests.fabriques import ecrire_json, service, structure
from tests.navigateur import capture, capture_docs, navigateur, serveur


@pytest.fixture
def televersements(app: Flask, tmp_path: Path) -> Path:
    dossier = tmp_path / "televersements"
    app.config["TELEVERSEMENTS_DIR"] = str(dossier)
    return dossier


def fichier_v1(dossier: Path) -> Path:
    """Two good services and one without its name (rejected), in one data·inclusion v1 file."""
    services = [service(1, zone_eligibilite=["62498"]), service(2, zone_eligibilite=["62"]),
                {k: v for k, v in service(3).items() if k != "nom"}]
    return ecrire_json(dossier / "offres-lens.json",
                       {"structures": [structure(1, code_insee="62498")], "services": services})


def _resume_sans_duree(texte: str) -> str:
    return re.sub(r", en [\d.,]+ s\.", "", texte.strip())


@pytest.mark.browser
def test_upload_dry_run_confirm_and_report(app: Flask, engine: Any, televersements: Path,
                                           tmp_path: Path, runner: Any):
    compte(app, "anim62@exemple.org", "animateur", ("62",))
    chemin = fichier_v1(tmp_path)
    cli = runner.invoke(args=["import", str(chemin), "--dry-run"])
    with serveur(app) as site, navigateur() as page:
        page.goto(site + "/curation/imports/nouveau")
        page.fill("#courriel", "anim62@exemple.org")
        page.fill("#mot_de_passe", MOT_DE_PASSE)
        page.click("main button[type=submit]")
        page.wait_for_selector("#fichiers")
        assert "50 Mo au plus par envoi" in page.inner_text("main")
        capture(page, "import-televersement")
        page.set_input_files("#fichiers", str(chemin))
        page.click("main form button[type=submit]")
        page.wait_for_selector("text=Confirmer l'import", timeout=30_000)
        resume = page.inner_text("p.encart[role=status]")
        assert _resume_sans_duree(resume) == _resume_sans_duree(cli.output.splitlines()[-1]), \
            "the same report as the CLI"
        assert "nom" in page.inner_text("table"), "the rejected record says which field"
        with Session(engine) as s:
            assert s.exec(select(Offer)).all() == [], "nothing written by the dry run"
        capture_docs(page, "import-a-blanc", pleine_page=False)
        page.click("text=Confirmer l'import")
        page.wait_for_selector("text=Rapport complet de l'import", timeout=30_000)
        assert "Import terminé avec rejets" in page.inner_text("main")
        page.click("text=Rapport complet de l'import")
        page.wait_for_selector("h1")
        assert "Import n°" in page.inner_text("h1")
    with Session(engine) as s:
        assert len(s.exec(select(Offer)).all()) == 2, "the two valid services, the bad one left out"


def test_only_signed_in_curators_upload(app: Flask, televersements: Path, comptes: Any,
                                        tmp_path: Path):
    anonyme = app.test_client()
    assert anonyme.get("/curation/imports/nouveau").status_code == 302
    referent = client_de(app, "referent@exemple.org")
    assert referent.get("/curation/imports/nouveau").status_code == 403
    animateur = client_de(app, "anim62@exemple.org")
    with fichier_v1(tmp_path).open("rb") as f:
        sans_jeton = animateur.post("/curation/imports/nouveau", data={"fichiers": f},
                                    content_type="multipart/form-data")
    assert sans_jeton.status_code == 400, "CSRF token required"


def test_too_big_or_unreadable_uploads_are_refused_in_french(app: Flask, televersements: Path,
                                                              comptes: Any, tmp_path: Path):
    app.config["TELEVERSEMENT_TAILLE_MAX"] = 1024 * 1024
    animateur = client_de(app, "anim62@exemple.org")
    gros = tmp_path / "gros.json"
    gros.write_bytes(b" " * (1024 * 1024 + 10))
    with gros.open("rb") as f:
        reponse = poster(animateur, "/curation/imports/nouveau", {"fichiers": f},
                         content_type="multipart/form-data")
    assert reponse.status_code == 413
    assert "1 Mo au plus par envoi" in reponse.text
    courrier = tmp_path / "courrier.txt"
    courrier.write_text("Bonjour, voici les chiffres du mois.", encoding="utf-8")
    with courrier.open("rb") as f:
        reponse = poster(animateur, "/curation/imports/nouveau", {"fichiers": f},
                         content_type="multipart/form-data")
    assert reponse.status_code == 422 and "Format non reconnu" in reponse.text
    reponse = poster(animateur, "/curation/imports/nouveau", {}, content_type="multipart/form-data")
    assert reponse.status_code == 422 and "Aucun fichier reçu" in reponse.text
    assert not any(televersements.iterdir()), "refused uploads leave nothing behind"


def test_progress_is_written_while_importing_and_shown(app: Flask, engine: Any,
                                                       televersements: Path, comptes: Any,
                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(tv, "PAS_PROGRESSION", 50)
    jeton, dossier = tv.nouveau_dossier(televersements)
    services = [service(n, zone_eligibilite=["62"]) for n in range(1, 301)]
    ecrire_json(dossier / "services.json", {"structures": [structure(1)], "services": services})
    etat = tv.preparer(dossier, tv.Demande(comptes["animateur62"].id, None, False), "datainclusion-v1")
    vus: list[int] = []
    ecrire = tv.ecrire_etat

    def noter(d: Path, e: dict[str, Any]) -> None:
        vus.append(e["traites"])
        ecrire(d, e)

    monkeypatch.setattr(tv, "ecrire_etat", noter)
    tv.lancer(dossier, engine, "a-blanc", 100, app.app_context).join(60)
    assert vus[0] == 0 and 50 in vus and 300 in vus and vus == sorted(vus), vus
    etat = tv.lire_etat(dossier)
    assert etat["statut"] == "fini" and etat["rapport"]["run"]["compteurs"]["total"] == 301

    etat.update(statut="en-cours", traites=120)
    ecrire(dossier, etat)
    page = client_de(app, "anim62@exemple.org").get(f"/curation/imports/{jeton}")
    assert '<meta http-equiv="refresh" content="2">' in page.text
    assert "120 enregistrements traités" in page.text
    assert client_de(app, "anim35@exemple.org").get(f"/curation/imports/{jeton}").status_code == 404
