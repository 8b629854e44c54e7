"""Issue 18 point 19: the demo catalogue's texts are data files (catalogue/demo/data/), read by the
generator; a mistake in a file is said with the file and the place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalogue.demo import modeles


def test_the_data_files_make_the_catalogue_templates():
    assert len(modeles.PORTEURS) == 24 and len(modeles.MOBILISATIONS) == 4
    mobilite = modeles.PORTEURS["plateforme-mobilite"]
    assert mobilite.offres[0].rythmes == (modeles.Rythme(2.0, 1),)
    assert isinstance(mobilite.offres[0].publics[0], tuple), "lists become tuples"
    assert set(modeles.IMPLANTATIONS) == {"62", "35", "48"}
    assert modeles.CENTRES["62498"] == (50.432, 2.833)
    assert len(Path(modeles.__file__).read_text(encoding="utf-8").splitlines()) < 300, \
        "no texts left in the code"


@pytest.fixture
def copie(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    dossier = tmp_path / "data"
    shutil.copytree(modeles.DONNEES, dossier)
    monkeypatch.setattr(modeles, "DONNEES", dossier)
    return dossier


def test_an_unknown_field_names_the_file_and_the_offer(copie: Path):
    fichier = copie / "porteurs" / "01-plateforme-mobilite.json"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace('"type": "accompagnement"',
                                                                     '"typ": "accompagnement"', 1),
                       encoding="utf-8")
    with pytest.raises(modeles.ModeleInvalide, match=r"porteurs/01-plateforme-mobilite.json, offre n° 1 : "
                                                      r"champ inconnu « typ »"):
        modeles.charger_porteurs()


def test_broken_json_names_the_file_and_the_line(copie: Path):
    (copie / "mobilisations.json").write_text('{\n  "libre": {\n', encoding="utf-8")
    with pytest.raises(modeles.ModeleInvalide, match=r"mobilisations.json, ligne 3 : JSON invalide"):
        modeles.charger_mobilisations()


def test_a_new_kind_of_structure_is_a_new_file(copie: Path):
    source = copie / "porteurs" / "13-budget.json"
    nouveau = copie / "porteurs" / "25-budget-bis.json"
    nouveau.write_text(source.read_text(encoding="utf-8").replace('"cle": "budget"',
                                                                  '"cle": "budget-bis"', 1),
                       encoding="utf-8")
    assert "budget-bis" in modeles.charger_porteurs()
