"""`catalogue tokens …`: partners' API keys, created on the server by an administrator."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from catalogue import db
from catalogue.api.acces import creer_jeton, jetons, revoquer_jeton


@click.group("tokens")
def tokens_commande() -> None:
    """Clés d'API des partenaires (lèvent la limite par adresse IP et identifient le partenaire)."""


@tokens_commande.command("create")
@click.argument("nom")
@with_appcontext
def creer_commande(nom: str) -> None:
    """Crée une clé pour le partenaire NOM ; elle n'est affichée qu'une fois."""
    db.creer_tables()
    with db.session_scope() as s:
        try:
            cle = creer_jeton(s, nom)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    click.echo(f"Clé créée pour « {nom} » (notez-la, elle ne sera plus affichée) :")
    click.echo(cle)


@tokens_commande.command("list")
@with_appcontext
def lister_commande() -> None:
    """Liste les clés (noms et dates, jamais les clés)."""
    with db.session_scope() as s:
        for j in jetons(s):
            etat = f"révoquée le {j.revoque_le:%Y-%m-%d}" if j.revoque_le else "active"
            click.echo(f"{j.nom}\tcréée le {j.cree_le:%Y-%m-%d}\t{etat}")


@tokens_commande.command("revoke")
@click.argument("nom")
@with_appcontext
def revoquer_commande(nom: str) -> None:
    """Révoque la clé du partenaire NOM (effet immédiat)."""
    with db.session_scope() as s:
        if not revoquer_jeton(s, nom):
            raise click.UsageError(f"Aucune clé active pour « {nom} ».")
    click.echo(f"Clé révoquée : {nom}")


def init_app(app: Flask) -> None:
    app.cli.add_command(tokens_commande)
