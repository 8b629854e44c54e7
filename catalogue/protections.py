"""HTTP-level protections for the whole application (`docs/securite.md`).

- **Request sizes, per route.** A request body may be at most `MAX_CONTENT_LENGTH` bytes
  (`LIMITE_CORPS` by default: forms), and one form field at most `MAX_FORM_MEMORY_SIZE`
  (`LIMITE_CHAMP`); a view that takes more — a file upload — says so with
  `@taille_max(octets)`, its own limit for the body (the per-field limit stays for the text
  fields of a multipart form; files are streamed to disk by Werkzeug). Past a limit: 413 with a
  French message.
- **No 500 on odd input.** `<int:…>` in URLs takes 1 to 2,147,483,647 (the databases' integer):
  anything larger is a 404; a NUL character in the path, the query string or a form field is a
  400 (PostgreSQL refuses it in text).
- **Headers.** Every answer carries a Content-Security-Policy with no inline script (inline
  styles stay allowed: the programme pages and the printable page use a few),
  `X-Content-Type-Options: nosniff`, a `Referrer-Policy`, and frame protection
  (`frame-ancestors 'none'`, `X-Frame-Options: DENY`) — except the views marked
  `@integrable`, meant to be shown in an `<iframe>` on other sites.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import Flask, abort, current_app, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DataError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter, Map
from werkzeug.wrappers import Response

F = TypeVar("F", bound=Callable[..., Any])

#: body of an ordinary request (forms, API calls): the biggest curation form is a few kB
LIMITE_CORPS = 1024 * 1024
#: one form field: the longest v1 text is 10,000 characters (40 kB in UTF-8 at worst)
LIMITE_CHAMP = 64 * 1024
#: form fields in one request
LIMITE_CHAMPS = 1000
#: what an upload's body may carry beyond its files' limit (the multipart form around them): a
#: little too big is still read, so the view says so in its own words
ENVELOPPE = 1024 * 1024
#: the largest integer a URL may carry (PostgreSQL `integer`)
ENTIER_MAX = 2**31 - 1

_ATTRIBUT_TAILLE = "_taille_max_corps"
_ATTRIBUT_INTEGRABLE = "_integrable"


def taille_max(octets: int | str) -> Callable[[F], F]:
    """Let a view (an upload) receive bodies up to `octets` — a number, or the name of a
    configuration key holding it — instead of `MAX_CONTENT_LENGTH`. Such a view reads its form
    itself (after its own checks: the NUL scan of ordinary forms is left to it).

        @bp.post("/televerser")
        @taille_max("TELEVERSEMENT_TAILLE_MAX")
        def televerser(): ...
    """
    def marquer(vue: F) -> F:
        setattr(vue, _ATTRIBUT_TAILLE, octets)
        return vue
    return marquer


def integrable(vue: F) -> F:
    """Let other sites show this view in an `<iframe>` (a widget): no frame protection on its
    answers; the rest of the Content-Security-Policy stays."""
    setattr(vue, _ATTRIBUT_INTEGRABLE, True)
    return vue


def _vue() -> Any:
    return current_app.view_functions.get(request.endpoint or "")


# ------------------------------------------------------------------------------------------------
# Sizes and odd characters


def _borner_la_requete() -> None:
    """The view's own body limit (`@taille_max`), else the configuration's (`MAX_CONTENT_LENGTH`,
    `LIMITE_CORPS` by default); per field `MAX_FORM_MEMORY_SIZE`."""
    limite = getattr(_vue(), _ATTRIBUT_TAILLE, None)
    if isinstance(limite, str):
        limite = int(current_app.config[limite])
    if limite is not None:  # the files' limit, plus the form around them
        request.max_content_length = limite + ENVELOPPE
    request.max_form_parts = LIMITE_CHAMPS


def _refuser_nul() -> None:
    if "\x00" in request.path or "%00" in request.query_string.decode("latin-1"):
        abort(400, description="Adresse invalide : caractère nul.")
    if hasattr(_vue(), _ATTRIBUT_TAILLE):
        return  # an upload: its view checks the size first, then reads its form
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        limite = current_app.config["MAX_FORM_MEMORY_SIZE"] or LIMITE_CHAMP
        for nom, valeur in request.form.items(multi=True):
            if len(valeur) > limite:
                raise _TropGros(f"Le champ « {nom[:50]} » est trop long : au plus "
                                f"{limite // 1024} Kio. Rien n'a été enregistré.")
            if "\x00" in valeur:
                abort(400, description=f"Le champ « {nom[:50]} » contient un caractère nul : "
                      "rien n'a été enregistré.")


class _TropGros(RequestEntityTooLarge):
    def __init__(self, description: str) -> None:
        super().__init__(description=description)


def refuser_fichiers_trop_gros(limite: int) -> NoReturn:
    """For an upload view: its files, once received, weigh more than `limite` bytes (the body
    limit lets the form around them through)."""
    raise _TropGros(f"Fichiers trop volumineux : au plus {limite // 1024} Kio. Rien n'a été "
                    "enregistré.")


def _trop_gros(exc: RequestEntityTooLarge) -> ResponseReturnValue:
    limite = request.max_content_length or LIMITE_CORPS
    message = exc.description if isinstance(exc, _TropGros) else (
        f"Requête trop volumineuse : au plus {limite // 1024} Kio pour cette page. Rien n'a "
        "été enregistré.")
    return Response(message, status=413, mimetype="text/plain")


class EntierBorne(IntegerConverter):
    """`<int:…>` limited to what the databases store: 99999999999 is a 404, not a 500."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", ENTIER_MAX)
        super().__init__(map, *args, **kwargs)


def entier(valeur: Any) -> int | None:
    """An integer from a form or a query string (a version, an id), None when absent, not a
    number or beyond what the databases store."""
    try:
        nombre = int(str(valeur))
    except ValueError:
        return None
    return nombre if -ENTIER_MAX <= nombre <= ENTIER_MAX else None


def entier_borne(valeur: Any, defaut: int, maximum: int = 100_000) -> int:
    """A number from a query string (`page`…), between 1 and `maximum`; `defaut` when absent or
    not a number."""
    try:
        nombre = int(str(valeur)) if valeur not in (None, "") else defaut
    except ValueError:
        return defaut
    return min(max(1, nombre), maximum)


# ------------------------------------------------------------------------------------------------
# Headers

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'")


def _entetes(reponse: Response) -> Response:
    integrable_ = getattr(_vue(), _ATTRIBUT_INTEGRABLE, False)
    politique = CSP + ("" if integrable_ else "; frame-ancestors 'none'")
    reponse.headers.setdefault("Content-Security-Policy", politique)
    reponse.headers.setdefault("X-Content-Type-Options", "nosniff")
    reponse.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if not integrable_:
        reponse.headers.setdefault("X-Frame-Options", "DENY")
    return reponse


def preparer(app: Flask) -> None:
    """Before any blueprint is registered: the bounded `int` converter."""
    app.url_map.converters["int"] = EntierBorne


def _hors_limites(_exc: Exception) -> ResponseReturnValue:
    """Last line: a number or a text the database cannot store is the request's fault (400),
    not the server's (500). Views bound their inputs first (`entier`, `entier_borne`)."""
    return Response("Valeur hors limites dans la requête : rien n'a été enregistré.", status=400,
                    mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.before_request(_borner_la_requete)
    app.before_request(_refuser_nul)
    app.after_request(_entetes)
    app.register_error_handler(RequestEntityTooLarge, _trop_gros)
    app.register_error_handler(OverflowError, _hors_limites)
    app.register_error_handler(DataError, _hors_limites)
