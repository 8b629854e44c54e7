"""How JSON columns are written: raw records as received (spreadsheets give dates and decimals),
and values an import worker already serialised (`JsonDeja`), stored as they are.

A module of its own because both the engine (`catalogue.db`) and the write functions
(`catalogue.services`) need it, and neither may import the other at load time.
"""

from __future__ import annotations

import json
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
    """The engine's `json_serializer`."""
    if isinstance(valeur, JsonDeja):
        return valeur
    return json.dumps(valeur, ensure_ascii=False, default=json_defaut)
