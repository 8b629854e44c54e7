"""The API's one error shape, in French, for every status (400, 401, 404, 405, 422, 429, 500).

    {"detail": [{"loc": ["query", "thematiques"], "msg": "Valeur inconnue « x » …", "type": "…"}]}

It is the shape data·inclusion's API (FastAPI) gives its 422 answers, so a client of data·inclusion
reads ours unchanged; `loc` says where (`query`, `path`, `header`) and which parameter, `msg` what is
wrong, `type` a stable code for programs.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

#: HTTP status -> (type, French message) when nothing more precise is known
_PAR_STATUT = {
    400: ("requete_invalide", "Requête mal formée."),
    401: ("cle_invalide", "Clé d'API inconnue ou révoquée."),
    404: ("introuvable", "Adresse inconnue de l'API (voir /api/doc)."),
    410: ("flux_elague", "Ces changements ne sont plus disponibles : reprenez les exports."),
    405: ("methode_non_permise", "Méthode non permise : l'API se lit en GET."),
    422: ("parametre_invalide", "Paramètre invalide."),
    429: ("trop_de_requetes", "Trop de requêtes : réessayez plus tard, ou demandez une clé d'API."),
    500: ("erreur_interne", "Erreur interne : l'équipe est prévenue."),
}


class ErreurApi(Exception):
    """An API answer other than 200: status, where (`loc`) and the French message."""

    def __init__(self, statut: int, message: str, loc: tuple[str, ...] = (),
                 type_: str | None = None) -> None:
        super().__init__(message)
        self.statut = statut
        self.erreurs = [(loc, message, type_ or _PAR_STATUT.get(statut, ("erreur", ""))[0])]


def parametres_invalides(erreurs: list[tuple[str, str]]) -> ErreurApi:
    exc = ErreurApi(422, erreurs[0][1])
    exc.erreurs = [(("query", nom), message, "parametre_invalide") for nom, message in erreurs]
    return exc


def corps(erreurs: list[tuple[tuple[str, ...], str, str]]) -> dict[str, Any]:
    return {"detail": [{"loc": list(loc), "msg": msg, "type": type_} for loc, msg, type_ in erreurs]}


def reponse(exc: ErreurApi) -> tuple[Response, int]:
    return jsonify(corps(exc.erreurs)), exc.statut


def _est_api() -> bool:
    return request.path.startswith("/api/")


def _http(exc: HTTPException) -> Any:
    """HTTP errors under /api/ answer JSON in the one shape; elsewhere the site's French page."""
    if not _est_api():
        from catalogue.views.erreurs import repondre

        return repondre(exc)
    statut = exc.code or 500
    type_, message = _PAR_STATUT.get(statut, ("erreur", exc.description or ""))
    corps_ = corps([((), message, type_)])
    sortie = exc.get_response()
    sortie.set_data(jsonify(corps_).get_data())
    sortie.mimetype = "application/json"
    return sortie


def init_app(app: Flask) -> None:
    app.register_error_handler(ErreurApi, reponse)
    app.register_error_handler(HTTPException, _http)
