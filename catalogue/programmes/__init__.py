"""15-hour programmes: assemble, check, suggest and export a person's weekly activity plan.

Modules, from the pure core outwards:
- `heures`: weekly slots, weeks, weekly hours of an activity, opening hours (opening-hours-py);
- `plan`: a programme as plain values (`Plan`, `ActivitePlan`) and its week-by-week table;
- `eligibilite`: data·inclusion's eligibility (commune zones, publics) and nearness;
- `controles`: the findings shown on a programme (clashes, freins, eligibility, offer status…);
- `suggestion`: « Proposer un programme », pure over a list of candidate offers;
- `schema`, `echange`: the JSON exchange format (versioned, JSON Schema in docs/);
- `models`, `validation`, `service`: tables, input rules, the functions pages and CLI share;
- `exports`, `views`, `cli`, `demo`: the front ends.

Wiring: `init_app(app)` registers the blueprint and the `programme` command group; importing
`catalogue.programmes.models` registers the tables on SQLModel's metadata.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from catalogue.programmes import models  # noqa: F401  (tables on the metadata)
    from catalogue.programmes.cli import groupe
    from catalogue.programmes.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(groupe)
