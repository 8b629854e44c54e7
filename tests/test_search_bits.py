"""Packed bit sets (`search.bits`): the engine's sets of documents."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from search import bits


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=3000), st.floats(min_value=0.0, max_value=1.0),
       st.integers(min_value=0, max_value=2**32 - 1))
def test_indices_are_the_documents_of_the_set_in_order(n: int, densite: float, graine: int) -> None:
    """Sparse sets (non-zero words only) and dense ones (everything unpacked) give the same
    increasing document numbers, never a padding bit past `n` (a complement sets them)."""
    booleens = np.random.default_rng(graine).random(n) < densite
    ensemble = bits.depuis_booleens(booleens)
    assert np.array_equal(bits.indices(ensemble, n), np.flatnonzero(booleens))
    assert np.array_equal(bits.indices(~ensemble, n), np.flatnonzero(~booleens))


def test_indices_of_an_empty_and_a_full_set() -> None:
    assert bits.indices(bits.vide(130), 130).tolist() == []
    assert bits.indices(bits.plein(130), 130).tolist() == list(range(130))
