"""The marshmallow schemas restricted to a record's fields (`validation._schema_pour`), and the lean
field loop of `validation._SchemaPlat`, give exactly what the full schemas and marshmallow's own loop
give: same data, same errors, same order."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import Schema, ValidationError

from catalogue import validation
from catalogue.models import CHAMPS_SERVICE, CHAMPS_STRUCTURE
from tests.fabriques import service, structure

SERVICES = [
    service(),
    service(courriel="a@b.fr", latitude="50,4", longitude=2.8, adresse="1 rue", code_postal="62300",
            lien_source="https://exemple.fr", nombre_semaines=4, volume_horaire_hebdomadaire=3),
    {"source": "test", "id": "test--x"},  # most required fields missing
    service(thematiques=["inconnue", "mobilite--preparer-son-permis-de-conduire"], frais="cher",
            publics=["tous-publics", "jeunes"], nombre_semaines=0, courriel="pas un courriel",
            date_maj="2999-01-01", code_insee="00000", volume_horaire_hebdomadaire="beaucoup"),
    service(nom=12, description=["liste"], modes_accueil="en-presentiel, a-distance"),
]
STRUCTURES = [structure(), structure(siret="123", site_web="exemple"), {"id": "x"}]


CAS = ([(validation._SCHEMA_SERVICE, CHAMPS_SERVICE, b) for b in SERVICES]
       + [(validation._SCHEMA_STRUCTURE, CHAMPS_STRUCTURE, b) for b in STRUCTURES])


def _charge(schema: Any, propre: dict[str, Any]) -> tuple[Any, Any]:
    try:
        return schema.load(propre), None
    except ValidationError as exc:
        return None, exc.messages


@pytest.mark.parametrize(("schema", "champs", "brut"), CAS)
def test_schema_restreint_meme_resultat_que_le_schema_complet(schema: Any, champs: Any,
                                                              brut: dict[str, Any]) -> None:
    propre, _ = validation.nettoyer(brut, champs)
    restreint = validation._schema_pour(schema, propre)
    assert set(restreint.load_fields) < set(schema.load_fields), "absent fields are not visited"
    donnees, erreurs = _charge(restreint, propre)
    attendu_donnees, attendu_erreurs = _charge(schema, propre)
    assert donnees == attendu_donnees
    assert erreurs == attendu_erreurs
    assert list(erreurs or {}) == list(attendu_erreurs or {}), "errors in the same order"


@pytest.mark.parametrize(("schema", "champs", "brut"), CAS)
def test_boucle_legere_meme_resultat_que_celle_de_marshmallow(
        schema: Any, champs: Any, brut: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    propre, _ = validation.nettoyer(brut, champs)
    propre["_inconnu"] = "ignoré"  # unknown keys are left out by both
    leger = _charge(type(schema)(), propre)
    en_liste = _charge(type(schema)(many=True), [propre, brut])  # goes to marshmallow's loop
    monkeypatch.setattr(validation._SchemaPlat, "_deserialize", Schema._deserialize)
    attendu = _charge(type(schema)(), propre)
    assert leger == attendu
    assert list(leger[1] or {}) == list(attendu[1] or {}), "errors in the same order"
    assert en_liste == _charge(type(schema)(many=True), [propre, brut])


def test_au_dela_du_plafond_le_schema_complet_sert(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "_RESTREINTS", {})
    monkeypatch.setattr(validation, "_RESTREINTS_MAX", 1)
    schema = validation._SCHEMA_SERVICE
    premier = validation._schema_pour(schema, {"id": "a"})
    assert premier is not schema and validation._schema_pour(schema, {"id": "b"}) is premier
    assert validation._schema_pour(schema, {"id": "a", "nom": "Atelier"}) is schema
    resultat = validation.valider_service(service(adresse="1 rue de la Paix"))
    assert resultat.valide and resultat.donnees is not None
    assert resultat.donnees["adresse"] == "1 rue de la Paix"
