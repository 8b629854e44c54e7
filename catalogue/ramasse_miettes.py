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


#: objects allocated and still alive since the last collection beyond which `collecter_les_jeunes`
#: collects (Python's own first threshold is 700). An import keeps about four objects per record
#: (its report line) and makes little cyclic garbage (about a batch's worth at each search index
#: commit, through an exception's traceback in Whoosh): this bounds that garbage to some tens of
#: megabytes while a 100,000-record import does not collect at all.
SEUIL_JEUNES = 500_000


def collecter_les_jeunes() -> None:
    """Collect the two young generations (what the last steps allocated, not the whole process)
    once `SEUIL_JEUNES` objects have piled up since the last collection.

    A collection walks every object allocated since the previous one and still alive: in an import,
    mostly the records and results of the packets in flight, which die a few batches later anyway.
    Collecting after every batch walked them again and again (some 30,000 objects a batch, over
    3 s of a 100,000-service import, `bench/import_detail.py`); cyclic garbage, which reference
    counting never frees, still counts towards the threshold."""
    if gc.get_count()[0] >= SEUIL_JEUNES:
        gc.collect(1)
