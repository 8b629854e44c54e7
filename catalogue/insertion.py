"""Bulk inserts straight to the database driver, for the import's hot path.

`session.execute(insert(table), rows)` spends more time building each row's parameters
(SQLAlchemy's generic per-row machinery) than SQLite spends inserting it: measured on a 20,000-service
import, about a third of the write time. Here each column's bind processor (JSON, dates) and default are
looked up once per call, every row becomes a plain tuple, and the driver's `executemany` runs one
prepared INSERT (SQLite) or one COPY (PostgreSQL). Same values, same transaction (the session's
connection), same column defaults as SQLAlchemy would apply.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Table, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlmodel import Session

from catalogue.models import table


def inserer(session: Session, modele: Any, lignes: Sequence[dict[str, Any]]) -> None:
    """Insert `lignes` (dicts keyed by column name; missing columns take their default)."""
    if not lignes:
        return
    connexion = session.connection()
    t = modele if isinstance(modele, Table) else table(modele)
    sql, fabriquer = _preparer(t, tuple(lignes[0]), connexion.dialect)
    _executer(connexion, sql, [fabriquer(ligne) for ligne in lignes])


def inserer_tuples(session: Session, modele: Any, colonnes: tuple[str, ...],
                   tuples: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows already made as tuples of `colonnes`' values, for a table whose columns need
    no conversion and whose other columns no default (an offer's tags: a dozen rows per offer,
    where a dict per row and its conversion cost more than the insert)."""
    if not tuples:
        return
    connexion = session.connection()
    _executer(connexion, _sql_tuples(table(modele), colonnes, connexion.dialect), tuples)


@lru_cache(maxsize=16)
def _sql_tuples(t: Table, colonnes: tuple[str, ...], dialect: Dialect) -> str:
    sql, _ = _preparer(t, colonnes, dialect)
    dans_l_ordre = tuple(c.name for c in t.columns if c.name in colonnes)
    convertis = [c for c in t.columns if (c.name in colonnes and _processeur(c, dialect))
                 or (c.name not in colonnes and _defaut(c) is not None)]
    if dans_l_ordre != colonnes or convertis:
        raise ValueError(f"{t.name} : colonnes {colonnes} à donner dans l'ordre de la table, sans "
                         f"conversion ni valeur par défaut ({[c.name for c in convertis]})")
    return sql


def _executer(connexion: Any, sql: str, tuples: Sequence[tuple[Any, ...]]) -> None:
    if connexion.dialect.name == "postgresql":
        _copier(connexion.connection.dbapi_connection, sql, tuples)
    else:
        connexion.exec_driver_sql(sql, tuples)


def _copier(dbapi: Any, sql: str, tuples: Sequence[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY is the bulk path (one row per statement costs a round trip each)."""
    copie = "COPY " + sql.removeprefix("INSERT INTO ").split(" VALUES ")[0] + " FROM STDIN"
    with dbapi.cursor() as curseur, curseur.copy(copie) as flux:
        for ligne in tuples:
            flux.write_row(ligne)


Fabrique = Callable[[dict[str, Any]], tuple[Any, ...]]


@lru_cache(maxsize=64)
def _preparer(t: Table, cles: tuple[str, ...], dialect: Dialect) -> tuple[str, Fabrique]:
    """The INSERT for these columns, and the function turning a row dict into its tuple: the
    given columns first (fetched in one C call), then the defaults of the missing ones."""
    fournies = [c for c in t.columns if c.name in cles]
    defauts = [c for c in t.columns if c.name not in cles and _defaut(c) is not None]
    marque = "?" if dialect.paramstyle == "qmark" else "%s"
    preparer = dialect.identifier_preparer
    sql = (f"INSERT INTO {preparer.format_table(t)} "
           f"({', '.join(preparer.format_column(c) for c in fournies + defauts)}) "
           f"VALUES ({', '.join([marque] * (len(fournies) + len(defauts)))})")
    return sql, _fabrique(fournies, defauts, dialect)


def _fabrique(fournies: list[Column[Any]], defauts: list[Column[Any]], dialect: Dialect) -> Fabrique:
    noms = [c.name for c in fournies]
    prendre = itemgetter(*noms) if len(noms) > 1 else (lambda ligne: (ligne[noms[0]],))
    processeurs = [(i, _par_instant(c, p)) for i, c in enumerate(fournies)
                   if (p := _processeur(c, dialect))]
    complements = [_avec_processeur(_defaut(c), _processeur(c, dialect)) for c in defauts]

    def fabriquer(ligne: dict[str, Any]) -> tuple[Any, ...]:
        valeurs = list(prendre(ligne))
        for i, processeur in processeurs:
            valeurs[i] = processeur(valeurs[i])
        valeurs.extend(f() for f in complements)
        return tuple(valeurs)

    return fabriquer


def _processeur(colonne: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    return colonne.type.dialect_impl(dialect).bind_processor(dialect)


def _par_instant(colonne: Column[Any], processeur: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Date and time columns: the rows of a batch share their timestamps (one `instant` object),
    so the value last converted is remembered (by identity: dates are immutable) and the driver
    formatting, pure Python on SQLite, runs once per batch instead of once per row."""
    if not _est_temporel(colonne):
        return processeur
    memo: list[tuple[Any, Any]] = [(object(), None)]  # one (value, converted) pair, swapped whole

    def convertir(valeur: Any) -> Any:
        connue, convertie = memo[0]
        if valeur is not connue:
            convertie = processeur(valeur)
            memo[0] = (valeur, convertie)
        return convertie

    return convertir


def _est_temporel(colonne: Column[Any]) -> bool:
    type_ = colonne.type
    if isinstance(type_, TypeDecorator):  # `UTCDateTime`: its python_type says `object`
        type_ = type_.impl_instance
    try:
        return issubclass(type_.python_type, date)  # datetime is a date
    except NotImplementedError:
        return False


def _avec_processeur(defaut: Callable[[], Any] | None,
                     processeur: Callable[[Any], Any] | None) -> Callable[[], Any]:
    assert defaut is not None
    return defaut if processeur is None else (lambda: processeur(defaut()))


def _defaut(colonne: Column[Any]) -> Callable[[], Any] | None:
    defaut = colonne.default
    if defaut is None or not (defaut.is_scalar or defaut.is_callable):
        return None
    if defaut.is_scalar:
        valeur = defaut.arg  # type: ignore[attr-defined]
        return lambda: valeur
    fonction = defaut.arg  # type: ignore[attr-defined]
    return lambda: fonction(None)
