"""Files read as streams (issue 17 point 10): the edge cases of a window moving over the file.

A JSON array is read element by element through a window of a few tens of kilobytes, a CSV or a
JSON Lines file line by line. These tests put what matters (a break, a long record, an array
after a broken one) beyond the first window, where a reader holding the whole file and a
streaming one could differ.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from importers import importer_pour
from importers.base import Rapport, importer
from importers.lecture import TRANCHE, Flux, elements_tableau, ouvrir_texte
from tests.fabriques import service, structure


def importer_fichiers(engine: Any, *chemins: Path) -> Rapport:
    return importer(importer_pour(list(chemins)), engine, revue=False)


def elements(chemin: Path) -> list[Any]:
    with Flux(ouvrir_texte(chemin)) as flux:
        flux.caractere()
        return list(elements_tableau(flux))


def beaucoup(n: int, **champs: Any) -> list[dict[str, Any]]:
    """`n` services of structure 1, together larger than several windows."""
    return [service(i, description=f"Atelier {i} : " + "é" * 200, **champs)
            for i in range(1, n + 1)]


def test_elements_keep_their_line_across_windows(tmp_path: Path):
    texte = json.dumps(beaucoup(600), ensure_ascii=False, indent=1)
    assert len(texte) > 3 * TRANCHE
    chemin = tmp_path / "services.json"
    chemin.write_text(texte, encoding="utf-8")
    lus = elements(chemin)
    assert [e.valeur for e in lus] == beaucoup(600) and not any(e.erreur for e in lus)
    lignes = texte.split("\n")
    assert all(lignes[e.ligne - 1] == " {" and f'"test--o{e.numero}"' in lignes[e.ligne + 2]
               for e in lus)


def test_a_record_longer_than_the_window_is_read_whole(tmp_path: Path):
    long = "x" * (5 * TRANCHE)
    chemin = tmp_path / "long.json"
    chemin.write_text(json.dumps([{"a": 1}, {"description": long}, 12345678901234567890]),
                      encoding="utf-8")
    assert [e.valeur for e in elements(chemin)] == [{"a": 1}, {"description": long},
                                                    12345678901234567890]


def test_a_break_far_in_the_file_keeps_what_came_before_and_says_its_line(engine: Any,
                                                                           tmp_path: Path):
    texte = json.dumps({"structures": [structure(1)], "services": beaucoup(600)},
                       ensure_ascii=False, indent=1)
    casse = texte.index('"test--o500"')
    chemin = tmp_path / "catalogue.json"
    chemin.write_text(texte[:casse] + "," + texte[casse:], encoding="utf-8")
    rapport = importer_fichiers(engine, chemin)
    statuts = [i.status for i in rapport.items]
    assert statuts == ["created"] * 500 + ["rejected"], "499 services before the break kept"
    ligne = texte.count("\n", 0, casse) + 1
    message = rapport.items[-1].errors[0]["message"]
    assert message.startswith(f"JSON invalide ligne {ligne}, colonne ") and "gardés" in message
    assert rapport.items[-1].lieu.endswith(f"services n° 500 (ligne {ligne})")


def test_a_file_cut_far_in_the_middle_is_said_truncated(engine: Any, tmp_path: Path):
    texte = json.dumps({"structures": [structure(1)], "services": beaucoup(400)}, indent=1)
    chemin = tmp_path / "catalogue.json"
    chemin.write_text(texte[: texte.index('"test--o300"')], encoding="utf-8")
    rapport = importer_fichiers(engine, chemin)
    assert [i.status for i in rapport.items] == ["created"] * 300 + ["rejected"]
    assert "JSON tronqué" in rapport.items[-1].errors[0]["message"]


def test_a_broken_structures_array_does_not_hide_the_services_after_it(engine: Any,
                                                                      tmp_path: Path):
    bonnes = json.dumps([structure(1)] + [structure(n) for n in range(2, 400)], indent=1)
    services = json.dumps(beaucoup(3), indent=1)
    chemin = tmp_path / "catalogue.json"
    chemin.write_text('{"structures": ' + bonnes[:-2] + ',\n {"id": oups},\n {}\n ],\n'
                      ' "services": ' + services + "}", encoding="utf-8")
    rapport = importer_fichiers(engine, chemin)
    kinds = [(i.kind, i.status) for i in rapport.items]
    assert kinds[:399] == [("structure", "created")] * 399
    assert kinds[399][1] == "rejected" and "JSON invalide" in rapport.items[399].errors[0]["message"]
    assert kinds[400:] == [("service", "created")] * 3


def test_structures_come_first_wherever_their_array_stands(engine: Any, tmp_path: Path):
    chemin = tmp_path / "catalogue.json"
    chemin.write_text(json.dumps({"services": beaucoup(300), "total": 300,
                                  "structures": [structure(1)]}), encoding="utf-8")
    rapport = importer_fichiers(engine, chemin)
    assert [(i.kind, i.status) for i in rapport.items] == (
        [("structure", "created")] + [("service", "created")] * 300)


def test_utf16_json_and_a_lone_object_with_trailing_garbage(engine: Any, tmp_path: Path):
    seize = tmp_path / "structures.json"
    seize.write_text(json.dumps([structure(1)], ensure_ascii=False), encoding="utf-16")
    assert [i.status for i in importer_fichiers(engine, seize).items] == ["created"]
    seul = tmp_path / "structure.json"
    seul.write_text(json.dumps(structure(2)) + "\n]", encoding="utf-8")
    rapport = importer_fichiers(engine, seul)
    assert len(rapport.items) == 1 and rapport.items[0].status == "rejected"
    assert "JSON invalide ligne 2, colonne 1" in rapport.items[0].errors[0]["message"]


def test_json_lines_are_read_line_by_line(engine: Any, tmp_path: Path):
    chemin = tmp_path / "export.jsonl"
    lignes = [json.dumps(structure(1))] + [json.dumps(s) for s in beaucoup(300)]
    lignes.insert(200, '{"id": "coupé')
    chemin.write_text("\r\n".join(lignes) + "\r\n", encoding="utf-8")
    rapport = importer_fichiers(engine, chemin)
    rejets = [i for i in rapport.items if i.status == "rejected"]
    assert len(rapport.items) == 302 and len(rejets) == 1
    assert rejets[0].lieu.endswith("ligne 201") and "ligne ignorée" in rejets[0].errors[0]["message"]


def test_producer_csv_with_an_oversize_cell_keeps_its_neighbours_and_says_the_row(
        engine: Any, tmp_path: Path):
    structures = tmp_path / "structures.csv"
    with structures.open("w", encoding="utf-8", newline="") as f:
        ecrivain = csv.writer(f)
        ecrivain.writerow(["__ignore__", "source", "id", "nom", "date_maj"])
        for n in range(1, 101):
            nom = "x" * 200_000 if n == 60 else f"Structure {n}"
            ecrivain.writerow(["", "test", f"test--s{n}", nom, "2025-06-01"])
    rapport = importer_fichiers(engine, structures)
    assert [i.status for i in rapport.items] == ["created"] * 99
    assert any("ligne 61" in m and "dépasse" in m for m in rapport.run["messages"])
