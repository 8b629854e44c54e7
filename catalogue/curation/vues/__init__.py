"""The curation workspace's pages (under `/curation/`), one blueprint per area, all registered by
`catalogue.views.init_app`. Views are thin: they read the form, call `catalogue.curation.services`,
commit, and redirect (post/redirect/get) or show the form again with its errors, keeping what was
typed."""

from __future__ import annotations

from flask import Blueprint

from catalogue.curation.vues import (
    comptes,
    couverture,
    doublons,
    doublons_structures,
    edition,
    qualite,
    revue,
    televersement,
)

BLUEPRINTS: tuple[Blueprint, ...] = (comptes.bp, revue.bp, edition.bp, qualite.bp, doublons.bp,
                                     doublons_structures.bp, couverture.bp, televersement.bp)
