"""Web views: one blueprint per area, registered explicitly."""

from __future__ import annotations

from flask import Flask

from catalogue.curation.vues import BLUEPRINTS as CURATION
from catalogue.views import erreurs, filtres, imports, liens, pages, recherche


def init_app(app: Flask) -> None:
    filtres.init_app(app)
    liens.init_app(app)
    erreurs.init_app(app)
    app.register_blueprint(recherche.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(imports.bp)
    for bp in CURATION:
        app.register_blueprint(bp)
