"""Who reads the API and how much: API keys, rate limits, CORS.

- Reads of published data are open. A partner may send an API key (`Authorization: Bearer …`,
  created by `catalogue tokens create NOM`): the key identifies it and has its own, higher limit. An
  unknown or revoked key is refused (401) rather than silently treated as anonymous, so a partner
  notices a revocation at once.
- A key is 32 random bytes shown once; the database keeps its SHA-256 only. A slow password hash
  (argon2) protects guessable passwords; a random 256-bit key cannot be guessed, and a fast hash lets
  every request be checked with one indexed lookup.
- Rate limits (flask-limiter): per IP without a key (`API_LIMITE_ANONYME`), per key with one
  (`API_LIMITE_CLE`). Storage `API_LIMITES_STOCKAGE` is `memory://` by default: right for one
  process; with several workers or machines, point it at a shared store (`redis://…`), otherwise
  each worker counts on its own.
- CORS (flask-cors): any origin may read `/api/*` and `/widget` with GET; no cookies are sent.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import Flask, current_app, g, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlmodel import Session, select

from catalogue import db
from catalogue.api.erreurs import ErreurApi
from catalogue.api.models import JetonApi
from catalogue.models import maintenant

PREFIXE_CLE = "oi_"


def _empreinte(cle: str) -> str:
    return hashlib.sha256(cle.encode()).hexdigest()


def creer_jeton(session: Session, nom: str) -> str:
    """A new key for `nom` (returned once, never stored in clear)."""
    nom = nom.strip()
    if not nom or len(nom) > 100:
        raise ValueError("Nom de partenaire attendu (100 caractères au plus).")
    if session.exec(select(JetonApi).where(JetonApi.nom == nom)).first() is not None:
        raise ValueError(f"Une clé existe déjà pour « {nom} » : révoquez-la ou choisissez un "
                         "autre nom.")
    cle = PREFIXE_CLE + secrets.token_urlsafe(32)
    session.add(JetonApi(nom=nom, empreinte=_empreinte(cle)))
    session.commit()
    return cle


def revoquer_jeton(session: Session, nom: str) -> bool:
    jeton = session.exec(select(JetonApi).where(JetonApi.nom == nom,
                                                JetonApi.revoque_le.is_(None))).first()  # type: ignore[union-attr]
    if jeton is None:
        return False
    jeton.revoque_le = maintenant()
    session.commit()
    return True


def jetons(session: Session) -> list[JetonApi]:
    return list(session.exec(select(JetonApi).order_by(JetonApi.nom)))


def jeton_de_la_requete() -> JetonApi | None:
    """The valid key sent with this request (None without one); 401 for a bad one."""
    if "api_jeton" in g:
        jeton: JetonApi | None = g.api_jeton
        return jeton
    g.api_jeton = None
    entete = request.headers.get("Authorization", "")
    if not entete:
        return None
    schema, _, cle = entete.partition(" ")
    if schema.lower() != "bearer" or not cle.strip():
        raise ErreurApi(401, "En-tête Authorization attendu sous la forme « Bearer CLÉ ».",
                        ("header", "Authorization"), "cle_invalide")
    trouve = db.session().exec(select(JetonApi).where(
        JetonApi.empreinte == _empreinte(cle.strip()))).first()
    if trouve is None or trouve.revoque_le is not None:
        raise ErreurApi(401, "Clé d'API inconnue ou révoquée.", ("header", "Authorization"),
                        "cle_invalide")
    g.api_jeton = trouve
    return trouve


def _identifiant() -> str:
    """The rate-limit bucket: the key when there is one, else the client's IP."""
    jeton = jeton_de_la_requete()
    return f"cle:{jeton.id}" if jeton is not None else f"ip:{get_remote_address()}"


def _limite() -> str:
    cle = "API_LIMITE_CLE" if jeton_de_la_requete() is not None else "API_LIMITE_ANONYME"
    return str(current_app.config[cle])


def _hors_api() -> bool:
    return not _est_limitee(request.path)


def _est_limitee(chemin: str) -> bool:
    return chemin.startswith(("/api/v1/", "/widget"))


def _verifier_cle() -> None:
    """Before every API and widget request: a bad key is a 401 before anything else."""
    if _est_limitee(request.path) and request.method != "OPTIONS":
        jeton_de_la_requete()


def init_app(app: Flask) -> None:
    app.config.setdefault("API_LIMITE_ANONYME", "120 per minute")
    app.config.setdefault("API_LIMITE_CLE", "3000 per minute")
    app.config.setdefault("API_LIMITES_STOCKAGE", "memory://")
    app.config.setdefault("API_LIMITES_ACTIVES", True)
    app.before_request(_verifier_cle)
    app.extensions["catalogue.limiteur"] = Limiter(
        key_func=_identifiant, app=app, default_limits=[_limite],
        default_limits_exempt_when=_hors_api, headers_enabled=True,
        storage_uri=app.config["API_LIMITES_STOCKAGE"],
        enabled=bool(app.config["API_LIMITES_ACTIVES"]))
    CORS(app, resources={r"/api/*": {"origins": "*"}, r"/widget*": {"origins": "*"}},
         methods=["GET", "HEAD", "OPTIONS"], allow_headers=["Authorization"],
         expose_headers=["ETag", "Last-Modified", "Retry-After", "X-RateLimit-Limit",
                         "X-RateLimit-Remaining", "X-RateLimit-Reset"],
         supports_credentials=False, send_wildcard=True, vary_header=False)
