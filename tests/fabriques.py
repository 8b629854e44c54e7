"""Small valid data·inclusion v1 records for tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def structure(n: int = 1, **champs: Any) -> dict[str, Any]:
    return {"source": "test", "id": f"test--s{n}", "nom": f"Structure de test {n}",
            "date_maj": "2025-06-01", **champs}


def service(n: int = 1, structure_n: int = 1, **champs: Any) -> dict[str, Any]:
    return {
        "source": "test", "structure_id": f"test--s{structure_n}", "id": f"test--o{n}",
        "nom": f"Atelier numéro {n}", "description": "Un atelier collectif pour avancer ensemble.",
        "date_maj": "2025-06-01", "thematiques": ["numerique--maitriser-les-fondamentaux-du-numerique"],
        "publics": ["tous-publics"], "zone_eligibilite": ["62"], "modes_accueil": ["en-presentiel"],
        "volume_horaire_hebdomadaire": 3.0, "nombre_semaines": 4, **champs,
    }


def ecrire_json(chemin: Path, contenu: Any) -> Path:
    chemin.write_text(json.dumps(contenu, ensure_ascii=False, indent=1), encoding="utf-8")
    return chemin
