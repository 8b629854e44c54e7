"""Another revision of this repository, checked out for a side-by-side benchmark.

    with revision_extraite("9c021b1") as autre:
        ...  # run the same measurement with `cwd=autre`, `PYTHONPATH=autre`

A detached `git worktree` in a temporary folder, removed afterwards (the checkout shares the
object store: nothing is downloaded).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


@contextmanager
def revision_extraite(revision: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bench-revision-") as tmp:
        autre = Path(tmp) / "arbre"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(autre), revision],
                       cwd=RACINE, check=True)
        try:
            yield autre
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(autre)], cwd=RACINE,
                           check=False)
