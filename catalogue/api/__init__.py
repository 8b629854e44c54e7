"""The open API for the commons: data·inclusion's surface, its contract, harvesting, access, widget.

| module | role |
|---|---|
| `routes` | data·inclusion's routes (structures, services, searches, sources, référentiels) |
| `parametres` / `reponses` | the marshmallow schemas of the query strings and of the answers |
| `contrat` / `documentation` | the route registry, OpenAPI 3.1 (`/api/openapi.json`), `/api/doc` |
| `requetes` | API parameters -> the one search service's `Requete` |
| `publication` | what is published (published offers, their structures) and how it reads |
| `moisson` | full dumps with ETag / Last-Modified, and the change feed (withdrawals included) |
| `acces` | API keys, rate limits, CORS |
| `widget` | the embeddable `/widget` page |
| `erreurs` | the one error shape |
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from catalogue.api import acces, cli, documentation, erreurs, moisson, routes, widget

    erreurs.init_app(app)
    acces.init_app(app)
    app.register_blueprint(routes.bp)
    app.register_blueprint(moisson.bp)
    app.register_blueprint(documentation.bp)
    app.register_blueprint(widget.bp)
    cli.init_app(app)
