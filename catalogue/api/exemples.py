"""Examples shown in the contract (fictitious, like the demo catalogue; `tests/test_api_contrat.py`
checks that each one fits its own schema)."""

from __future__ import annotations

from typing import Any

STRUCTURE: dict[str, Any] = {
    "source": "demo", "id": "demo--mission-locale-lens", "nom": "Mission locale de Lens (exemple)",
    "date_maj": "2026-10-01", "description": "Accompagnement des jeunes de 16 à 25 ans.",
    "lien_source": None, "siret": None, "commune": "Lens", "code_postal": "62300",
    "code_insee": "62498", "adresse": "1 rue de l'Exemple", "complement_adresse": None,
    "longitude": 2.8319, "latitude": 50.4322, "telephone": None, "courriel": None,
    "site_web": None, "horaires_accueil": "Mo-Fr 09:00-12:00", "accessibilite_lieu": None,
    "reseaux_porteurs": ["mission-locale"],
}

SERVICE: dict[str, Any] = {
    "source": "demo", "structure_id": "demo--mission-locale-lens", "id": "demo--permis-lens",
    "nom": "Préparer le code de la route", "description": "Séances collectives de code, 2 matins "
    "par semaine.", "lien_source": None, "date_maj": "2026-10-01", "type": "atelier",
    "thematiques": ["mobilite--preparer-un-permis"], "frais": "gratuit",
    "frais_precisions": None, "publics": ["jeunes"], "publics_precisions": None,
    "conditions_acces": None, "commune": "Lens", "code_postal": "62300", "code_insee": "62498",
    "adresse": "1 rue de l'Exemple", "complement_adresse": None, "longitude": 2.8319,
    "latitude": 50.4322, "telephone": None, "courriel": None, "modes_accueil": ["en-presentiel"],
    "zone_eligibilite": ["62"], "contact_nom_prenom": None, "lien_mobilisation": None,
    "modes_mobilisation": ["se-presenter"], "mobilisable_par": ["usagers"],
    "mobilisation_precisions": None, "volume_horaire_hebdomadaire": 6.0, "nombre_semaines": 8,
    "horaires_accueil": "Tu,Th 09:00-12:00", "score_qualite": 0.8,
}

RECHERCHE: dict[str, Any] = {
    "items": [{"service": {**SERVICE, "structure": STRUCTURE}, "distance": 2, "distance_km": 2.41,
               "distance_estimee": False, "score": 0.0, "eligibilite": "departement"}],
    "total": 1, "page": 1, "size": 1, "pages": 1,
    "facets": {"freins": {"mobilite": 1}}, "suggestions": [],
}
