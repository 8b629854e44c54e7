"""JSON Schema of the programme exchange format, and a small validator for the part of JSON Schema
it uses.

`SCHEMA` is built here, from our own definitions and the data·inclusion v1 `Service` schema that the
schema package generates (never retyped); `docs/programme.schema.json` is this dict written out, and
a test keeps the two equal. `python -m catalogue.programmes.schema` prints it.

Why a validator of our own: the `jsonschema` package is not a dependency of the project. This one
covers exactly the keywords the schema uses (`$ref` to `#/$defs`, `anyOf`, `const`, `enum`, `type`,
`properties`, `required`, `additionalProperties`, `items`, `minItems`, `maxItems`, `uniqueItems`,
`minLength`, `maxLength`, `pattern`, `minimum`, `maximum`) and names the path of each error; the
`format` keyword is an annotation, as in JSON Schema 2020-12 by default.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from data_inclusion.schema import v1

from catalogue import formats
from catalogue.programmes.erreurs import ErreurChamp
from catalogue.programmes.heures import JOURS, SEMAINES_MAX, SOURCES_HEURES
from catalogue.programmes.models import MotifReduction, Parcours
from catalogue.referentiels import freins as ref_freins

FORMAT = "programme-15h"
VERSION = "1.0"
_HEURE = r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"


def _ou_null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _objet(proprietes: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    """An object whose every property is required (null when absent): readers never guess."""
    objet: dict[str, Any] = {"type": "object", "additionalProperties": False,
                             "required": list(proprietes), "properties": proprietes}
    if description:
        objet["description"] = description
    return objet


def _freins() -> dict[str, Any]:
    return {"type": "array", "uniqueItems": True, "items": {"$ref": "#/$defs/Frein"}}


def _semaine_numero() -> dict[str, Any]:
    return {"type": "integer", "minimum": 1, "maximum": SEMAINES_MAX}


def _date() -> dict[str, Any]:
    return {"type": "string", "format": "date", "pattern": _DATE}


def _definitions() -> dict[str, Any]:
    return {
        "Frein": {"description": "Frein (catalogue.referentiels.freins)",
                  "enum": [f.slug for f in ref_freins.FREINS]},
        "Creneau": _objet({
            "jour": {"enum": list(JOURS), "description": "Jour (code OpenStreetMap, lundi à samedi)"},
            "debut": {"type": "string", "pattern": _HEURE},
            "fin": {"type": "string", "pattern": _HEURE},
        }, "Créneau hebdomadaire"),
        "Programme": _programme(),
        "Activite": _activite(),
        "Semaine": _objet({
            "numero": _semaine_numero(), "debut": _date(),
            "heures": {"type": "number", "minimum": 0}, "cible": {"type": "number", "minimum": 0},
            "atteinte": {"type": "boolean"}, "incertaine": {"type": "boolean"},
        }, "Heures prévues d'une semaine (calculées : ignorées à l'import)"),
    }


def _programme() -> dict[str, Any]:
    return _objet({
        "commune": _objet({"code_insee": {"type": "string", "pattern": r"^(\d{5}|2[AB]\d{3})$"},
                           "nom": {"type": "string"}}),
        "publics": {"type": "array", "uniqueItems": True, "items": {"$ref": "#/$defs/Public"}},
        "freins": _freins(),
        "freins_traites_ailleurs": _freins(),
        "debut": _date(),
        "fin": _date(),
        "nombre_semaines": _semaine_numero(),
        "cible": _objet({
            "heures_hebdomadaires": {"type": "number", "minimum": 1, "maximum": 35},
            "parcours": {"enum": [p.value for p in Parcours]},
            "motif_reduction": _ou_null({"enum": [m.value for m in MotifReduction]}),
        }),
        "indisponibilites": {"type": "array", "items": {"$ref": "#/$defs/Creneau"}},
    }, "Cadre du programme, sans donnée nominative")


def _activite() -> dict[str, Any]:
    return _objet({
        "numero": {"type": "integer", "minimum": 1},
        "type": {"enum": ["offre", "libre"]},
        "libelle": {"type": "string", "minLength": 1, "maxLength": 150},
        "offre_id": _ou_null({"type": "string", "minLength": 1}),
        "creneaux": {"type": "array", "items": {"$ref": "#/$defs/Creneau"}},
        "semaine_debut": _semaine_numero(),
        "semaine_fin": _semaine_numero(),
        "heures_hebdomadaires": {"type": "number", "minimum": 0},
        "source_heures": {"enum": list(SOURCES_HEURES)},
        "heures_saisies": _ou_null({"type": "number", "minimum": 0}),
        "freins_leves": _freins(),
        "freins_declares": _freins(),
        "raison_suggestion": _ou_null({"type": "string"}),
        "service": _ou_null({"$ref": "#/$defs/Service"}),
    }, "Une activité : une offre du catalogue (avec son enregistrement data·inclusion v1) ou une "
       "activité libre")


@cache
def _schema() -> dict[str, Any]:
    service = v1.Service.model_json_schema()
    definitions = {**service.pop("$defs"), "Service": service, **_definitions()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:offres-insertion:{FORMAT}:{VERSION}",
        "title": "Programme hebdomadaire d'activités (15 heures)",
        "description": "Format d'échange des programmes de 15 heures, version " + VERSION
                       + ". Voir docs/programme-schema.md.",
        **_objet({
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "programme": {"$ref": "#/$defs/Programme"},
            "activites": {"type": "array", "items": {"$ref": "#/$defs/Activite"}},
            "semaines": {"type": "array", "items": {"$ref": "#/$defs/Semaine"}},
        }),
        "$defs": definitions,
    }


def schema() -> dict[str, Any]:
    """The schema as a fresh dict (callers may change theirs)."""
    return copy.deepcopy(_schema())


# ------------------------------------------------------------------------------------------------
# Validation

_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, Mapping),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool)
    or isinstance(v, float) and v.is_integer(),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}
_NOMS_TYPES = {"object": "objet", "array": "liste", "string": "texte", "boolean": "booléen",
               "null": "null", "integer": "entier", "number": "nombre"}


def erreurs_schema(document: Any, racine: Mapping[str, Any] | None = None) -> list[ErreurChamp]:
    """Every way `document` departs from the schema, each with its path (`activites[0].creneaux`)."""
    racine = racine if racine is not None else _schema()
    return list(_valider(document, racine, racine, "document"))


def _valider(valeur: Any, s: Mapping[str, Any], racine: Mapping[str, Any], chemin: str
             ) -> Iterator[ErreurChamp]:
    if "$ref" in s:
        yield from _valider(valeur, _resoudre(s["$ref"], racine), racine, chemin)
    if "anyOf" in s and not any(not list(_valider(valeur, x, racine, chemin)) for x in s["anyOf"]):
        yield ErreurChamp(chemin, "valeur d'un type inattendu")
    if "const" in s and valeur != s["const"]:
        yield ErreurChamp(chemin, f"« {s['const']} » attendu")
    if "enum" in s and valeur not in s["enum"]:
        yield ErreurChamp(chemin, f"valeur inconnue « {valeur} »")
    if "type" in s and not _du_type(valeur, s["type"]):
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        yield ErreurChamp(chemin, f"{' ou '.join(_NOMS_TYPES[t] for t in types)} attendu")
        return
    yield from _valider_texte(valeur, s, chemin)
    yield from _valider_nombre(valeur, s, chemin)
    yield from _valider_liste(valeur, s, racine, chemin)
    yield from _valider_objet(valeur, s, racine, chemin)


def _resoudre(ref: str, racine: Mapping[str, Any]) -> Mapping[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"Référence non prise en charge : {ref}")
    cible: Any = racine
    for morceau in ref[2:].split("/"):
        cible = cible[morceau]
    return cible


def _du_type(valeur: Any, types: str | list[str]) -> bool:
    return any(_TYPES[t](valeur) for t in ([types] if isinstance(types, str) else types))


def _valider_texte(valeur: Any, s: Mapping[str, Any], chemin: str) -> Iterator[ErreurChamp]:
    if not isinstance(valeur, str):
        return
    if len(valeur) < s.get("minLength", 0):
        yield ErreurChamp(chemin, f"au moins {formats.compte(s['minLength'], 'caractère')}")
    if "maxLength" in s and len(valeur) > s["maxLength"]:
        yield ErreurChamp(chemin, f"{s['maxLength']} caractères au plus")
    if "pattern" in s and not re.search(s["pattern"], valeur):
        yield ErreurChamp(chemin, f"format inattendu « {valeur} »")


def _valider_nombre(valeur: Any, s: Mapping[str, Any], chemin: str) -> Iterator[ErreurChamp]:
    if not _TYPES["number"](valeur):
        return
    if "minimum" in s and valeur < s["minimum"]:
        yield ErreurChamp(chemin, f"au moins {s['minimum']}")
    if "maximum" in s and valeur > s["maximum"]:
        yield ErreurChamp(chemin, f"au plus {s['maximum']}")


def _valider_liste(valeur: Any, s: Mapping[str, Any], racine: Mapping[str, Any], chemin: str
                   ) -> Iterator[ErreurChamp]:
    if not isinstance(valeur, list):
        return
    if len(valeur) < s.get("minItems", 0):
        yield ErreurChamp(chemin, f"au moins {formats.compte(s['minItems'], 'élément')}")
    if "maxItems" in s and len(valeur) > s["maxItems"]:
        yield ErreurChamp(chemin, f"{s['maxItems']} éléments au plus")
    if s.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in valeur}) < len(valeur):
        yield ErreurChamp(chemin, "valeurs en double")
    if "items" in s:
        for i, element in enumerate(valeur):
            yield from _valider(element, s["items"], racine, f"{chemin}[{i}]")


def _valider_objet(valeur: Any, s: Mapping[str, Any], racine: Mapping[str, Any], chemin: str
                   ) -> Iterator[ErreurChamp]:
    if not isinstance(valeur, Mapping):
        return
    for cle in s.get("required", ()):
        if cle not in valeur:
            yield ErreurChamp(f"{chemin}.{cle}", "champ obligatoire manquant")
    proprietes = s.get("properties", {})
    for cle, element in valeur.items():
        if cle in proprietes:
            yield from _valider(element, proprietes[cle], racine, f"{chemin}.{cle}")
        elif s.get("additionalProperties") is False:
            yield ErreurChamp(f"{chemin}.{cle}", "champ inconnu du format")


def main() -> int:
    sys.stdout.write(json.dumps(schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
