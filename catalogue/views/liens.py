"""Links built many times on one page: the result cards' links to offers and structures.

`url_for` goes through werkzeug's generic URL builder, about 25 µs a call; a search page makes 40
such links, about a twelfth of its CPU. `liens(endpoint, param, **fixes)` calls `url_for` once, with
a placeholder for `param`, and gives a function that puts each value in its place, converted by
the route's converter (`to_url`, werkzeug's public converter API). Each link equals `url_for`'s:
`tests/test_liens.py` checks it on awkward ids, and fails loudly if werkzeug changes either side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, url_for

#: survives the converter unchanged (letters and underscores are never quoted)
_PLACE = "__valeur_du_lien__"


def liens(endpoint: str, param: str, convertisseur: str = "path",
          **fixes: Any) -> Callable[[Any], str]:
    """`url_for(endpoint, **{param: v}, **fixes)` for many values `v` (`param`'s route converter
    is `convertisseur`)."""
    valeurs: dict[str, Any] = {**fixes, param: _PLACE}
    modele = url_for(endpoint, **valeurs)
    avant, _, apres = modele.partition(_PLACE)
    carte = current_app.url_map
    vers_url = carte.converters[convertisseur](carte).to_url

    def lien(valeur: Any) -> str:
        return avant + vers_url(valeur) + apres

    return lien


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(liens=liens)
