"""Migrations (issue 16, point 2): an empty database upgraded to head equals the models (a model
changed without its migration fails here), and a database filled at the first revision keeps all
its rows through every later one. On SQLite, and on PostgreSQL in the suite's second pass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, MetaData, String, Table, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from catalogue import db, migrations


@pytest.fixture
def vide(app: Flask, tmp_path: Path) -> Iterator[Engine]:
    """An empty database: a new SQLite file, or the test PostgreSQL emptied (the next test's
    fixture creates its tables again)."""
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite"):
        moteur = db.creer_engine(f"sqlite:///{tmp_path / 'vide.db'}")
    else:
        moteur = db.creer_engine(url)
        _vider(moteur)
    yield moteur
    if not url.startswith("sqlite"):
        _vider(moteur)
    moteur.dispose()


def _vider(moteur: Engine) -> None:
    tables = MetaData()
    tables.reflect(moteur)
    tables.drop_all(moteur)


def test_one_head_and_numbered_revisions():
    scripts = ScriptDirectory.from_config(migrations.configuration())
    assert scripts.get_heads() == [migrations.tete()], "two branches: chain their down_revision"
    assert [r.revision for r in scripts.walk_revisions()][-1] == migrations.PREMIERE


def test_an_empty_database_upgraded_to_head_equals_the_models(vide: Engine):
    assert migrations.mettre_a_jour(vide) == (None, migrations.tete())
    with vide.connect() as connexion:
        ecarts = compare_metadata(MigrationContext.configure(connexion, opts={"compare_type": True}),
                                  SQLModel.metadata)
    assert ecarts == [], "un modèle a changé sans sa migration : catalogue db revision -m …"


#: tables a later revision renamed (their rows kept): first name -> current name
RENOMMEES = {"echec_connexion": "tentative_connexion"}  # 0005: attempts per account and address


def test_rows_written_at_the_first_revision_survive_every_later_one(vide: Engine, app: Flask):
    migrations.mettre_a_jour(vide, migrations.PREMIERE)
    ecrites = _remplir(vide)
    assert ecrites, "every table of the first revision got a row"
    with vide.begin() as connexion:  # a database made by create_all before migrations existed
        connexion.execute(text("DROP TABLE alembic_version"))
    assert migrations.mettre_a_jour(vide) == (migrations.PREMIERE, migrations.tete())
    for nom, ligne in ecrites.items():
        table = Table(RENOMMEES.get(nom, nom), MetaData(), autoload_with=vide)
        with vide.connect() as connexion:
            lues = [dict(r._mapping) for r in connexion.execute(table.select())]
        assert len(lues) == 1, nom
        assert {c: _utc(lues[0][c]) for c in ligne} == ligne, nom


def test_db_commands(runner: Any, app: Flask):
    assert f"dernière révision : {migrations.tete()} (à jour)" in runner.invoke(
        args=["db", "current"]).output
    assert "Schéma déjà à jour" in runner.invoke(args=["db", "upgrade"]).output
    assert runner.invoke(args=["init"]).exit_code == 0


def _utc(valeur: Any) -> Any:
    """SQLite gives datetimes back naive (they were written in UTC)."""
    if isinstance(valeur, dt.datetime) and valeur.tzinfo is None:
        return valeur.replace(tzinfo=dt.UTC)
    return valeur


def _remplir(moteur: Engine) -> dict[str, dict[str, Any]]:
    """One row in every table, foreign keys pointing at the rows of their tables."""
    tables = MetaData()
    tables.reflect(moteur)
    ecrites: dict[str, dict[str, Any]] = {}
    with moteur.begin() as connexion:
        for table in tables.sorted_tables:
            if table.name == "alembic_version":
                continue
            ligne = {}
            for colonne in table.columns:
                cible = next(iter(colonne.foreign_keys), None)
                if cible is not None:
                    ligne[colonne.name] = ecrites[cible.column.table.name][cible.column.name]
                else:
                    ligne[colonne.name] = _valeur(colonne.type, colonne.name)
            connexion.execute(table.insert().values(**ligne))
            ecrites[table.name] = ligne
    return ecrites


def _valeur(type_: Any, nom: str) -> Any:
    if isinstance(type_, Boolean):
        return True
    if isinstance(type_, Integer):
        return 7
    if isinstance(type_, Float):
        return 1.5
    if isinstance(type_, DateTime):
        return dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    if isinstance(type_, Date):
        return dt.date(2026, 1, 2)
    if isinstance(type_, JSON):
        return {"cle": nom}
    if isinstance(type_, String):
        longueur = type_.length or 20
        return f"{nom}-valeur"[:longueur]
    raise AssertionError(f"type de colonne à prévoir dans ce test : {type_!r} ({nom})")
