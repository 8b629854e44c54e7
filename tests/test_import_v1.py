"""The data·inclusion v1 importer: every record accounted for, clear French messages, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from catalogue.models import ImportItem, ImportRun, Offer, OfferTag, Structure
from importers import ImportRefuse, importer_pour
from importers.base import Rapport, importer
from tests.fabriques import ecrire_json, service, structure


def importer_fichiers(engine: Any, *chemins: Path, **options: Any) -> Rapport:
    return importer(importer_pour(list(chemins)), engine, **options)


def par_id(rapport: Rapport) -> dict[str, Any]:
    return {f"{i.kind}:{i.record_id}": i for i in rapport.items}


def compter(engine: Any, modele: Any) -> int:
    with Session(engine) as s:
        return int(s.execute(select(func.count()).select_from(modele)).scalar_one())


def messages(issue: Any) -> str:
    return " | ".join(f"{e['field']}: {e['message']}" for e in issue.errors)


def test_json_object_valid_and_invalid_records_all_accounted_for(engine: Any, tmp_path: Path):
    chemin = ecrire_json(tmp_path / "catalogue.json", {
        "structures": [structure(1), structure(2, nom="X")],
        "services": [service(1), service(2, structure_n=2), service(3, frais="cher"),
                     service(4, publics=["tous-publics", "jeunes"])],
    })
    rapport = importer_fichiers(engine, chemin)
    assert len(rapport.items) == 6
    issues = par_id(rapport)
    assert issues["structure:test--s1"].status == "created"
    assert issues["structure:test--s2"].status == "rejected"
    assert issues["structure:test--s2"].errors[0]["field"] == "nom"
    assert issues["service:test--o1"].status == "created"
    assert "structure_id" in messages(issues["service:test--o2"])
    assert "inconnue" in messages(issues["service:test--o2"])
    assert issues["service:test--o3"].errors[0]["field"] == "frais"
    assert issues["service:test--o3"].errors[0]["value"] == "cher"
    assert "tous-publics" in messages(issues["service:test--o4"])
    assert rapport.run["statut"] == "done-errors"
    assert rapport.run["compteurs"]["created"] == 2
    assert rapport.run["compteurs"]["rejected"] == 4
    assert compter(engine, Offer) == 1
    assert compter(engine, ImportItem) == 6, "the report is stored, one row per record"


def test_reimport_reports_everything_unchanged_and_a_change_updates(engine: Any, tmp_path: Path):
    donnees = {"structures": [structure(1)], "services": [service(1), service(2)]}
    chemin = ecrire_json(tmp_path / "c.json", donnees)
    premier = importer_fichiers(engine, chemin)
    assert [i.status for i in premier.items] == ["created"] * 3
    second = importer_fichiers(engine, chemin)
    assert [i.status for i in second.items] == ["unchanged"] * 3
    assert second.run["statut"] == "done"

    donnees["services"][1]["nom"] = "Atelier renommé"
    ecrire_json(chemin, donnees)
    troisieme = importer_fichiers(engine, chemin)
    assert [i.status for i in troisieme.items] == ["unchanged", "unchanged", "updated"]
    with Session(engine) as s:
        offre = s.get(Offer, "test--o2")
        assert offre is not None and offre.nom == "Atelier renommé"
        assert offre.version == 2


def test_separate_files_api_pages_and_json_lines(engine: Any, tmp_path: Path):
    services = ecrire_json(tmp_path / "services.json", [service(1), service(2)])
    structures = ecrire_json(tmp_path / "structures.json", [structure(1)])
    rapport = importer_fichiers(engine, services, structures)
    assert [i.kind for i in rapport.items] == ["structure", "service", "service"]
    assert rapport.run["compteurs"]["created"] == 3

    page = ecrire_json(tmp_path / "page.json", {"items": [service(3), service(4)], "total": 2})
    assert importer_fichiers(engine, page).run["compteurs"]["created"] == 2

    jsonl = tmp_path / "export.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in [structure(5), service(5, 5), service(6, 5)])
                     + "\n{pas du json\n", encoding="utf-8")
    rapport = importer_fichiers(engine, jsonl)
    assert [i.status for i in rapport.items] == ["created", "created", "created", "rejected"]
    assert "ligne 4" in rapport.items[-1].lieu
    assert compter(engine, Offer) == 6


def test_api_items_with_nested_structure(engine: Any, tmp_path: Path):
    item = {"service": {**service(1), "structure": structure(1)}, "distance": 3}
    rapport = importer_fichiers(engine, ecrire_json(tmp_path / "page.json", {"items": [item]}))
    assert [(i.kind, i.status) for i in rapport.items] == [("structure", "created"),
                                                           ("service", "created")]


def _csv(chemin: Path, lignes: list[list[str]], sep: str = ",", encoding: str = "utf-8") -> Path:
    import csv
    import io

    tampon = io.StringIO()
    csv.writer(tampon, delimiter=sep).writerows(lignes)
    chemin.write_bytes(tampon.getvalue().encode(encoding))
    return chemin


ENTETE_SERVICES = ["source", "structure_id", "id", "nom", "description", "date_maj", "thematiques",
                   "publics", "zone_eligibilite", "volume_horaire_hebdomadaire"]


def _ligne_service(n: int, nom: str = "Atelier", heures: str = "3") -> list[str]:
    return ["test", "test--s1", f"test--c{n}", f"{nom} {n}", "Une description assez longue.",
            "2025-01-15", "mobilite--preparer-un-permis, mobilite--financer-ma-mobilite",
            "jeunes,femmes", "62498", heures]


@pytest.mark.parametrize(("sep", "encoding", "bom"), [
    (",", "utf-8", False), (";", "utf-8", False), (";", "latin-1", False), (",", "utf-8", True),
])
def test_csv_separators_encodings_and_bom(engine: Any, tmp_path: Path, sep: str, encoding: str,
                                          bom: bool):
    importer_fichiers(engine, ecrire_json(tmp_path / "structures.json", [structure(1)]))
    chemin = _csv(tmp_path / "services.csv", [ENTETE_SERVICES, _ligne_service(1, "Café-débat"),
                                              _ligne_service(2, heures="2,5")], sep, encoding)
    if bom:
        chemin.write_bytes(b"\xef\xbb\xbf" + chemin.read_bytes())
    rapport = importer_fichiers(engine, chemin)
    assert [i.status for i in rapport.items] == ["created", "created"], rapport.as_dict()
    with Session(engine) as s:
        offre = s.get(Offer, "test--c1")
        assert offre is not None and offre.nom == "Café-débat 1"
        assert offre.thematiques == ["mobilite--financer-ma-mobilite",
                                     "mobilite--preparer-un-permis"]
        assert offre.publics == ["femmes", "jeunes"]
        deux = s.get(Offer, "test--c2")
        assert deux is not None and deux.volume_horaire_hebdomadaire == 2.5
    if encoding == "latin-1":
        assert any("Windows-1252" in m for m in rapport.run["messages"])
    if sep == ";":
        assert any("point-virgule" in m for m in rapport.run["messages"])


def test_csv_unknown_and_duplicated_columns_are_reported(engine: Any, tmp_path: Path):
    importer_fichiers(engine, ecrire_json(tmp_path / "structures.json", [structure(1)]))
    entete = [*ENTETE_SERVICES, "couleur", "nom"]
    chemin = _csv(tmp_path / "services.csv", [entete, [*_ligne_service(1), "bleu", "Autre nom"]])
    rapport = importer_fichiers(engine, chemin)
    assert rapport.items[0].status == "created"
    assert any("couleur" in m for m in rapport.run["messages"])
    assert any("en double" in m and "nom" in m for m in rapport.run["messages"])
    with Session(engine) as s:
        offre = s.get(Offer, "test--c1")
        assert offre is not None and offre.nom == "Atelier 1", "the first of two columns wins"


def test_truncated_json_keeps_the_records_before_the_break(engine: Any, tmp_path: Path):
    texte = json.dumps({"structures": [structure(1)],
                        "services": [service(1), service(2), service(3)]}, indent=1)
    chemin = tmp_path / "tronque.json"
    chemin.write_text(texte[: texte.index('"test--o3"') + 5], encoding="utf-8")
    rapport = importer_fichiers(engine, chemin)
    statuts = [i.status for i in rapport.items]
    assert statuts == ["created", "created", "created", "rejected"]
    assert "tronqué" in rapport.items[-1].errors[0]["message"]
    assert "ligne" in rapport.items[-1].lieu


@pytest.mark.parametrize(("contenu", "attendu"), [
    ("", "vide"),
    ("   \n", "vide"),
    ("bonjour, ceci n'est pas du JSON", "pas du JSON"),
    ('{"services": [ {"id": 1,, } ]}', "JSON invalide"),
])
def test_unreadable_files_give_a_clear_message(engine: Any, tmp_path: Path, contenu: str,
                                                 attendu: str):
    chemin = tmp_path / "donnees.json"
    chemin.write_text(contenu, encoding="utf-8")
    rapport = importer_fichiers(engine, chemin)
    assert len(rapport.items) == 1
    assert rapport.items[0].status == "rejected"
    assert attendu in rapport.items[0].errors[0]["message"]


def test_wrong_types_every_enumeration_wrong_huge_description_and_html(engine: Any,
                                                                      tmp_path: Path):
    mauvais = service(1, type="stage", thematiques=["cuisine"], frais="cher", publics=["chats"],
                      modes_accueil=["sur-la-lune"], modes_mobilisation=["pigeon"],
                      mobilisable_par=["robots"], volume_horaire_hebdomadaire="beaucoup",
                      nombre_semaines=0, date_maj="hier", zone_eligibilite=["6"])
    enorme = service(2, description="x" * 20000)
    html = service(3, description="<p>Atelier <b>CV</b>&nbsp;: venez <script>alert(1)</script></p>")
    rapport = importer_fichiers(engine, ecrire_json(tmp_path / "c.json", {
        "structures": [structure(1)], "services": [mauvais, enorme, html]}))
    issues = par_id(rapport)
    champs = {e["field"].split("[")[0] for e in issues["service:test--o1"].errors}
    assert champs >= {"type", "thematiques", "frais", "publics", "modes_accueil",
                      "modes_mobilisation", "mobilisable_par", "volume_horaire_hebdomadaire",
                      "nombre_semaines", "date_maj", "zone_eligibilite"}
    assert all(e["message"] for e in issues["service:test--o1"].errors)
    assert issues["service:test--o2"].errors[0]["field"] == "description"
    assert "10000" in issues["service:test--o2"].errors[0]["message"]
    assert len(issues["service:test--o2"].errors[0]["value"]) < 300, "huge values are cut"
    assert issues["service:test--o3"].status == "created"
    assert any("HTML" in w["message"] for w in issues["service:test--o3"].warnings)
    with Session(engine) as s:
        offre = s.get(Offer, "test--o3")
        assert offre is not None and "<" not in offre.description


def test_duplicate_id_in_the_same_file_rejects_the_second(engine: Any, tmp_path: Path):
    rapport = importer_fichiers(engine, ecrire_json(tmp_path / "c.json", {
        "structures": [structure(1)], "services": [service(1), service(1, nom="Autre nom")]}))
    assert [i.status for i in rapport.items] == ["created", "created", "rejected"]
    assert "double" in rapport.items[-1].errors[0]["message"]


def test_dry_run_writes_nothing_but_predicts(engine: Any, tmp_path: Path):
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(1), service(2, frais="x")]})
    rapport = importer_fichiers(engine, chemin, dry_run=True)
    assert [i.status for i in rapport.items] == ["created", "created", "rejected"]
    assert compter(engine, Offer) == 0
    assert compter(engine, Structure) == 0
    assert compter(engine, ImportRun) == 0


def test_tags_follow_the_list_fields(engine: Any, tmp_path: Path):
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(1, publics=["jeunes"])]})
    importer_fichiers(engine, chemin)
    ecrire_json(chemin, {"structures": [structure(1)],
                         "services": [service(1, publics=["femmes", "seniors"])]})
    importer_fichiers(engine, chemin)
    with Session(engine) as s:
        publics = s.execute(select(OfferTag.valeur).where(OfferTag.champ == "publics")).scalars()
        assert sorted(publics) == ["femmes", "seniors"]


def test_failure_mid_run_keeps_what_came_before_and_says_where(engine: Any, tmp_path: Path):
    from importers.datainclusion import ImporterDataInclusionV1

    class Casse(ImporterDataInclusionV1):
        def enregistrements(self):  # type: ignore[no-untyped-def]
            for n, e in enumerate(super().enregistrements()):
                if n == 4:
                    raise OSError("disque débranché")
                yield e

    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(n) for n in range(1, 8)]})
    rapport = importer(Casse([chemin]), engine, taille_lot=3)
    assert rapport.run["statut"] == "failed"
    assert "disque débranché" in rapport.run["message"]
    assert "services n° 3" in rapport.run["message"], rapport.run["message"]
    with Session(engine) as s:
        ids = sorted(s.execute(select(Offer.id)).scalars())
    assert ids == ["test--o1", "test--o2"], "the batch in progress is not half-written"
    non_ecrits = [i for i in rapport.items if i.status == "rejected"]
    assert non_ecrits and all("arrêté" in i.errors[0]["message"] for i in non_ecrits)
    with Session(engine) as s:
        run = s.get(ImportRun, rapport.run["id"])
        assert run is not None and run.statut == "failed"


def test_a_record_refused_by_the_database_does_not_take_its_batch_with_it(
        engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A write error replays the batch one record at a time (the failing record is simulated)."""
    from sqlalchemy.exc import IntegrityError

    from catalogue import services as catalogue_services

    vrai = catalogue_services.enregistrer_offres

    def refuse_o2(session, lot, *args, **kwargs):  # type: ignore[no-untyped-def]
        if any(a.donnees["id"] == "test--o2" for a in lot):
            raise IntegrityError("INSERT", {}, Exception("contrainte violée"))
        return vrai(session, lot, *args, **kwargs)

    monkeypatch.setattr(catalogue_services, "enregistrer_offres", refuse_o2)
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(n) for n in range(1, 5)]})
    rapport = importer_fichiers(engine, chemin, taille_lot=10)
    assert [i.status for i in rapport.items] == ["created", "created", "rejected", "created",
                                                 "created"]
    assert "base de données" in rapport.items[2].errors[0]["message"]
    assert compter(engine, Offer) == 3


def test_unknown_format_is_refused_in_french(tmp_path: Path):
    chemin = tmp_path / "x.pdf"
    chemin.write_bytes(b"%PDF")
    with pytest.raises(ImportRefuse, match="Format non reconnu"):
        importer_pour([chemin])
    with pytest.raises(ImportRefuse, match="inconnu"):
        importer_pour([chemin], "tableur-magique")


def test_validation_in_a_worker_process_gives_the_same_report(engine: Any, tmp_path: Path):
    donnees = {"structures": [structure(1)],
               "services": [service(n, **({"frais": "x"} if n % 7 == 0 else {}))
                            for n in range(1, 60)]}
    chemin = ecrire_json(tmp_path / "c.json", donnees)
    seul = importer(importer_pour([chemin]), engine, taille_lot=8, dry_run=True)
    avec_worker = importer(importer_pour([chemin]), engine, taille_lot=8, processus=2)
    assert [i.as_dict() for i in avec_worker.items] == [i.as_dict() for i in seul.items]
    assert avec_worker.run["compteurs"]["created"] == 52


def test_the_writer_validates_itself_the_packets_no_worker_has_started():
    """Issue 17 point 10: on a busy machine the workers (niced) got little CPU and the writer
    waited for them; it now takes back the packets still queued (here futures no worker will
    ever run) and validates them itself, in order, with the same results."""
    from collections import deque
    from concurrent.futures import Future

    from importers.base import SERVICE, Enregistrement, _attendre, _valider_paquet

    paquets = [[Enregistrement(SERVICE, f"l{p}-{n}", service(10 * p + n, **(
        {"frais": "cher"} if n == 2 else {}))) for n in range(3)] for p in range(3)]
    en_vol: Any = deque((paquet, Future()) for paquet in paquets)
    attendus = [[(r.valide, r.erreurs) for r in _valider_paquet(paquet)] for paquet in paquets]
    lus = []
    while en_vol:
        paquet, futur = en_vol.popleft()
        lus.append([(r.valide, r.erreurs) for r in _attendre(paquet, futur, en_vol) if r])
    assert lus == attendus
    assert attendus[0][2][0] is False and attendus[0][0][0] is True

    import threading

    demarre: Future[Any] = Future()
    assert demarre.set_running_or_notify_cancel(), "a worker has started this one"
    en_vol = deque([(paquets[1], Future()), (paquets[2], Future())])

    def finir_quand_tout_est_repris() -> None:
        while not all(f.done() for _, f in list(en_vol)):
            threading.Event().wait(0.01)
        demarre.set_result(["fait par l'ouvrier"])

    threading.Thread(target=finir_quand_tout_est_repris, daemon=True).start()
    assert _attendre(paquets[0], demarre, en_vol) == ["fait par l'ouvrier"]
    assert [[(r.valide, r.erreurs) for r in f.result()] for _, f in en_vol] == attendus[1:]
