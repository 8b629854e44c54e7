"""The contract, served: `/api/openapi.json` for programs, `/api/doc` for people.

The human page is rendered on the server from the same OpenAPI document (no script, no CDN, nothing
downloaded): each route with its parameters (type, allowed values, description), its answers and
its example.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from catalogue.api.contrat import specification

bp = Blueprint("api_doc", __name__)


@bp.get("/api/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(specification(request.host_url.rstrip("/") + "/"))


@bp.get("/api/doc")
def page() -> ResponseReturnValue:
    spec = specification(request.host_url.rstrip("/") + "/")
    return render_template("api/doc.html", spec=spec, routes=_routes(spec))


def _routes(spec: dict[str, Any]) -> list[dict[str, Any]]:
    schemas = spec["components"]["schemas"]
    routes = []
    for chemin, methodes in spec["paths"].items():
        op = methodes["get"]
        routes.append({
            "chemin": chemin, "ancre": chemin.strip("/").replace("/", "-").replace("{", "")
            .replace("}", ""), "resume": op["summary"], "etiquette": op["tags"][0],
            "description": op.get("description", ""),
            "parametres": [_parametre(p) for p in op.get("parameters", [])],
            "reponses": [(code, r["description"], _nom_schema(r, schemas))
                         for code, r in op["responses"].items()],
            "exemple": _exemple(op),
        })
    return sorted(routes, key=lambda r: (r["etiquette"] != "Données", r["chemin"]))


def _parametre(p: dict[str, Any]) -> dict[str, Any]:
    schema = p.get("schema", {})
    valeurs = schema.get("enum") or schema.get("items", {}).get("enum") or []
    type_ = schema.get("type", "")
    if type_ == "array":
        type_ = f"liste de {schema.get('items', {}).get('type', 'valeurs')}"
    return {"nom": p["name"], "lieu": p["in"], "obligatoire": p.get("required", False),
            "type": type_, "description": p.get("description", ""), "valeurs": valeurs}


def _nom_schema(reponse: dict[str, Any], schemas: dict[str, Any]) -> str:
    for media, contenu in reponse.get("content", {}).items():
        schema = contenu.get("schema", {})
        ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
        nom = ref.rsplit("/", 1)[-1]
        return f"{media} : {nom}{' (liste)' if 'items' in schema else ''}" if nom else media
    return ""


def _exemple(op: dict[str, Any]) -> str | None:
    for contenu in op["responses"]["200"].get("content", {}).values():
        if "example" in contenu:
            return json.dumps(contenu["example"], ensure_ascii=False, indent=1)
    return None
