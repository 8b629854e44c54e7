"""The `catalogue` command: thin wrappers around the service layer, importers and exports."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from werkzeug.serving import run_simple

from catalogue import db, formats, migrations, serveur
from catalogue.curation.cli import doublons_commande, users_commande

#: exit codes of `catalogue import` (documented in the README)
SORTIE_OK, SORTIE_ECHEC, SORTIE_REJETS = 0, 1, 3
#: above this many index segments, `check` advises `reindex`: replaced and deleted documents stay
#: in their segments (masked) and every search still walks them
SEGMENTS_CONSEILLES = 4
#: what `check` and `import` say of an index above that (figures: README « Mesures », load)
CONSEIL_REINDEX = ("« catalogue reindex » les réunit en un (les offres remplacées ou retirées y "
                   "restent masquées et chaque recherche les parcourt encore : à 100 000 offres "
                   "vivantes parmi 156 000 documents, 2,9 ms de calcul par recherche contre 2,45).")


def _creer_app() -> Flask:
    from catalogue import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_creer_app, add_default_commands=False,
             add_version_option=False)
def main() -> None:
    """Catalogue des offres d'insertion (data·inclusion v1) et programmes de 15 heures."""


@click.command("init")
@with_appcontext
def init_commande() -> None:
    """Crée ou met à jour les tables de la base configurée (DATABASE_URL), par les migrations."""
    avant, apres = migrations.mettre_a_jour(db.engine())
    click.echo(f"Base prête : {_url_lisible()} (schéma {apres}"
               + (f", depuis {avant})" if avant and avant != apres else ")"))


@click.group("db")
def db_commande() -> None:
    """Migrations du schéma de la base (Alembic)."""


@db_commande.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Met la base à jour jusqu'à REVISION (par défaut la dernière)."""
    avant, apres = migrations.mettre_a_jour(db.engine(), revision)
    click.echo(f"Schéma {avant or 'vide'} → {apres}." if avant != apres
               else f"Schéma déjà à jour ({apres}).")


@db_commande.command("current")
@with_appcontext
def db_current() -> None:
    """Affiche la révision du schéma de la base, et la dernière connue."""
    actuelle, tete = migrations.actuelle(db.engine()), migrations.tete()
    click.echo(f"Base : {actuelle or 'aucune révision (base vide, ou créée avant les migrations)'}"
               f" ; dernière révision : {tete}" + (" (à jour)" if actuelle == tete else
                                                   " — lancez « catalogue db upgrade »"))


@db_commande.command("revision")
@click.option("-m", "--message", required=True, help="Ce que change la révision.")
@with_appcontext
def db_revision(message: str) -> None:
    """Écrit une nouvelle révision d'après l'écart entre les modèles et la base (à jour)."""
    if migrations.actuelle(db.engine()) != migrations.tete():
        raise click.UsageError("La base n'est pas à la dernière révision : lancez d'abord "
                               "« catalogue db upgrade ».")
    click.echo(f"Révision écrite : {migrations.revision(db.engine(), message)} (relisez-la).")


@click.command("import")
@click.argument("chemins", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "format_", default=None,
              help="Format des fichiers (détecté d'après le contenu s'il est absent).")
@click.option("--dry-run", is_flag=True, help="Valide sans rien écrire.")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Écrit le rapport détaillé (JSON) dans ce fichier.")
@click.option("--publier", is_flag=True,
              help="Source de confiance : publie les nouvelles offres et applique les modifications "
              "sans passer par la file de revue.")
@with_appcontext
def import_commande(chemins: tuple[Path, ...], format_: str | None, dry_run: bool,
                    report: Path | None, publier: bool) -> None:
    """Importe des fichiers dans le catalogue ; chaque enregistrement figure au rapport.
    Sans --publier, les nouvelles offres arrivent en brouillon et les modifications d'offres
    publiées attendent dans la file de revue des animateurs."""
    from importers import ImportRefuse, importer_pour
    from importers.base import importer

    manquants = [str(c) for c in chemins if not c.is_file()]
    if manquants:
        raise click.UsageError(f"Fichier introuvable : {', '.join(manquants)}")
    migrations.mettre_a_jour(db.engine())
    try:
        importeur = importer_pour(list(chemins), format_)
    except ImportRefuse as exc:
        raise click.UsageError(str(exc)) from exc
    total = len(chemins)
    with _barre(f"Import ({importeur.format}, {formats.compte(total, 'fichier')})") as avancer:
        rapport = importer(importeur, db.engine(), dry_run=dry_run, progression=avancer,
                           taille_lot=current_app.config["IMPORT_BATCH_SIZE"],
                           processus=current_app.config["IMPORT_PROCESSES"], revue=not publier,
                           bail_s=float(current_app.config["IMPORT_BAIL_S"]), garder=False)
    for message in rapport.run["messages"]:
        click.echo(f"Note : {message}", err=True)
    if not dry_run:
        _conseiller_reindex()
    if report:
        rapport.ecrire(report)
    click.echo(rapport.resume())
    statut = rapport.run["statut"]
    sys.exit(SORTIE_ECHEC if statut == "failed" else SORTIE_REJETS if statut == "done-errors"
             else SORTIE_OK)


def _conseiller_reindex() -> None:
    """After an import: an index it left in many segments is said, with the command that makes
    it one again (a 100,000-offer import leaves up to 14)."""
    from catalogue.recherche import index_de

    segments = index_de(current_app.config["SEARCH_INDEX_DIR"]).nombre_segments()
    if segments > SEGMENTS_CONSEILLES:
        click.echo(f"Note : l'index de recherche compte {formats.compte(segments, 'segment')} ; "
                   + CONSEIL_REINDEX, err=True)


@click.command("imports")
@click.option("--nombre", default=20, show_default=True, help="Nombre d'imports listés.")
@with_appcontext
def imports_commande(nombre: int) -> None:
    """Liste les derniers imports et leur statut (un import dont le processus est mort est
    marqué « interrompu »)."""
    from sqlmodel import col, select

    from catalogue import baux
    from catalogue.models import ImportRun
    from importers.base import LIBELLES_STATUT

    with db.session_scope() as session:
        baux.marquer_interrompus(session)
        runs = session.exec(select(ImportRun).order_by(col(ImportRun.id).desc()).limit(nombre))
        for run in runs:
            c = run.compteurs
            click.echo(f"n° {run.id} {run.debut:%d/%m/%Y %H:%M} {run.format} "
                       f"{LIBELLES_STATUT.get(run.statut, run.statut)} : "
                       f"{formats.compte(c.get('total', 0), 'lu')}, "
                       f"{formats.compte(c.get('rejected', 0), 'rejeté')}"
                       + (f" — {run.message}" if run.message else ""))


@click.command("export")
@click.option("--to", "dossier", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Dossier où écrire structures.* et services.*")
@click.option("--format", "format_", type=click.Choice(["json", "jsonl", "csv"]), default="json",
              show_default=True)
@click.option("--tous-statuts", is_flag=True,
              help="Inclut brouillons, offres suspendues et archivées (par défaut : publiées).")
@with_appcontext
def export_commande(dossier: Path, format_: str, tous_statuts: bool) -> None:
    """Exporte le catalogue au schéma data·inclusion v1, chaque enregistrement validé."""
    from catalogue.exports import exporter
    from catalogue.models import Statut

    statuts = tuple(s.value for s in Statut) if tous_statuts else (Statut.PUBLIEE.value,)
    with db.session_scope() as session:
        bilan = exporter(session, dossier, format_, statuts)
    for ecart in bilan.ecartes[:50]:
        click.echo(f"Écarté : {ecart['kind']} {ecart['id']} : {ecart['raison']}", err=True)
    if len(bilan.ecartes) > 50:
        click.echo(f"… et {len(bilan.ecartes) - 50} autres écartés.", err=True)
    click.echo(bilan.resume())


@click.command("demo")
@with_appcontext
def demo_commande() -> None:
    """Charge le catalogue de démonstration (fictif, source « demo ») dans la base configurée."""
    from catalogue.curation.grappes import regrouper
    from catalogue.demo.chargement import charger_demo
    from catalogue.programmes.demo import charger_programmes_demo

    migrations.mettre_a_jour(db.engine())
    rapport = charger_demo(db.engine())
    click.echo(rapport.resume())
    with db.session_scope() as s:
        bilan = regrouper(s)
        s.commit()
    click.echo(f"Grappes de doublons : {formats.compte(bilan.grappes, 'grappe')}.")
    ids = charger_programmes_demo(db.engine())
    click.echo(f"{len(ids)} programmes de démonstration : {', '.join(str(i) for i in ids)}.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(1, 64), default=None, envvar="CATALOGUE_WORKERS",
              help="Processus servant les requêtes (par défaut : un par cœur, au moins 2).")
@click.option("--threads", type=click.IntRange(1, 64), default=serveur.THREADS_PAR_DEFAUT,
              envvar="CATALOGUE_THREADS", show_default=True, help="Fils par processus.")
@click.option("--dev", is_flag=True,
              help="Serveur de développement de Werkzeug : rechargé à chaque modification du code, "
              "débogueur dans le navigateur. Jamais en production.")
@click.option("--cle-instance", is_flag=True,
              help="Sans SECRET_KEY, signe les sessions avec la clé aléatoire de l'instance "
              "(instance/secret_key, créée une fois, droits 0600) comme --dev : le serveur de "
              "production sur une seule machine, pour un essai (make run).")
@with_appcontext
def serve_commande(host: str, port: int, workers: int | None, threads: int, dev: bool,
                   cle_instance: bool) -> None:
    """Sert l'application web : gunicorn (production), ou le serveur de développement (--dev).
    Met d'abord la base à jour (migrations) et l'index de recherche au niveau de la base."""
    from catalogue import config
    from catalogue.rattrapage import rattraper

    if dev and not boucle_locale(host):
        raise click.UsageError(f"--dev refusé avec --host {host} : le débogueur du serveur de "
                               "développement permet d'exécuter du code sur le serveur ; il "
                               "n'écoute que sur la boucle locale (127.0.0.1, ::1 ou localhost).")
    serveur.configurer_journaux()
    application = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        if dev or cle_instance:
            config.cle_secrete(application, production=False)  # instance/secret_key, made once
        if cle_instance:  # gunicorn's workers build their app from the environment
            os.environ["SECRET_KEY"] = str(application.config["SECRET_KEY"])
        if not dev:
            config.verifier_production(application)  # refuses to start without SECRET_KEY
    except config.ConfigurationRefusee as exc:
        raise click.ClickException(str(exc)) from exc
    migrations.mettre_a_jour(db.engine())
    bilan = rattraper(db.engine(), application.config["SEARCH_INDEX_DIR"])
    click.echo(f"Index de recherche {'reconstruit' if bilan.reconstruit else 'à jour'} "
               f"(journal : séquence {bilan.sequence}).")
    click.echo(f"Catalogue sur http://{host}:{port}/ (base : {_url_lisible()})")
    if dev:
        application.debug = True
        run_simple(host, port, application, use_debugger=True, use_reloader=True, threaded=True)
        return
    db.engine().dispose()  # the workers open their own connections
    serveur.servir_gunicorn(serveur.options_gunicorn(
        host, port, workers or serveur.workers_par_defaut(), threads))


@click.command("reindex")
@with_appcontext
def reindex_commande() -> None:
    """Reconstruit l'index de recherche à partir de la base."""
    import time

    from catalogue.recherche import reindexer

    debut = time.perf_counter()
    n = reindexer(db.engine(), current_app.config["SEARCH_INDEX_DIR"])
    duree = formats.nombre(time.perf_counter() - debut, 1)
    click.echo(f"Index reconstruit : {formats.compte(n, 'offre')} en {duree} s.")


@click.command("check")
@click.option("--repair", is_flag=True, help="Répare les écarts à partir de la base.")
@with_appcontext
def check_commande(repair: bool) -> None:
    """Compare l'index de recherche à la base : documents manquants, périmés, en trop, et
    retard sur le journal des changements."""
    from catalogue.rattrapage import etat
    from catalogue.recherche import index_de, verifier

    chemin = current_app.config["SEARCH_INDEX_DIR"]
    retard = etat(db.engine(), chemin)
    if retard.sequence_index is None:
        click.echo("Retard sur le journal : position inconnue (index jamais rattrapé, il sera "
                   "reconstruit au prochain rattrapage).")
    else:
        click.echo(f"Retard sur le journal : {formats.compte(retard.retard_changements, 'changement')}, "
                   f"{formats.nombre(retard.retard_secondes, 1)} s (index à la séquence "
                   f"{retard.sequence_index}, base à {retard.sequence_base}).")
    segments = index_de(chemin).nombre_segments()
    click.echo(f"Index : {formats.compte(segments, 'segment')}"
               + (" ; " + CONSEIL_REINDEX if segments > SEGMENTS_CONSEILLES else "."))
    ecarts = verifier(db.engine(), chemin, reparer=repair)
    for quoi, ids in (("document manquant", ecarts.manquants), ("document périmé", ecarts.perimes),
                      ("document en trop", ecarts.en_trop)):
        click.echo(formats.compte(len(ids), quoi) + (f" : {', '.join(ids[:20])}"
                                                     + (" …" if len(ids) > 20 else "")
                                                     if ids else ""))
    if ecarts.aucun:
        click.echo("L'index est à jour.")
    elif repair:
        click.echo("Écarts réparés.")
    else:
        click.echo("Lancez « catalogue check --repair » pour réparer.")
        sys.exit(SORTIE_REJETS)


@click.command("search")
@click.argument("texte", required=False, default="")
@click.option("--commune", required=True, help="Code INSEE, code postal ou nom de la commune.")
@click.option("--frein", "freins", multiple=True, help="Frein à lever (répétable).")
@click.option("--public", "publics", multiple=True, help="Public (répétable).")
@click.option("--categorie", "categories", multiple=True, help="Besoin (catégorie, répétable).")
@click.option("--page", default=1, type=int)
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON (comme l'API).")
@with_appcontext
def search_commande(texte: str, commune: str, freins: tuple[str, ...], publics: tuple[str, ...],
                    categories: tuple[str, ...], page: int, en_json: bool) -> None:
    """Cherche des offres comme la page de recherche (mêmes règles d'éligibilité)."""
    from werkzeug.datastructures import MultiDict

    args = MultiDict([("commune", commune), ("q", texte), ("page", str(page))]
                     + [("freins", f) for f in freins] + [("publics", p) for p in publics]
                     + [("categories", c) for c in categories])
    with current_app.test_request_context("/api/v1/search/services", query_string=args):
        reponse = current_app.full_dispatch_request()
    contenu = reponse.get_json()
    if reponse.status_code != 200:
        raise click.UsageError(contenu["detail"][0]["msg"])
    if en_json:
        click.echo(json.dumps(contenu, ensure_ascii=False, indent=1))
        return
    click.echo(f"{formats.compte(contenu['total'], 'offre')}, page {contenu['page']}/{contenu['pages']}")
    for item in contenu["items"]:
        s = item["service"]
        heures = (f"{formats.heures(s['volume_horaire_hebdomadaire'])} par semaine"
                  if s["volume_horaire_hebdomadaire"] is not None else "heures ?")
        click.echo(f"- {s['nom']} [{heures}] — {s.get('commune') or ''} ({item['eligibilite']}) "
                   f"{s['id']}")
    if contenu["suggestions"]:
        click.echo(f"Essayez : {', '.join(contenu['suggestions'])}")


class _Barre:
    def __init__(self, libelle: str) -> None:
        self.libelle = libelle
        self.barre: Any = None
        self.compte = 0

    def __enter__(self) -> Any:
        if sys.stderr.isatty():
            self.barre = click.progressbar(length=0, label=self.libelle, file=sys.stderr,
                                           show_pos=True, show_percent=False, show_eta=False)
            self.barre.__enter__()
        return self.avancer

    def avancer(self, n: int) -> None:
        self.compte += n
        if self.barre is not None and self.compte % 100 == 0:
            self.barre.length = self.compte
            self.barre.update(100)

    def __exit__(self, *exc: Any) -> None:
        if self.barre is not None:
            self.barre.__exit__(*exc)


def _barre(libelle: str) -> _Barre:
    """A progress counter on a terminal, silent otherwise (CI logs, pipes)."""
    return _Barre(libelle)


def boucle_locale(hote: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if hote.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(hote.strip("[]")).is_loopback
    except ValueError:
        return False


def _url_lisible() -> str:
    return db.engine().url.render_as_string(hide_password=True)


COMMANDES = (init_commande, db_commande, import_commande, imports_commande, export_commande,
             demo_commande, serve_commande, reindex_commande, check_commande, search_commande,
             users_commande, doublons_commande)


def init_app(app: Flask) -> None:
    for commande in COMMANDES:
        app.cli.add_command(commande)
