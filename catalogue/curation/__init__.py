"""Curation workspace for animateurs de référencement (everything under `/curation/`).

- `acces`: accounts (argon2), sessions, roles and the territory rule; `csrf`: form tokens;
- `moderation`: what an import does to curated records (review queue, conflicts);
- `historique`: who changed what, when;
- `services`: hand edits, approvals, rejections, conflicts, "toujours à jour", archive, merges —
  all through `catalogue.services`, the one write path;
- `formulaires`: the edit forms, validated by `catalogue.validation` (the importers' rules);
- `qualite`: the official score in words, the "à compléter" and "à actualiser" lists;
- `doublons`: duplicate candidates, scored; `couverture`: the EPCI × frein matrix;
- `vues`: the blueprint; `cli`: `catalogue users`.
"""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask.typing import ResponseReturnValue

from catalogue.curation import acces, csrf


def _rediriger_fusionnees() -> ResponseReturnValue | None:
    """The public page of an offer or a structure merged into another leads to the one kept
    (301)."""
    if request.endpoint not in ("pages.offre", "pages.structure") or not request.view_args:
        return None
    from catalogue import db
    from catalogue.curation import fusion_structures
    from catalogue.curation.services import redirection

    if request.endpoint == "pages.structure":
        nouvelle = fusion_structures.redirection(
            db.session(), str(request.view_args.get("structure_id")))
        return redirect(url_for("pages.structure", structure_id=nouvelle), 301) if nouvelle else None
    nouvel = redirection(db.session(), str(request.view_args.get("offre_id")))
    return redirect(url_for("pages.offre", offre_id=nouvel), 301) if nouvel else None


def init_app(app: Flask) -> None:
    acces.init_app(app)
    csrf.init_app(app)
    app.before_request(_rediriger_fusionnees)
    from catalogue.curation.historique import libelle_champ

    app.jinja_env.globals.update(libelle_champ=libelle_champ)
