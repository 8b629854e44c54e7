"""Serving the app: gunicorn in production, Werkzeug's reloader with `--dev`; what a served app
adds to the factory's (behind a proxy, secure cookies over HTTPS, a log line per request, `/sante`).

`catalogue serve` (production path):
1. brings the database schema to the latest migration (`catalogue.migrations`);
2. runs the startup checks (`catalogue.config.verifier_production`): a failure stops here;
3. catches the search index up with the change journal, rebuilding it if the folder is new or
   too far behind: workers never answer from an empty index;
4. starts gunicorn: `workers` processes (default: the number of cores, at least 2) of `threads`
   threads each (default 4, the `gthread` worker; no keep-alive, `KEEPALIVE_S`; no more
   connections accepted than threads, `CONNEXIONS_PAR_FIL`), each building
   its own app and following the journal in a background thread (`catalogue.rattrapage`).

The served app, whatever the server:
- `PROXY_FIX` = number of proxies in front (0 by default): their `X-Forwarded-For`, `-Proto`,
  `-Host` and `-Prefix` are trusted (Werkzeug's `ProxyFix`), so URLs and `request.is_secure` are
  the visitor's;
- the session cookie is `Secure` whenever the request came over HTTPS (or always, with
  `SESSION_COOKIE_SECURE`);
- one log line per request (`catalogue.requetes`): method, path, status, duration, size;
- `GET /sante` for load balancers: 200 when the database answers and the index follows the
  journal, 503 otherwise (database unreachable, index being rebuilt), with the details in JSON.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from flask import Blueprint, Flask, Response, g, has_request_context, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix

from catalogue import db

journal_requetes = logging.getLogger("catalogue.requetes")

bp = Blueprint("sante", __name__)


def workers_par_defaut() -> int:
    """One process per core (search is CPU-bound Python), at least two so a slow request never
    holds every request back."""
    return max(2, os.cpu_count() or 1)


#: threads per worker (`gthread`): while one waits for PostgreSQL, another computes; sync workers
#: (`--threads 1`) measured 12 % slower on PostgreSQL, 7 % faster on SQLite (`bench/load.py`)
THREADS_PAR_DEFAUT = 4
#: seconds a client's connection stays open between requests: none. A `gthread` worker keeps
#: every connection it accepted, so kept-alive clients stay pinned to whichever worker took them
#: first: 39 of 50 bench users on one worker and 11 on the other, the first saturated, the other
#: half idle (`bench/load.py`, 2026-12-07). Closed after each answer, each new connection goes
#: to a free worker. Behind a proxy that opens a connection per request, nothing changes.
KEEPALIVE_S = 0
#: a `gthread` worker accepts no more connections than it has threads: the others wait in the
#: listening socket's queue, which every worker draws from, so no request waits behind a busy
#: worker while another is free (one shared queue instead of one per worker). gunicorn's default
#: (1,000) let each worker accept whatever came: search page p95 307-315 ms against 209-213 ms
#: with this bound, 276 against 285-291 requests/s (50 users, SQLite, 100,000 offers, 25 s runs,
#: alternated, 2026-12-07). A slow client holds a thread's place until it has sent its request
#: (gunicorn 27 drops a connection silent for 5 s, keep-alive being 0): in production a buffering
#: proxy (nginx) sends whole requests (docs/deploiement.md).
CONNEXIONS_PAR_FIL = 1


# ------------------------------------------------------------------------------------------------
# What a served app adds


class SessionSelonProtocole(SecureCookieSessionInterface):
    """The session cookie is `Secure` when the request came over HTTPS (after `ProxyFix`), or
    always when `SESSION_COOKIE_SECURE` says so."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context()
                                                            and request.is_secure)


def _debut() -> None:
    g.debut_requete = time.perf_counter()


def _journaliser(reponse: Response) -> Response:
    debut = g.pop("debut_requete", None)
    if debut is not None:
        duree_ms = (time.perf_counter() - debut) * 1000
        journal_requetes.info('%s "%s %s" %d %.1f ms %s o', request.remote_addr or "-",
                              request.method, request.full_path.rstrip("?"), reponse.status_code,
                              duree_ms, reponse.content_length if reponse.content_length
                              is not None else "-")
    return reponse


@bp.get("/sante")
def sante() -> tuple[Response, int]:
    """Health for load balancers: database reachable, index lag in changes and seconds."""
    from flask import current_app

    from catalogue.rattrapage import etat
    from catalogue.recherche import index_de

    corps: dict[str, Any] = {"base": {"ok": True}, "index": None}
    try:
        with db.session_scope() as session:
            session.execute(text("SELECT 1"))
        retard = etat(db.engine(), current_app.config["SEARCH_INDEX_DIR"])
    except Exception as exc:  # noqa: BLE001 - the answer says what failed
        corps["base"] = {"ok": False, "message": f"base de données injoignable : "
                                                 f"{str(exc).splitlines()[0][:200]}"}
        corps["statut"] = "erreur"
        return jsonify(corps), 503
    corps["index"] = {
        "sequence": retard.sequence_index, "sequence_base": retard.sequence_base,
        "retard_changements": retard.retard_changements,
        "retard_secondes": retard.retard_secondes, "reconstruction": retard.reconstruction,
        "segments": index_de(current_app.config["SEARCH_INDEX_DIR"]).nombre_segments(),
    }
    if retard.reconstruction:
        corps["statut"] = "reconstruction"
        corps["message"] = "index de recherche en cours de reconstruction depuis la base"
        return jsonify(corps), 503
    corps["statut"] = "ok"
    return jsonify(corps), 200


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
    app.session_interface = SessionSelonProtocole()
    app.before_request(_debut)
    app.after_request(_journaliser)
    app.register_blueprint(bp)


# ------------------------------------------------------------------------------------------------
# gunicorn


def options_gunicorn(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "keepalive": KEEPALIVE_S,
        "worker_connections": threads * CONNEXIONS_PAR_FIL,
        "timeout": 120,  # a worker silent this long is restarted (a big upload is streamed)
        "graceful_timeout": 30,
        "accesslog": None,  # the app logs each request itself (`catalogue.requetes`)
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "catalogue",
    }


def servir_gunicorn(options: dict[str, Any]) -> None:
    """Run gunicorn in this process (it forks the workers); returns when it stops."""
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self) -> None:
            for cle, valeur in options.items():
                self.cfg.set(cle, valeur)

        def load(self) -> Flask:
            """In each worker, after the fork: its own app, engine and journal follower, and the
            search index read into memory before the worker takes its first request (100,000
            offers take seconds to read: the first searches would otherwise wait for it)."""
            from catalogue import create_app
            from catalogue.rattrapage import demarrer
            from catalogue.recherche import index_de

            app = create_app()
            index_de(app.config["SEARCH_INDEX_DIR"]).vue()
            demarrer(app)
            return app

    Application().run()


def configurer_journaux() -> None:
    """One line per event on stderr, request lines included."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s")
