"""CSRF protection for every form that changes something (synchroniser token pattern).

Each session holds one random token; every POST, PUT, PATCH or DELETE must carry it back, in the
form field `csrf_token` or the `X-CSRF-Token` header, or gets a 400 in French. Templates write the
field with `{{ champ_csrf() }}`. The check covers the whole application, not only curation: a form
added elsewhere (programmes) is protected as soon as it exists, and fails loudly until it carries
the token. SameSite=Lax cookies are a second line, not the only one.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, abort, request, session
from markupsafe import Markup, escape

CLE = "_csrf"
CHAMP = "csrf_token"
ENTETE = "X-CSRF-Token"
METHODES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def jeton() -> str:
    """This session's token (created on first use)."""
    if CLE not in session:
        session[CLE] = secrets.token_urlsafe(32)
    return str(session[CLE])


def champ_csrf() -> Markup:
    return Markup(f'<input type="hidden" name="{CHAMP}" value="{escape(jeton())}">')


def verifier() -> None:
    if request.method not in METHODES:
        return
    attendu = session.get(CLE)
    recu = request.form.get(CHAMP) or request.headers.get(ENTETE) or ""
    if not attendu or not hmac.compare_digest(str(attendu), recu):
        abort(400, description="Formulaire expiré ou envoyé d'ailleurs (jeton de sécurité "
              "absent ou invalide). Rechargez la page et recommencez.")


def init_app(app: Flask) -> None:
    app.before_request(verifier)
    app.jinja_env.globals.update(champ_csrf=champ_csrf, jeton_csrf=jeton)
