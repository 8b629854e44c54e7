"""Settings the import's speed relies on: SQLite's per-connection pragmas and the garbage collector
pacing of `catalogue.ramasse_miettes` (the figures are in `bench/import_detail.py`)."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from sqlalchemy import text

from catalogue import db, ramasse_miettes
from catalogue.ramasse_miettes import collecter_les_jeunes, sans_ramasse_miettes


def test_pragmas_de_chaque_connexion_sqlite(engine: Any) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("pragmas SQLite : sans objet sur PostgreSQL")
    with engine.connect() as connexion:
        def lire(pragma: str) -> Any:
            return connexion.execute(text(f"PRAGMA {pragma}")).scalar()

        assert lire("journal_mode") == "wal"
        assert lire("synchronous") == 1  # NORMAL
        assert lire("foreign_keys") == 1
        assert lire("cache_size") == -db.CACHE_KIO
        assert lire("wal_autocheckpoint") == db.WAL_PAGES_AVANT_CHECKPOINT
        assert lire("journal_size_limit") == db.WAL_PAGES_AVANT_CHECKPOINT * 4096


class _Cycle:
    def __init__(self) -> None:
        self.moi = self


def test_collecter_les_jeunes_attend_le_seuil_puis_ramasse_les_cycles(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert ramasse_miettes.SEUIL_JEUNES >= 100_000
    seuil = 50_000  # lowered for the test
    monkeypatch.setattr(ramasse_miettes, "SEUIL_JEUNES", seuil)
    with sans_ramasse_miettes():
        gc.collect()
        _Cycle()  # cyclic garbage: reference counting never frees it
        en_attente = gc.get_count()[0]
        assert 0 < en_attente < seuil
        collecter_les_jeunes()
        assert gc.get_count()[0] >= en_attente, "below the threshold nothing is collected"

        # objects still alive push the count up (a margin: background threads of earlier tests
        # may free a few objects meanwhile, which lowers the count)
        vivants: list[list[int]] = [[] for _ in range(seuil + 5_000)]
        assert gc.get_count()[0] >= seuil
        ramasses: list[int] = []

        def noter(phase: str, info: dict[str, int]) -> None:
            if phase == "stop":
                ramasses.append(info["collected"])

        gc.callbacks.append(noter)
        try:
            collecter_les_jeunes()
        finally:
            gc.callbacks.remove(noter)
        assert ramasses and ramasses[0] >= 1, "the cycle left behind is collected"
        assert gc.get_count()[0] < seuil
        assert len(vivants) == seuil + 5_000
