"""Configuration: defaults, then the environment, then the mapping given to `create_app`.

There is no default `SECRET_KEY`: a key written in the code lets anyone forge a session (and its
CSRF token). `cle_secrete(app, production=...)` is called by the command that serves the app: a
development run makes a random key once and keeps it in the instance folder (file mode 0600); a
production run refuses to start without one given by the operator.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from catalogue.protections import LIMITE_CHAMP, LIMITE_CORPS


def defauts(instance_path: str) -> dict[str, Any]:
    instance = Path(instance_path)
    return {
        "DATABASE_URL": f"sqlite:///{instance / 'catalogue.db'}",
        "SEARCH_INDEX_DIR": str(instance / "index"),
        "SECRET_KEY": None,
        "IMPORT_BATCH_SIZE": 1000,
        # one validation worker per core beside the writer, which mostly waits on the database
        # when records are unchanged (bench/import.py: re-import 1.45x faster than with one)
        "IMPORT_PROCESSES": (os.cpu_count() or 1) + 1,
        # seconds an import is known alive after each batch: past that, dead runs are interrupted
        "IMPORT_BAIL_S": 120,
        # request body of an ordinary route (forms); a view takes more with
        # `@protections.taille_max(octets or config key)` (uploads), see docs/securite.md
        "MAX_CONTENT_LENGTH": LIMITE_CORPS,
        # one form field (the longest v1 text is 10,000 characters)
        "MAX_FORM_MEMORY_SIZE": LIMITE_CHAMP,
        # files uploaded on the curation « Importer » page, and the size of one upload
        "TELEVERSEMENTS_DIR": str(instance / "televersements"),
        "TELEVERSEMENT_TAILLE_MAX": 50 * 1024 * 1024,
        # session cookie sent over HTTPS only: turn on in production (off for http in dev/tests)
        "SESSION_COOKIE_SECURE": False,
        # a signed-in session lasts this many seconds (12 h: one working day)
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        # the cookie is sent again only when the session changes: a read answered late (the zone
        # field's suggestions) must not overwrite the cookie a save just set with its message; the
        # signed-in session ends server side 12 h after sign-in whatever the cookie says
        "SESSION_REFRESH_EACH_REQUEST": False,
        # months between checks of an offer when none is set (DORA's default)
        "FREQUENCE_MAJ_DEFAUT": 6,
        # proxies in front of the app whose X-Forwarded-* headers are trusted (0: none)
        "PROXY_FIX": 0,
        # seconds between two catch-ups of the search index from the change journal (0: none)
        "RATTRAPAGE_INTERVALLE": 0.5,
        # days the change journal keeps rows every index has applied (harvesters read it too)
        "JOURNAL_RETENTION_JOURS": 30,
    }


#: read from the plain environment too (12-factor names used by hosts and the README)
VARIABLES_SIMPLES = ("DATABASE_URL", "SEARCH_INDEX_DIR", "SECRET_KEY")


def depuis_environnement() -> dict[str, Any]:
    return {nom: os.environ[nom] for nom in VARIABLES_SIMPLES if os.environ.get(nom)}


class ConfigurationRefusee(Exception):
    """A production run cannot start with this configuration (the message says why, in French)."""



#: the development key's file, in the instance folder
FICHIER_CLE = "secret_key"
#: shortest key a production run accepts (32 bytes of randomness, written in hex)
LONGUEUR_CLE_MIN = 32
COMMENT_DEFINIR = ("Définissez-la dans l'environnement du service, par exemple :\n"
                   "  export SECRET_KEY=\"$(python3 -c 'import secrets; "
                   "print(secrets.token_hex(32))')\"\n"
                   "(une valeur d'au moins {n} caractères, gardée secrète et identique pour tous "
                   "les processus du service ; la changer déconnecte tout le monde).")


class CleSecreteAbsente(ConfigurationRefusee):
    """A production run without a (long enough) secret key; the message is French and says how
    to set one."""


def cle_secrete(app: Flask, production: bool) -> None:
    """Make sure `app` signs its sessions with a key nobody else knows.

    A key given by the operator (`SECRET_KEY` or `CATALOGUE_SECRET_KEY`) is always used. Without
    one, a production run raises `CleSecreteAbsente`; a development run uses the key kept in
    `<instance>/secret_key`, made at random the first time (readable by its owner only)."""
    donnee = app.config.get("SECRET_KEY")
    if production:
        if not donnee or len(str(donnee)) < LONGUEUR_CLE_MIN:
            etat = "n'est pas définie" if not donnee else "est trop courte"
            raise CleSecreteAbsente(f"La clé secrète des sessions (SECRET_KEY) {etat} : le "
                                    "serveur de production ne démarre pas sans elle.\n"
                                    + COMMENT_DEFINIR.format(n=LONGUEUR_CLE_MIN))
        return
    if not donnee:
        app.config["SECRET_KEY"] = cle_de_developpement(Path(app.instance_path))


def cle_de_developpement(instance: Path) -> str:
    """The instance folder's own random key, created once (mode 0600, never overwritten)."""
    chemin = instance / FICHIER_CLE
    instance.mkdir(parents=True, exist_ok=True)
    try:
        descripteur = os.open(chemin, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if chemin.stat().st_mode & 0o077:
            chemin.chmod(0o600)  # copied around with looser rights: tighten them back
        return chemin.read_text(encoding="ascii").strip()
    with os.fdopen(descripteur, "w", encoding="ascii") as fichier:
        cle = secrets.token_hex(32)
        fichier.write(cle + "\n")
    return cle


def verifier_production(app: Any) -> None:
    """Startup checks of a production run (`catalogue serve` without `--dev`), before any worker
    starts: raise `ConfigurationRefusee`. Every check a production start needs goes here."""
    cle_secrete(app, production=True)
    index = Path(app.config["SEARCH_INDEX_DIR"])
    try:
        index.mkdir(parents=True, exist_ok=True)
        essai = index / f".ecriture-{os.getpid()}"
        essai.write_bytes(b"")
        essai.unlink()
    except OSError as exc:
        raise ConfigurationRefusee(f"Dossier de l'index de recherche inutilisable ({index}) : "
                                   f"{exc.strerror or exc}. Vérifiez SEARCH_INDEX_DIR.") from exc
