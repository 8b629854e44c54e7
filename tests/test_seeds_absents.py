"""Point 18 of issue 18: a clone placed away from `shared/` runs `make test` with the tests that read
the departmental documents skipped (and saying how to point at them); in CI a missing folder fails.
Run for real: pytest in a child process with CATALOGUE_SEEDS pointing at a folder that does not exist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
#: one test that reads a seed document, one that does not
CHOIX = "detection_by_content or binary_file_named_txt"


def lancer(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "DATABASE_URL")}
    env["CATALOGUE_SEEDS"] = str(tmp_path / "pas-de-seeds")
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           "tests/test_import_convention.py", "-k", CHOIX],
                          cwd=RACINE, env=env, capture_output=True, text=True, timeout=300)


def test_outside_ci_the_seed_tests_skip_with_a_message(tmp_path: Path):
    resultat = lancer(tmp_path, ci=None)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "1 passed, 1 skipped" in resultat.stdout
    assert "CATALOGUE_SEEDS=/chemin/vers/seeds" in resultat.stdout


def test_in_ci_a_missing_seed_folder_is_an_error(tmp_path: Path):
    resultat = lancer(tmp_path, ci="true")
    assert resultat.returncode == 1, resultat.stdout + resultat.stderr
    assert "1 failed, 1 passed" in resultat.stdout
    assert "CI=true : leur absence est une erreur" in resultat.stdout
