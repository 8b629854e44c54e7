"""Packed bit sets over the documents of one segment: `numpy.uint64` arrays, bit i = document i.

Why bit sets: every filter, the eligibility of a commune and each facet value is a set of
documents; intersecting two sets of 100,000 documents is a 1,563-word AND (about a microsecond), and
a facet count is `bitwise_count(AND).sum()`. A matrix of all facet values (`Matrice`) is counted
against a result set in one vectorised call.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Bits = npt.NDArray[np.uint64]
Indices = npt.NDArray[np.int64]


def mots(n: int) -> int:
    """Number of 64-bit words for n documents."""
    return (n + 63) // 64


def vide(n: int) -> Bits:
    return np.zeros(mots(n), dtype=np.uint64)


def plein(n: int) -> Bits:
    return depuis_booleens(np.ones(n, dtype=bool))


def depuis_booleens(booleens: npt.NDArray[np.bool_]) -> Bits:
    n = len(booleens)
    octets = np.packbits(booleens, bitorder="little")
    complet = np.zeros(mots(n) * 8, dtype=np.uint8)
    complet[: len(octets)] = octets
    return complet.view(np.uint64)


def depuis_indices(indices: npt.ArrayLike, n: int) -> Bits:
    booleens = np.zeros(n, dtype=bool)
    booleens[np.asarray(indices, dtype=np.int64)] = True
    return depuis_booleens(booleens)


def indices(b: Bits, n: int) -> Indices:
    """Document numbers in the set, increasing. A sparse set (a commune's eligible offers, a
    page's results) unpacks only its non-zero words, not every document."""
    non_nuls = np.flatnonzero(b)
    if len(non_nuls) * 4 > len(b):
        return np.flatnonzero(np.unpackbits(b.view(np.uint8), count=n, bitorder="little"))
    dedans = np.unpackbits(b[non_nuls].view(np.uint8), bitorder="little").reshape(-1, 64)
    mots_, positions = np.nonzero(dedans)
    docs = non_nuls[mots_] * 64 + positions
    return docs[docs < n]


def compter(b: Bits) -> int:
    return int(np.bitwise_count(b).sum())


def contient(b: Bits, docs: Indices) -> npt.NDArray[np.bool_]:
    """Membership of each document number of `docs` (vectorised bit test)."""
    mots_ = b[docs >> 6]
    return ((mots_ >> (docs & 63).astype(np.uint64)) & np.uint64(1)).astype(bool)


def union(ensembles: list[Bits], n: int) -> Bits:
    if not ensembles:
        return vide(n)
    if len(ensembles) == 1:
        return ensembles[0]
    resultat = ensembles[0] | ensembles[1]
    for e in ensembles[2:]:
        np.bitwise_or(resultat, e, out=resultat)
    return resultat


def intersection(ensembles: list[Bits], n: int) -> Bits:
    if not ensembles:
        return plein(n)
    resultat = ensembles[0].copy()
    for e in ensembles[1:]:
        np.bitwise_and(resultat, e, out=resultat)
    return resultat


def compter_lignes(matrice: npt.NDArray[np.uint64], b: Bits) -> npt.NDArray[np.int64]:
    """Size of (row & b) for each row of a matrix of bit sets."""
    return np.bitwise_count(matrice & b).sum(axis=1, dtype=np.int64)


def au_moins(ensembles: list[Bits], minimum: int, n: int) -> Bits:
    """Documents in at least `minimum` of the sets (a "should match" of a text query)."""
    if minimum <= 1:
        return union(ensembles, n)
    if minimum >= len(ensembles):
        return intersection(ensembles, n)
    comptes = np.zeros(n, dtype=np.uint8)
    for b in ensembles:
        comptes += np.unpackbits(b.view(np.uint8), count=n, bitorder="little")
    return depuis_booleens(comptes >= minimum)
