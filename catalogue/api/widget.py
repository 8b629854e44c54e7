"""The embeddable widget: `/widget?code_commune=62498&freins=mobilite` in a partner's `<iframe>`.

A small standalone page (no site navigation), rendered on the server: it works without JavaScript,
every link and page control is reachable with the keyboard. It shows the offers the person is
eligible for — asked from the one search service like every other door — with their weekly hours
and opening times, each linking back to its page in the catalogue. Unlike the rest of the site, the
page may be shown in an `<iframe>` by any site (`@integrable`: no frame protection).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from catalogue.api import requetes, routes
from catalogue.api.erreurs import ErreurApi, parametres_invalides
from catalogue.api.parametres import ParametresInvalides, Widget, lire
from catalogue.protections import integrable
from catalogue.referentiels import territoires

bp = Blueprint("widget", __name__)

TAILLE_WIDGET = 10
_SCHEMA = Widget()


@bp.get("/widget")
@integrable
def widget() -> ResponseReturnValue:
    try:
        p = _parametres()
        req = requetes.requete_recherche({**p, "size": TAILLE_WIDGET})
        page = routes.chercher(req)
    except ErreurApi as exc:
        return _rendre(erreur=exc.erreurs[0], statut=exc.statut)
    commune = territoires.commune(req.commune) if req.commune else None
    return _rendre(page=page, commune=commune, premier=(req.page - 1) * TAILLE_WIDGET + 1,
                   precedente=_lien(req.page - 1, page),
                   suivante=_lien(req.page + 1, page))


def _parametres() -> dict[str, Any]:
    try:
        return lire(_SCHEMA, request.args)
    except ParametresInvalides as exc:
        raise parametres_invalides(exc.erreurs) from None


def _lien(numero: int, page: dict[str, Any]) -> str | None:
    if numero < 1 or numero > page["pages"]:
        return None
    paires = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    return "?" + urlencode([*paires, ("page", str(numero))])


def _rendre(statut: int = 200, **contexte: Any) -> ResponseReturnValue:
    reponse = render_template("api/widget.html", **{"page": None, "commune": None,
                                                   "erreur": None, **contexte})
    return reponse, statut
