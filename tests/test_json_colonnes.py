"""The JSON columns' serialiser: its fast path writes exactly what `json.dumps` writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from catalogue.json_colonnes import JsonDeja, json_serialiser

_VALEURS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda enfants: st.lists(enfants, max_size=4) | st.dictionaries(st.text(), enfants, max_size=4),
    max_leaves=10,
)


@given(st.lists(st.text()))
def test_listes_de_textes_identiques_a_json_dumps(valeur: list[str]) -> None:
    assert json_serialiser(valeur) == json.dumps(valeur, ensure_ascii=False)


@given(_VALEURS)
def test_toute_valeur_identique_a_json_dumps(valeur: Any) -> None:
    assert json_serialiser(valeur) == json.dumps(valeur, ensure_ascii=False)


def test_cas_limites() -> None:
    for valeur in ([], {}, ["a\\"], ['guillemet "'], ["ligne\nsuivante"], ["é", "\u2028"], None):
        assert json_serialiser(valeur) == json.dumps(valeur, ensure_ascii=False)
    assert json_serialiser(JsonDeja('{"deja": 1}')) == '{"deja": 1}'
