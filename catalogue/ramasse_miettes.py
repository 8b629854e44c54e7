"""Pausing Python's automatic garbage collector around allocation-heavy work.

On Python 3.11 every full collection walks every object of the process. Three places allocate
enough to trigger many of them while holding many objects: loading the territories (some 300,000
small objects), a programme suggestion (a thousand candidates) and an import (one report item per
record). In each, the objects are freed by reference counting; the collections found nothing and
were a large share of the time (bench/import.py, bench/programme.py). `sans_ramasse_miettes()`
turns automatic collection off for the block; `collecter_les_jeunes()` lets a long block (an
import, per batch) still collect the cycles it makes, cheaply.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sans_ramasse_miettes() -> Iterator[None]:
    actif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if actif:
            gc.enable()


def collecter_les_jeunes() -> None:
    """Collect the two young generations: what the last steps allocated, not the whole process."""
    gc.collect(1)
