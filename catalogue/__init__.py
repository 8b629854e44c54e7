"""Catalogue des offres d'insertion: app factory.

`create_app(config=None)` loads defaults, then the environment (`DATABASE_URL`, `SEARCH_INDEX_DIR`,
`SECRET_KEY`, or any `CATALOGUE_*` key), then the mapping given (tests). Blueprints and subsystems are
registered explicitly; nothing is wired by import side effects.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    racine = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("CATALOGUE_INSTANCE", os.path.join(racine, "instance")),
        template_folder=os.path.join(racine, "templates"),
        static_folder=os.path.join(racine, "catalogue", "static"),
    )
    from catalogue import config as configuration

    app.config.from_mapping(configuration.defauts(app.instance_path))
    app.config.from_mapping(configuration.depuis_environnement())
    app.config.from_prefixed_env("CATALOGUE")
    if config:
        app.config.from_mapping(config)
    os.makedirs(app.instance_path, exist_ok=True)

    from catalogue import protections
    from catalogue.api import init_app as init_api
    from catalogue.cli import init_app as init_cli
    from catalogue.curation import init_app as init_curation
    from catalogue.db import init_app as init_db
    from catalogue.programmes import init_app as init_programmes
    from catalogue.rattrapage import init_app as init_rattrapage
    from catalogue.recherche import init_app as init_recherche
    from catalogue.serveur import init_app as init_serveur
    from catalogue.views import init_app as init_views

    protections.preparer(app)
    protections.init_app(app)
    init_db(app)
    init_recherche(app)
    init_rattrapage(app)
    init_curation(app)
    init_views(app)
    init_programmes(app)
    init_api(app)
    init_serveur(app)
    init_cli(app)
    return app
