"""Error pages in French, in the site's layout, with a way back (the API answers its own JSON:
`catalogue.api.erreurs`, which hands every other path to `repondre`).

Werkzeug's default descriptions are English: an error raised with our own French `description`
keeps it, any other gets the French text of its status."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

journal = logging.getLogger(__name__)

TITRES = {
    400: ("Demande incorrecte", "La demande n'a pas pu être comprise : un paramètre manque ou "
                                "n'est pas valide."),
    401: ("Connexion nécessaire", "Connectez-vous pour voir cette page."),
    403: ("Accès refusé", "Votre compte ne donne pas accès à cette page."),
    404: ("Page introuvable", "Cette adresse ne correspond à aucune page : elle a peut-être changé, "
                              "ou l'offre a été retirée du catalogue."),
    405: ("Action impossible ici", "Cette adresse ne s'utilise pas de cette façon (méthode non permise)."),
    413: ("Envoi trop gros", "Le fichier ou le formulaire envoyé dépasse la taille permise."),
    429: ("Trop de demandes", "Trop de demandes en peu de temps : attendez un peu et recommencez."),
    500: ("Erreur du serveur", "Une erreur inattendue s'est produite de notre côté. Rien n'a été "
                               "perdu de ce qui était déjà enregistré ; réessayez dans un moment."),
}


def titre_et_message(exc: HTTPException) -> tuple[str, str]:
    code = exc.code or 500
    titre, defaut = TITRES.get(code, (f"Erreur {code}", "La demande n'a pas abouti."))
    description = exc.description or ""
    anglais = description == type(exc).description or code == 500
    return titre, defaut if anglais or not description else description


def repondre(exc: HTTPException) -> ResponseReturnValue:
    code = exc.code or 500
    if isinstance(exc, InternalServerError) and exc.original_exception is not None:
        journal.error("Erreur non traitée sur %s", request.path, exc_info=exc.original_exception)
    titre, message = titre_et_message(exc)
    try:
        page = render_template("erreur.html", code=code, titre=titre, message=message)
    except Exception:  # noqa: BLE001 — the layout itself failed (database down…): plain text
        page = f"<!doctype html><html lang=fr><title>{titre}</title><h1>{titre}</h1><p>{message}</p>"
    return page, code, dict(exc.get_headers()) | {"Content-Type": "text/html; charset=utf-8"}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, repondre)
