"""`catalogue users …`: accounts are created by an admin on the server, never by sign-up."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlmodel import select

from catalogue import db, formats
from catalogue.curation.acces import (
    CompteInvalide,
    changer_mot_de_passe,
    creer_utilisateur,
    desactiver,
)
from catalogue.models import Role, Utilisateur


@click.group("users")
def users_commande() -> None:
    """Comptes des référents, animateurs et administrateurs."""


@users_commande.command("create")
@click.argument("courriel")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--departement", "departements", multiple=True,
              help="Département d'un animateur (répétable : --departement 62 --departement 59).")
@click.option("--nom", default=None, help="Nom affiché.")
@click.option("--password-stdin", is_flag=True,
              help="Lit le mot de passe sur l'entrée standard (scripts) au lieu de le demander.")
@with_appcontext
def creer_commande(courriel: str, role: str, departements: tuple[str, ...], nom: str | None,
                   password_stdin: bool) -> None:
    """Crée un compte (mot de passe haché avec argon2)."""
    mot_de_passe = (sys.stdin.readline().rstrip("\r\n") if password_stdin else
                    click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True))
    db.creer_tables()
    with db.session_scope() as s:
        try:
            u = creer_utilisateur(s, courriel, mot_de_passe, role, departements, nom)
        except CompteInvalide as exc:
            raise click.UsageError(str(exc)) from exc
        s.commit()
        click.echo(f"Compte créé : {u.courriel} ({Role(u.role).libelle}"
                   + (f", départements {', '.join(u.departements)}" if u.departements else "")
                   + ").")


@users_commande.command("list")
@with_appcontext
def lister_commande() -> None:
    """Liste les comptes."""
    with db.session_scope() as s:
        for u in s.exec(select(Utilisateur).order_by(Utilisateur.courriel)):
            etat = "" if u.actif else " (désactivé)"
            click.echo(f"{u.courriel}\t{u.role}\t{','.join(u.departements)}{etat}")


@users_commande.command("disable")
@click.argument("courriel")
@with_appcontext
def desactiver_commande(courriel: str) -> None:
    """Désactive un compte (ses sessions ouvertes prennent fin)."""
    with db.session_scope() as s:
        u = s.exec(select(Utilisateur).where(Utilisateur.courriel == courriel.lower())).first()
        if u is None:
            raise click.UsageError(f"Aucun compte « {courriel} ».")
        desactiver(s, u)
        s.commit()
    click.echo(f"Compte désactivé : {courriel}")


@users_commande.command("password")
@click.argument("courriel")
@click.option("--password-stdin", is_flag=True,
              help="Lit le mot de passe sur l'entrée standard (scripts) au lieu de le demander.")
@with_appcontext
def mot_de_passe_commande(courriel: str, password_stdin: bool) -> None:
    """Change le mot de passe d'un compte ; ses sessions ouvertes prennent fin."""
    mot_de_passe = (sys.stdin.readline().rstrip("\r\n") if password_stdin else
                    click.prompt("Nouveau mot de passe", hide_input=True,
                                 confirmation_prompt=True))
    with db.session_scope() as s:
        u = s.exec(select(Utilisateur).where(Utilisateur.courriel == courriel.lower())).first()
        if u is None:
            raise click.UsageError(f"Aucun compte « {courriel} ».")
        try:
            changer_mot_de_passe(s, u, mot_de_passe)
        except CompteInvalide as exc:
            raise click.UsageError(str(exc)) from exc
        s.commit()
    click.echo(f"Mot de passe changé : {courriel} (ses sessions ouvertes sont fermées).")


@click.group("doublons")
def doublons_commande() -> None:
    """Grappes de doublons des offres publiées (recherche avec `exclure_doublons`)."""


@doublons_commande.command("regrouper")
@with_appcontext
def regrouper_commande() -> None:
    """Recalcule les grappes de doublons (à lancer après les imports, ou chaque nuit)."""
    from catalogue.curation.grappes import regrouper

    with db.session_scope() as s:
        bilan = regrouper(s)
        s.commit()
    click.echo(f"Grappes de doublons : {formats.compte(bilan.grappes, 'grappe')} parmi "
               f"{formats.compte(bilan.offres, 'offre publiée')} ; "
               f"{formats.compte(bilan.modifiees, 'offre change', 'offres changent')} de grappe.")


@doublons_commande.command("structures")
@click.option("--departement", required=True, help="Code du département (62, 2A…).")
@with_appcontext
def structures_commande(departement: str) -> None:
    """Liste les structures en double possibles d'un département (même SIRET, ou noms proches dans
    la même commune) ; la fusion se fait dans l'espace de curation."""
    from catalogue.curation.vues.doublons_structures import candidats_du_departement
    from catalogue.formats import compte
    from catalogue.referentiels import territoires

    code = departement.strip().upper()
    if territoires.departement(code) is None:
        raise click.UsageError(f"Département inconnu « {departement} ».")
    with db.session_scope() as s:
        candidats = candidats_du_departement(s, code)
    for c in candidats:
        click.echo(f"{c.a}\t{c.b}\t{' ; '.join(c.raisons)}")
    click.echo(f"{compte(len(candidats), 'paire')} de structures en double possibles dans le "
               f"département {code}.")
