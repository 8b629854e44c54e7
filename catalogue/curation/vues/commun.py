"""Helpers shared by the curation views."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast
from urllib.parse import unquote, urlsplit

from flask import abort, flash, request
from sqlmodel import Session

from catalogue import services
from catalogue.curation import acces
from catalogue.curation import services as curation
from catalogue.curation.moderation import EN_ATTENTE
from catalogue.models import Offer, Revue, Utilisateur
from catalogue.referentiels import territoires

PERIMEE = ("Quelqu'un d'autre a modifié cette offre pendant que vous la lisiez : rien n'a été "
           "enregistré. Rechargez la page pour voir sa version actuelle.")


def utilisateur() -> Utilisateur:
    """The signed-in user (views are guarded by `connexion_requise`)."""
    return cast(Utilisateur, acces.utilisateur_courant())


def departement_choisi(u: Utilisateur) -> str:
    """The département asked (`?departement=`), else the user's first; 403 outside their territory."""
    code = (request.values.get("departement") or (u.departements or ["62"])[0]).strip().upper()
    if territoires.departement(code) is None:
        abort(404, description=f"Département inconnu « {code[:5]} ».")
    if code not in acces.departements_visibles(u):
        abort(403, description="Ce département n'est pas sur votre territoire.")
    return code


def message(texte: str, sorte: str = "succes") -> None:
    flash(texte, sorte)


def suite_sure(suite: str | None) -> str | None:
    """Only a path of this site may be followed after sign-in: no open redirect.

    Browsers drop tabs and new lines from URLs and read `\\` as `/`, so `/\t/evil.example/`
    means `//evil.example/`: any control character, space or backslash is refused (also
    percent-encoded: a proxy may decode them), then the path must start with a single `/` and
    carry neither scheme nor host."""
    if not suite or len(suite) > 2000:
        return None
    for forme in (suite, unquote(suite)):
        if not forme.startswith("/") or forme.startswith("//"):
            return None
        if any(not c.isprintable() or c == "\\" for c in forme):
            return None
    if " " in suite:
        return None
    morceaux = urlsplit(suite)
    if morceaux.scheme or morceaux.netloc:
        return None
    return suite


def item_ou_404(s: Session, revue_id: int) -> Revue:
    item = s.get(Revue, revue_id)
    if item is None:
        abort(404, description=f"Aucun élément n° {revue_id} dans la file de revue.")
    if item.statut != EN_ATTENTE:
        abort(404, description="Cet élément a déjà été traité.")
    return item


def offre_curable_ou_403(s: Session, offre_id: str) -> Offer:
    try:
        return curation.offre_curable(s, offre_id, utilisateur())
    except curation.Interdit as exc:
        abort(403, description=str(exc))
    except curation.Introuvable as exc:
        abort(404, description=str(exc))


def offre_de_revue_ou_403(s: Session, item: Revue) -> Offer:
    try:
        return curation.offre_de_revue(s, item, utilisateur())
    except curation.Interdit as exc:
        abort(403, description=str(exc))
    except curation.Introuvable as exc:
        abort(404, description=str(exc))


@contextmanager
def action(s: Session) -> Iterator[None]:
    """Run a curation action and commit; refusals become 403/404, a lost race or a refused value a
    message (nothing written)."""
    try:
        yield
        s.commit()
    except curation.Interdit as exc:
        s.rollback()
        abort(403, description=str(exc))
    except curation.Introuvable as exc:
        s.rollback()
        abort(404, description=str(exc))
    except services.VersionPerimee:
        s.rollback()
        message(PERIMEE, "erreur")
    except ValueError as exc:
        s.rollback()
        message(str(exc), "erreur")
