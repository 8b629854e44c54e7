"""How JSON columns are written: raw records as received (spreadsheets give dates and decimals),
and values an import worker already serialised (`JsonDeja`), stored as they are.

A module of its own because both the engine (`catalogue.db`) and the write functions
(`catalogue.services`) need it, and neither may import the other at load time.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any


class JsonDeja(str):
    """A value already serialised to JSON: the JSON columns store it as is."""


def json_defaut(valeur: Any) -> Any:
    if isinstance(valeur, date | datetime):
        return valeur.isoformat()
    if isinstance(valeur, set | frozenset):
        return sorted(valeur)
    return str(valeur)


def json_serialiser(valeur: Any) -> str:
    """The engine's `json_serializer`. Lists of plain strings (slugs, zone codes: most JSON values
    an import writes) and empty containers skip `json.dumps`, with byte-identical output."""
    if isinstance(valeur, JsonDeja):
        return valeur
    if type(valeur) is list:
        if not valeur:
            return "[]"
        if all(type(v) is str for v in valeur):
            joint = '", "'.join(valeur)
            if not _A_ECHAPPER.search(joint):
                return f'["{joint}"]'
    elif type(valeur) is dict and not valeur:
        return "{}"
    return _ENCODEUR.encode(valeur)


#: `json.dumps(valeur, ensure_ascii=False, default=json_defaut)` builds this encoder on every call
_ENCODEUR = json.JSONEncoder(ensure_ascii=False, default=json_defaut)
#: the same, keys sorted (fingerprints)
ENCODEUR_TRIE = json.JSONEncoder(ensure_ascii=False, default=json_defaut, sort_keys=True)

#: what `json.dumps(..., ensure_ascii=False)` escapes inside a string
_A_ECHAPPER = re.compile(r'["\\\x00-\x1f]')
