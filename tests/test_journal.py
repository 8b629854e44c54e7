"""The change journal and the index that follows it on every node (issue 16, point 3).

Two app instances share one database (the suite's second pass: a real PostgreSQL) with their own
index folders: what one writes, the other finds; a `kill -9` in the middle of an import leaves
both indexes consistent after catch-up, without `check --repair`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlmodel import Session

from catalogue import baux, cli, create_app, journal, rattrapage, recherche
from catalogue.journal import Changement, Elagage, IndexNoeud
from catalogue.models import GrappeDoublons, ImportRun, Offer, maintenant
from catalogue.recherche import index_de, verifier
from importers import importer_pour
from importers.base import importer
from search import Requete
from tests.fabriques import ecrire_json, service, structure
from tests.processus import enfants, vivant

RACINE = Path(__file__).resolve().parents[1]


def _lignes(engine: Any) -> list[tuple[int, str, str, str]]:
    with Session(engine) as s:
        return journal.depuis(s, 0, 10_000)


def _importer(engine: Any, chemin: Path, *services: dict[str, Any]) -> None:
    ecrire_json(chemin, {"structures": [structure(1)], "services": list(services)})
    importer(importer_pour([chemin]), engine)


@pytest.fixture
def autre(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """A second app instance on the same database, with its own index folder, following the
    journal in a background thread like a served process."""
    instance = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"],
                           "SEARCH_INDEX_DIR": str(tmp_path / "index-b"), "SECRET_KEY": "test",
                           "RATTRAPAGE_INTERVALLE": 0.1})
    yield instance
    rattrapage.arreter(instance)
    instance.extensions["catalogue.engine"].dispose()


def test_each_write_adds_journal_rows_in_its_transaction(app: Flask, engine: Any, tmp_path: Path):
    _importer(engine, tmp_path / "a.json", service(1), service(2))
    lignes = _lignes(engine)
    assert sorted((k, i, o) for _, k, i, o in lignes) == [
        ("offer", "test--o1", "upsert"), ("offer", "test--o2", "upsert"),
        ("structure", "test--s1", "upsert")]
    sequences = [s for s, *_ in lignes]
    assert sequences == sorted(set(sequences)), "strictly increasing"

    _importer(engine, tmp_path / "a.json", service(1), service(2))
    assert len(_lignes(engine)) == 3, "an unchanged re-import changes nothing"
    _importer(engine, tmp_path / "a.json", service(1, nom="Atelier renommé"), service(2))
    assert _lignes(engine)[-1][1:] == ("offer", "test--o1", "upsert")
    assert _lignes(engine)[-1][0] > max(sequences)

    with Session(engine) as s:  # a failed transaction leaves no row
        journal.noter(s, journal.OFFER, ["test--o2"])
        s.execute(update(Offer).where(Offer.id == "test--o2").values(nom="perdu"))
        s.rollback()
        s.commit()
    assert len(_lignes(engine)) == 4

    with Session(engine) as s:  # an offer deleted through the ORM notes itself
        s.delete(s.get(Offer, "test--o2"))
        s.commit()
    assert _lignes(engine)[-1][1:] == ("offer", "test--o2", "delete")


def test_a_new_node_rebuilds_then_follows_changes_and_deletions(app: Flask, engine: Any,
                                                                tmp_path: Path):
    _importer(engine, tmp_path / "a.json", service(1, nom="Atelier permis"), service(2))
    chemin_b = str(tmp_path / "index-b")
    bilan = rattrapage.rattraper(engine, chemin_b)
    assert bilan.reconstruit and bilan.sequence == _lignes(engine)[-1][0]
    assert verifier(engine, chemin_b).aucun
    assert rattrapage.etat(engine, chemin_b).retard_changements == 0

    _importer(engine, tmp_path / "a.json", service(1, nom="Atelier cuisine"), service(2))
    with Session(engine) as s:
        s.delete(s.get(Offer, "test--o2"))
        s.commit()
    etat = rattrapage.etat(engine, chemin_b)
    assert etat.retard_changements == 2 and etat.retard_secondes >= 0
    bilan = rattrapage.rattraper(engine, chemin_b)
    assert not bilan.reconstruit and bilan.appliques == 2
    assert verifier(engine, chemin_b).aucun
    idx = index_de(chemin_b)
    assert [h.id for h in idx.search(Requete(commune="62498", q="cuisine")).hits] == ["test--o1"]
    assert rattrapage.rattraper(engine, chemin_b).appliques == 0, "nothing new"


def test_writes_through_one_instance_are_found_through_the_other_within_a_second(
        app: Flask, engine: Any, autre: Flask, tmp_path: Path):
    _importer(engine, tmp_path / "a.json", service(1))
    rattrapage.demarrer(autre)
    chemin_b = autre.config["SEARCH_INDEX_DIR"]
    _attendre(lambda: index_de(chemin_b).suivi.sequence is not None, 30, "reconstruction de B")
    for n, mot in enumerate(("tricot", "menuiserie", "jardinage"), start=2):
        _importer(engine, tmp_path / "a.json", service(1), service(n, nom=f"Atelier {mot}"))
        commit = time.monotonic()
        _attendre(lambda mot=mot: index_de(chemin_b).search(
            Requete(commune="62498", q=mot)).total == 1, 1.0, f"« {mot} » trouvé par B")
        assert time.monotonic() - commit <= 1.0
    with autre.test_client() as client:  # and through B's web page
        page = client.get("/api/v1/search/services?commune=62498&q=jardinage")
        assert page.get_json()["total"] == 1


def test_journal_is_pruned_only_behind_every_known_index_and_retention(app: Flask, engine: Any,
                                                                       tmp_path: Path):
    _importer(engine, tmp_path / "a.json", service(1), service(2))
    derniere = _lignes(engine)[-1][0]
    with Session(engine) as s:
        s.add(IndexNoeud(noeud="a", sequence=derniere, description="à jour"))
        s.add(IndexNoeud(noeud="b", sequence=derniere - 1, description="en retard d'une ligne"))
        s.commit()
        assert journal.elaguer(s, timedelta(days=30)) == 0, "rows are younger than 30 days"
        s.execute(update(Changement).values(changed_at=maintenant() - timedelta(days=31)))
        s.commit()
        assert journal.elaguer(s, timedelta(days=30)) == 2, "b has not passed the last row"
        assert [r[0] for r in journal.depuis(s, 0, 10)] == [derniere]
        assert journal.elague_jusqu_a(s) == derniere - 1
        assert s.execute(select(func.count()).select_from(Elagage)).scalar() == 1


def test_a_node_behind_the_pruned_journal_rebuilds(app: Flask, engine: Any, tmp_path: Path):
    _importer(engine, tmp_path / "a.json", service(1))
    chemin_b = str(tmp_path / "index-b")
    rattrapage.rattraper(engine, chemin_b)
    _importer(engine, tmp_path / "a.json", service(1), service(2))
    with Session(engine) as s:
        s.add(Elagage(jusqu_a=journal.derniere_sequence(s)))
        s.execute(update(Changement).values(changed_at=maintenant() - timedelta(days=31)))
        s.execute(Changement.__table__.delete())  # type: ignore[attr-defined]
        s.commit()
    bilan = rattrapage.rattraper(engine, chemin_b)
    assert bilan.reconstruit
    assert verifier(engine, chemin_b).aucun


def test_kill_9_during_an_import_leaves_both_indexes_consistent_after_catch_up(
        app: Flask, engine: Any, autre: Flask, tmp_path: Path):
    chemin_a, chemin_b = app.config["SEARCH_INDEX_DIR"], autre.config["SEARCH_INDEX_DIR"]
    rattrapage.rattraper(engine, chemin_a)
    rattrapage.rattraper(engine, chemin_b)
    fichier = ecrire_json(tmp_path / "gros.json", {
        "structures": [structure(1)],
        "services": [service(n, nom=f"Atelier {n}") for n in range(1, 6001)]})
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "SEARCH_INDEX_DIR": chemin_a,
           "CATALOGUE_INSTANCE": str(tmp_path / "instance"), "CATALOGUE_IMPORT_BATCH_SIZE": "100",
           "CATALOGUE_IMPORT_PROCESSES": "2"}
    processus = subprocess.Popen([str(Path(sys.executable).parent / "catalogue"), "import",
                                  str(fichier), "--publier"], env=env, cwd=RACINE,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _attendre(lambda: _offres(engine) >= 500, 120, "500 offres écrites")
        ouvriers = enfants(processus.pid)
        processus.send_signal(signal.SIGKILL)
        processus.wait(10)
    finally:
        if processus.poll() is None:
            processus.kill()
    ecrites = _offres(engine)
    assert 0 < ecrites < 6000, "killed in the middle"
    _attendre(lambda: not any(vivant(p) for p in ouvriers), 10, "ouvriers arrêtés avec leur parent")

    with Session(engine) as s:  # the run is interrupted, not "en cours" forever
        assert len(baux.marquer_interrompus(s)) == 1
        run = s.scalars(select(ImportRun)).one()
        assert run.statut == "interrupted" and "relancez l'import" in (run.message or "")
        assert run.compteurs["created"] == ecrites + 1, "the structure and the offers written"

    for chemin in (chemin_a, chemin_b):
        rattrapage.rattraper(engine, chemin)
        ecarts = verifier(engine, chemin)
        assert ecarts.aucun, (chemin, len(ecarts))
        assert index_de(chemin).search(Requete(commune="62498", par_page=1)).total == _offres(engine)


def _offres(engine: Any) -> int:
    with Session(engine) as s:
        return int(s.execute(select(func.count()).select_from(Offer)).scalar() or 0)


def _attendre(condition: Any, secondes: float, quoi: str) -> None:
    fin = time.monotonic() + secondes
    while not condition():
        if time.monotonic() > fin:
            raise AssertionError(f"attendu en {secondes} s : {quoi}")
        time.sleep(0.02)


def test_check_reports_the_lag_behind_the_journal(app: Flask, engine: Any, runner: Any,
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _importer(engine, tmp_path / "a.json", service(1))
    assert "position inconnue" in runner.invoke(args=["check"]).output
    rattrapage.rattraper(engine, app.config["SEARCH_INDEX_DIR"])
    _importer(engine, tmp_path / "a.json", service(1), service(2))
    sortie = runner.invoke(args=["check"]).output
    assert "Retard sur le journal : 1 changement," in sortie, sortie
    assert "L'index est à jour." in sortie, "this process pushed its own write already"
    assert "Index : 2 segments." in sortie, "the rebuild's, then the import's"
    # small segments merge into the next ones: a real index gets past the advice with big imports
    monkeypatch.setattr(cli, "SEGMENTS_CONSEILLES", 1)
    sortie = runner.invoke(args=["check"]).output
    assert "Index : 2 segments ; « catalogue reindex » les réunit en un" in sortie, sortie
    runner.invoke(args=["reindex"])
    assert "Index : 1 segment." in runner.invoke(args=["check"]).output


def _renommer(engine: Any, ident: str, nom: str) -> None:
    """A hand edit committed with the service layer's bookkeeping (new fingerprint and version,
    journal row, index push)."""
    from catalogue.services import noter_changements_offres

    with Session(engine) as s:
        s.execute(update(Offer).where(Offer.id == ident).values(
            nom=nom, empreinte=f"main-{nom}", version=Offer.version + 1))
        noter_changements_offres(s, [ident])
        s.commit()


def test_a_late_write_of_an_older_document_is_put_right_without_repair(app: Flask, engine: Any,
                                                                        tmp_path: Path):
    """Two writers of one offer: the first read its document, waited for the index lock (an
    import's chunk holds it for seconds), and wrote it after the follower had applied a newer
    change. The follower, past that change, never comes back to it: the late writer reconciles."""
    chemin = app.config["SEARCH_INDEX_DIR"]
    _importer(engine, tmp_path / "a.json", service(1, nom="Atelier tricot"))
    rattrapage.rattraper(engine, chemin)
    with Session(engine) as s:  # the late writer reads, then is held up
        lu_a = journal.derniere_sequence(s)
        ancien = list(recherche.documents(s, {"test--o1"}))
    _renommer(engine, "test--o1", "Atelier menuiserie")  # meanwhile: a newer change…
    rattrapage.rattraper(engine, chemin)  # …that the follower applies
    idx = index_de(chemin)
    idx.upsert(ancien)  # the late write lands
    assert verifier(engine, chemin).perimes == ["test--o1"], "the older document is back"

    assert recherche.reconcilier(engine, {"test--o1": lu_a}) == 1
    assert verifier(engine, chemin).aucun
    assert idx.search(Requete(commune="62498", q="menuiserie")).total == 1
    assert idx.search(Requete(commune="62498", q="tricot")).total == 0
    assert rattrapage.rattraper(engine, chemin).appliques == 0


def test_a_large_catch_up_builds_documents_only_for_what_its_index_lacks(
        app: Flask, engine: Any, tmp_path: Path, monkeypatch: Any):
    """An import pushes its offers to the index itself, then every node's follower finds them in
    the journal: above `COMPARER_AU_DELA` offers, the follower compares versions read from a few
    columns and builds documents only for what differs (it built all 2,000, about 0.25 s of a
    serving process's CPU per import chunk)."""
    chemin_b = str(tmp_path / "index-b")
    _importer(engine, tmp_path / "a.json", *(service(n) for n in range(1, 6)))
    ids = {f"test--o{n}" for n in range(1, 6)}
    with Session(engine) as s:
        s.add(GrappeDoublons(offer_id="test--o3", grappe="test--o3"))
        s.commit()
        attendues = {d["id"]: d["version"] for d in recherche.documents(s, ids)}
        assert recherche.versions_en_base(s, ids) == attendues, "same version as the document's"
        assert recherche.versions_en_base(s) == attendues
    rattrapage.rattraper(engine, chemin_b)  # rebuilt: all five in the index, o3 with its cluster

    with Session(engine) as s:  # the journal names all five again, as after an import…
        journal.noter(s, journal.OFFER, sorted(ids))
        s.commit()
    _renommer(engine, "test--o2", "Atelier menuiserie")  # …one changed, pushed to `app`'s only
    with Session(engine) as s:
        s.delete(s.get(Offer, "test--o5"))
        s.commit()
    construits: list[str] = []

    def documents(session: Session, quels: set[str]) -> Any:
        construits.extend(quels)
        return recherche.documents(session, quels)

    monkeypatch.setattr(rattrapage, "COMPARER_AU_DELA", 2)
    monkeypatch.setattr(rattrapage, "documents", documents)
    bilan = rattrapage.rattraper(engine, chemin_b)
    assert construits == ["test--o2"]
    assert bilan.ecrits == 2, "o2 rewritten, o5 removed"
    assert verifier(engine, chemin_b).aucun
    assert index_de(chemin_b).search(Requete(commune="62498", q="menuiserie")).total == 1


def test_reconciling_pushes_only_what_changed_after_the_read_and_before_the_follower(
        app: Flask, engine: Any, tmp_path: Path):
    chemin = app.config["SEARCH_INDEX_DIR"]
    _importer(engine, tmp_path / "a.json", service(1, nom="Atelier tricot"), service(2))
    rattrapage.rattraper(engine, chemin)
    with Session(engine) as s:
        lu_a = journal.derniere_sequence(s)
    _renommer(engine, "test--o1", "Atelier menuiserie")
    _renommer(engine, "test--o2", "Atelier jardinage")
    with Session(engine) as s:
        fin = journal.derniere_sequence(s)
    assert recherche.reconcilier(engine, {"test--o1": lu_a}) == 0, "the follower has not applied it"
    rattrapage.rattraper(engine, chemin)
    assert recherche.reconcilier(engine, {"test--o1": fin}) == 0, "read after every change"
    assert recherche.reconcilier(engine, {"test--o1": lu_a}) == 1, "o1 only, not o2"



def test_a_writer_that_finds_a_round_in_progress_leaves_the_reconciliation_to_the_next_one(
        app: Flask, engine: Any, tmp_path: Path):
    chemin = app.config["SEARCH_INDEX_DIR"]
    _importer(engine, tmp_path / "a.json", service(1, nom="Atelier tricot"))
    rattrapage.rattraper(engine, chemin)
    with Session(engine) as s:
        lu_a = journal.derniere_sequence(s)
        ancien = list(recherche.documents(s, {"test--o1"}))
    _renommer(engine, "test--o1", "Atelier menuiserie")
    rattrapage.rattraper(engine, chemin)
    idx = index_de(chemin)
    idx.upsert(ancien)
    with idx.suivi.rattrapage() as tenu:  # a catch-up round in progress in another process
        assert tenu
        assert recherche.reconcilier(engine, {"test--o1": lu_a}) == 0, "no wait: left for later"
    en_attente = list((Path(chemin) / recherche.DOSSIER_RECONCILIATIONS).glob("*.json"))
    assert len(en_attente) == 1
    assert verifier(engine, chemin).perimes == ["test--o1"]

    bilan = rattrapage.rattraper(engine, chemin)  # the next round does it
    assert bilan.reconcilies == 1 and bilan.appliques == 0
    assert verifier(engine, chemin).aucun
    assert not en_attente[0].exists()


def test_an_import_holds_its_folder_so_its_followers_wait_instead_of_indexing_its_offers(
        app: Flask, engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Between an import's database commit and its bulk writer's, a follower of the same folder
    found the offers missing and indexed them itself, at the server's priority (999 of 2,001
    offers, 0.6 s of a serving process's CPU). The import now holds the folder: those rounds are
    busy; another folder (another machine) follows as usual; after the import, the round finds
    every offer equal and writes nothing."""
    chemin_a, chemin_b = app.config["SEARCH_INDEX_DIR"], str(tmp_path / "index-b")
    _importer(engine, tmp_path / "a.json", service(1))
    rattrapage.rattraper(engine, chemin_a)
    rattrapage.rattraper(engine, chemin_b)
    pendant: list[rattrapage.Bilan] = []
    pousser = recherche._Differe.pousser

    def pousser_puis_rattraper(differe: Any, *args: Any) -> None:
        pousser(differe, *args)  # the batch is in the database, not yet in the index
        pendant.extend([rattrapage.rattraper(engine, chemin_a),
                        rattrapage.rattraper(engine, chemin_b)])

    monkeypatch.setattr(recherche._Differe, "pousser", pousser_puis_rattraper)
    _importer(engine, tmp_path / "a.json", service(1), service(2), service(3))
    ici, ailleurs = pendant
    assert ici.occupe and ici.ecrits == 0, "the import's folder waits for it"
    assert not ailleurs.occupe and ailleurs.ecrits == 2, "another folder follows as usual"

    monkeypatch.setattr(rattrapage, "COMPARER_AU_DELA", 1)  # as for an import of thousands
    apres = rattrapage.rattraper(engine, chemin_a)
    assert not apres.occupe and apres.appliques >= 2 and apres.ecrits == 0
    assert verifier(engine, chemin_a).aucun and verifier(engine, chemin_b).aucun
    suivi = index_de(chemin_a).suivi
    with suivi.ecriture_suivie(), suivi.ecriture_suivie():  # imports may run side by side
        with suivi.rattrapage() as tenu:
            assert not tenu


def test_a_served_request_starts_the_follower_and_teardown_stops_it(autre: Flask):
    assert autre.test_client().get("/sante").status_code in (200, 503)
    suiveur = rattrapage.suiveur(autre)
    assert suiveur is not None and suiveur.en_marche
    assert rattrapage.arreter_tous() == 1
    assert not suiveur.en_marche and rattrapage.suiveur(autre) is None
