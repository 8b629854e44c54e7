"""Web views: one blueprint per area, registered explicitly."""

from __future__ import annotations

from flask import Flask

from catalogue.views import filtres, imports, pages


def init_app(app: Flask) -> None:
    filtres.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(imports.bp)
