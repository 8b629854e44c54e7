"""The programme exchange document (JSON, `programme-15h` version 1.0): writing and reading it.

What it holds and why (docs/programme-schema.md has the field by field description):
- the programme's frame, *without personal data*: no label, no owner, no dates of creation; the
  commune, publics and freins are kept because no tool can read the plan without them;
- each activity with its slots, weeks and weekly hours, and for an offer the full data·inclusion v1
  `Service` record (validated with the schema package), so any tool speaking the national schema
  can show it without our catalogue;
- the week-by-week hours, as computed (readers may use them; the import recomputes them).

Deterministic: no timestamp, lists in the programme's order, so exporting, importing and exporting
again gives the same document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic
from data_inclusion.schema import v1

from catalogue import formats
from catalogue.programmes import heures as h
from catalogue.programmes.erreurs import ErreurChamp, SaisieInvalide
from catalogue.programmes.plan import ActivitePlan, Plan, Semaine
from catalogue.programmes.schema import FORMAT, VERSION, erreurs_schema
from catalogue.referentiels import territoires


def document(plan: Plan, semaines: list[Semaine], parcours: str, motif: str | None,
             services: Mapping[int, dict[str, Any] | None]) -> dict[str, Any]:
    """The exchange document of a plan; `services` gives each activity's v1 record by key."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "programme": _programme(plan, parcours, motif),
        "activites": [_activite(plan, a, services.get(a.cle)) for a in plan.activites],
        "semaines": [_semaine(s) for s in semaines],
    }


def _programme(plan: Plan, parcours: str, motif: str | None) -> dict[str, Any]:
    commune = territoires.commune(plan.commune)
    return {
        "commune": {"code_insee": plan.commune, "nom": commune.nom if commune else plan.commune},
        "publics": list(plan.publics),
        "freins": list(plan.freins),
        "freins_traites_ailleurs": list(plan.freins_ailleurs),
        "debut": plan.debut.isoformat(),
        "fin": h.fin_programme(plan.debut, plan.nombre_semaines).isoformat(),
        "nombre_semaines": plan.nombre_semaines,
        "cible": {"heures_hebdomadaires": plan.cible, "parcours": parcours, "motif_reduction": motif},
        "indisponibilites": [c.as_dict() for c in plan.indisponibilites],
    }


def _activite(plan: Plan, a: ActivitePlan, service: dict[str, Any] | None) -> dict[str, Any]:
    semaines = a.semaines(plan.nombre_semaines)
    heures = a.heures()
    return {
        "numero": a.cle,
        "type": "libre" if a.est_libre else "offre",
        "libelle": a.libelle,
        "offre_id": a.offre_id,
        "creneaux": [c.as_dict() for c in a.creneaux],
        "semaine_debut": semaines.start,
        "semaine_fin": semaines[-1],
        "heures_hebdomadaires": heures.valeur,
        "source_heures": heures.source,
        "heures_saisies": a.heures_saisies,
        "freins_leves": sorted(a.freins_leves()),
        "freins_declares": list(a.freins_declares),
        "raison_suggestion": a.raison,
        "service": _service_valide(service, a) if service is not None else None,
    }


def _service_valide(service: dict[str, Any], a: ActivitePlan) -> dict[str, Any]:
    """Exports must be readable by any data·inclusion tool: an invalid record stops the export."""
    try:
        v1.Service.model_validate(service)
    except pydantic.ValidationError as exc:
        raise ValueError(f"Activité n° {a.cle} : l'offre « {a.offre_id} » n'est pas un service "
                         f"data·inclusion v1 valide ({formats.compte(exc.error_count(), 'erreur')})."
                         ) from exc
    return service


def _semaine(s: Semaine) -> dict[str, Any]:
    return {"numero": s.numero, "debut": s.debut.isoformat(), "heures": s.heures, "cible": s.cible,
            "atteinte": s.atteinte, "incertaine": s.incertaine}


# ------------------------------------------------------------------------------------------------
# Reading


def lire(document: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(programme values, activities) ready for the service layer, or `SaisieInvalide` with paths.

    Checks the document against the schema, then each `service` with the schema package. The
    computed parts (weekly hours, freins lifted, weeks table) are not read back: they follow."""
    erreurs = erreurs_schema(document)
    if not erreurs:
        erreurs = [e for i, a in enumerate(document["activites"]) for e in _erreurs_service(i, a)]
    if erreurs:
        raise SaisieInvalide(erreurs)
    p = document["programme"]
    programme = {
        "commune": p["commune"]["code_insee"], "publics": p["publics"], "freins": p["freins"],
        "freins_ailleurs": p["freins_traites_ailleurs"], "debut": p["debut"],
        "nombre_semaines": p["nombre_semaines"],
        "cible_heures": p["cible"]["heures_hebdomadaires"], "parcours": p["cible"]["parcours"],
        "motif_reduction": p["cible"]["motif_reduction"], "indisponibilites": p["indisponibilites"],
    }
    duree = p["nombre_semaines"]
    return programme, [_lire_activite(a, duree) for a in document["activites"]]


def _erreurs_service(i: int, activite: Mapping[str, Any]) -> list[ErreurChamp]:
    champ = f"document.activites[{i}]"
    if (activite["type"] == "offre") != (activite["offre_id"] is not None):
        return [ErreurChamp(f"{champ}.offre_id", "obligatoire pour une offre, vide sinon")]
    service = activite["service"]
    if service is None:
        return []
    if service.get("id") != activite["offre_id"]:
        return [ErreurChamp(f"{champ}.service.id", "différent de offre_id")]
    try:
        v1.Service.model_validate(service)
    except pydantic.ValidationError as exc:
        return [ErreurChamp(f"{champ}.service.{'.'.join(map(str, e['loc']))}", e["msg"])
                for e in exc.errors()]
    return []


def _lire_activite(a: Mapping[str, Any], duree_programme: int) -> dict[str, Any]:
    """Activity values; the last week is kept only when it differs from what the offer implies."""
    service = a["service"]
    duree_offre = service.get("nombre_semaines") if service else None
    defaut = h.semaines_actives(a["semaine_debut"], None, duree_offre, duree_programme)
    return {
        "offer_id": a["offre_id"],
        "libelle": a["libelle"] if a["type"] == "libre" else None,
        "creneaux": a["creneaux"],
        "semaine_debut": a["semaine_debut"],
        "semaine_fin": None if defaut and defaut[-1] == a["semaine_fin"] else a["semaine_fin"],
        "heures_saisies": a["heures_saisies"],
        "freins": a["freins_declares"],
        "raison": a["raison_suggestion"],
        "service": service,
    }
