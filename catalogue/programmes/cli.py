"""`catalogue programme …`: list, show, export, import and suggest, over the same service layer as
the pages. The command line acts for the operator: it sees every référent's programmes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext
from sqlmodel import Session

from catalogue import db
from catalogue.formats import compte
from catalogue.formats import heures as en_heures
from catalogue.programmes import exports, service, suggestion
from catalogue.programmes import heures as h
from catalogue.programmes.erreurs import ProgrammeIntrouvable, SaisieInvalide
from catalogue.programmes.models import Programme


@click.group("programme")
def groupe() -> None:
    """Programmes de 15 heures : liste, détail, export, import, proposition."""


@contextmanager
def _session() -> Iterator[Session]:
    """A session whose errors become readable messages and exit status 1."""
    db.creer_tables()
    with db.session_scope() as session:
        try:
            yield session
        except ProgrammeIntrouvable as exc:
            raise click.ClickException(str(exc)) from exc
        except SaisieInvalide as exc:
            for erreur in exc.erreurs:
                click.echo(f"Erreur : {erreur}", err=True)
            raise click.ClickException(f"{compte(len(exc.erreurs), 'erreur')} : rien n'a été "
                                       "enregistré.") from exc


def resume(session: Session, programme: Programme) -> dict[str, Any]:
    """One line of `programme list --json`: the frame and how the weeks stand."""
    vue = service.vue_programme(session, programme)
    heures = [s.heures for s in vue.semaines]
    return {
        "id": programme.id, "libelle": programme.libelle, "proprietaire": programme.proprietaire,
        "statut": programme.statut, "commune": programme.code_commune,
        "debut": programme.debut.isoformat(), "nombre_semaines": programme.nombre_semaines,
        "cible_heures": programme.cible_heures, "parcours": programme.parcours,
        "motif_reduction": programme.motif_reduction, "activites": len(vue.activites),
        "semaines_atteintes": vue.semaines_atteintes,
        "heures_min": min(heures, default=0.0), "heures_max": max(heures, default=0.0),
        "erreurs": len(vue.erreurs), "freins_non_couverts": list(vue.plan.freins_a_couvrir()),
    }


@groupe.command("list")
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON.")
@click.option("--proprietaire", default=None, help="Seulement les programmes de ce propriétaire.")
@click.option("--archives", is_flag=True, help="Les programmes archivés au lieu des programmes en cours.")
@with_appcontext
def lister(en_json: bool, proprietaire: str | None, archives: bool) -> None:
    """Liste les programmes, avec leurs semaines atteignant l'objectif."""
    with _session() as session:
        lignes = [resume(session, p) for p in service.lister_programmes(session, proprietaire, archives)]
    if en_json:
        click.echo(json.dumps(lignes, ensure_ascii=False, indent=1))
        return
    for r in lignes:
        click.echo(f"{r['id']:>4}  {r['libelle'][:30]:<30}  {r['commune']}  {r['debut']}  "
                   f"{r['semaines_atteintes']}/{r['nombre_semaines']} sem. à {en_heures(r['cible_heures'])}  "
                   f"{compte(r['activites'], 'activité')}")
    click.echo(f"{compte(len(lignes), 'programme')}.")


@groupe.command("show")
@click.argument("programme_id", type=int)
@with_appcontext
def montrer(programme_id: int) -> None:
    """Montre un programme : semaines, activités et points d'attention."""
    with _session() as session:
        vue = service.vue_programme(session, service.trouver_programme(session, programme_id))
    click.echo(f"Programme {programme_id} « {vue.programme.libelle} » — {vue.commune_nom}, "
               f"objectif {h.duree_lisible(vue.plan.cible)} par semaine")
    for va in vue.activites:
        a = va.activite
        click.echo(f"  {a.cle}. {a.libelle} : {h.duree_lisible(va.heures.valeur)}/sem. "
                   f"({va.heures.libelle_source}), semaines {va.semaines.start}-{va.semaines[-1]}"
                   f"{' ; ' + ', '.join(c.court() for c in a.creneaux) if a.creneaux else ''}")
    for s in vue.semaines:
        etat = "atteint" if s.atteinte else f"manque {h.duree_lisible(s.ecart)}"
        click.echo(f"  semaine {s.numero:>2} ({s.debut.isoformat()}) : {h.duree_lisible(s.heures):>8}  "
                   f"{etat}{' (heures à confirmer)' if s.incertaine else ''}")
    for c in vue.constats:
        click.echo(f"  [{c.niveau}] {c.message}")


@groupe.command("export")
@click.argument("programme_id", type=int)
@click.option("--format", "format_", type=click.Choice(exports.FORMATS), default="json", show_default=True)
@click.option("--out", "sortie", type=click.Path(path_type=Path, dir_okay=False),
              help="Fichier à écrire (par défaut : la sortie standard).")
@with_appcontext
def exporter(programme_id: int, format_: str, sortie: Path | None) -> None:
    """Exporte un programme : JSON (format d'échange), ics (agenda) ou html (page à imprimer)."""
    with _session() as session:
        vue = service.vue_programme(session, service.trouver_programme(session, programme_id))
        fichier = exports.exporter(vue, format_)
    if sortie is None:
        click.echo(fichier.contenu, nl=False)
        return
    sortie.write_bytes(fichier.contenu)
    click.echo(f"Programme {programme_id} exporté dans {sortie} ({format_}).", err=True)


@groupe.command("import")
@click.argument("chemin", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--libelle", default="Programme importé", show_default=True,
              help="Libellé du programme créé (le fichier n'en contient pas).")
@click.option("--proprietaire", default=service.PROPRIETAIRE_CLI, show_default=True)
@with_appcontext
def importer(chemin: Path, libelle: str, proprietaire: str) -> None:
    """Crée un programme à partir d'un fichier JSON au format d'échange (docs/programme-schema.md)."""
    try:
        document = json.loads(chemin.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{chemin} : JSON illisible ({exc}).") from exc
    with _session() as session:
        programme = service.importer_programme(session, document, proprietaire, libelle)
        session.commit()
        click.echo(f"Programme {programme.id} créé à partir de {chemin}.")


@groupe.command("suggest")
@click.argument("programme_id", type=int)
@click.option("--apply", "appliquer", is_flag=True, help="Ajoute les offres proposées au programme.")
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON.")
@click.option("--activites-max", "activites_max", default=str(suggestion.ACTIVITES_MAX), show_default=True,
              help=f"Nombre maximal d'activités proposées (1 à {suggestion.ACTIVITES_MAX_LIMITE}).")
@with_appcontext
def proposer(programme_id: int, appliquer: bool, en_json: bool, activites_max: str) -> None:
    """Propose des offres pour atteindre l'objectif et lever les freins (« Proposer un programme »)."""
    with _session() as session:
        programme = service.trouver_programme(session, programme_id)
        proposition = service.proposer_pour(session, programme, service.lire_activites_max(activites_max))
        if appliquer:
            service.appliquer_proposition(session, programme, proposition)
            session.commit()
    choix = [{"offre_id": c.offre["id"], "nom": c.offre.get("nom"),
              "creneaux": [x.as_dict() for x in c.creneaux], "semaine_debut": c.semaines.start,
              "semaine_fin": c.semaines[-1], "heures": c.heures, "freins": list(c.freins),
              "raison": c.raison} for c in proposition.choix]
    if en_json:
        click.echo(json.dumps({"choix": choix, "freins_sans_offre": list(proposition.freins_sans_offre),
                               "activites_max": proposition.activites_max,
                               "offres_anciennes": list(proposition.anciennes), "applique": appliquer},
                              ensure_ascii=False, indent=1))
        return
    for i, c in enumerate(choix, start=1):
        click.echo(f"{i}. {c['nom']} ({c['offre_id']})\n   {c['raison']}")
    if proposition.freins_sans_offre:
        click.echo("Aucune offre compatible pour : " + ", ".join(proposition.freins_sans_offre))
    if proposition.anciennes:
        click.echo(proposition.avis_anciennes())
    etat = ("ajoutée", "ajoutées") if appliquer else ("proposée", "proposées")
    click.echo(f"{compte(len(choix), 'offre ' + etat[0], 'offres ' + etat[1])}.")

