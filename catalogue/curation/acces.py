"""Accounts, sign-in and who may curate what.

- Passwords are kept as argon2id hashes (`argon2-cffi`, its recommended parameters); a hash made
  with older parameters is upgraded at the next sign-in.
- Guessing is slowed down per account and address: after `ECHECS_MAX` failed sign-ins within
  `FENETRE` on one account from one address (or `ECHECS_MAX_ADRESSE` from one address on any
  accounts), sign-in is refused (password not even checked) until the oldest of them is that old.
  Attempts are counted atomically (written before the check), and one process checks at most
  `HACHAGES_SIMULTANES` passwords at once.
- The Flask session (a signed cookie: HttpOnly, SameSite=Lax, Secure when configured) holds the
  user id and the token of a server-side session (`SessionConnectee`); both are read from the
  database on every request, so signing out, changing the password, deactivating an account or
  changing a role takes effect at once. Signing in starts a new session (no fixation).
- Roles: a **référent** searches (public anyway) and owns programmes; an **animateur** curates the
  offers of their départements; an **admin** curates everything and manages accounts.

**Territory rule.** An animateur of département D may curate an offer when the offer *touches* D:
its place (`code_insee`) is in D, or its `zone_eligibilite` names a commune of D, an EPCI with a
commune in D, or D itself. National offers (`france`, a country code, or no zone) belong to no
département: only an admin curates them, unless their place is in D — one département's animateur
must not change for the whole country what every other département relies on. A structure is
curable when its place is in D or one of its offers is.
"""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, g, redirect, request, session, url_for
from sqlalchemy import delete
from sqlmodel import Session, col, select

from catalogue import db
from catalogue.models import (
    Offer,
    Role,
    SessionConnectee,
    Structure,
    TentativeConnexion,
    Utilisateur,
    maintenant,
)
from catalogue.referentiels import territoires

_HACHEUR = PasswordHasher()
LONGUEUR_MIN = 12

F = TypeVar("F", bound=Callable[..., Any])


@functools.cache
def _hash_leurre() -> str:
    """Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong
    password. Made on first use: an argon2 hash costs about 0.12 s of CPU, which every start of
    the module paid (each `catalogue` command, each import run during the day's load)."""
    return _HACHEUR.hash("leurre-pour-temps-constant")


class CompteInvalide(ValueError):
    """A user cannot be created as asked; the message is French."""


# ------------------------------------------------------------------------------------------------
# Accounts


def hacher(mot_de_passe: str) -> str:
    return _HACHEUR.hash(mot_de_passe)


def creer_utilisateur(s: Session, courriel: str, mot_de_passe: str, role: str,
                      departements: Iterable[str] = (), nom: str | None = None) -> Utilisateur:
    """Create an account (the `catalogue users create` command); checks role, départements and
    password length. The caller commits."""
    courriel = courriel.strip().lower()
    deps = sorted({d.strip().upper() for d in departements if d.strip()})
    _verifier_compte(s, courriel, mot_de_passe, role, deps)
    utilisateur = Utilisateur(courriel=courriel, nom=nom, hash_mot_de_passe=hacher(mot_de_passe),
                              role=role, departements=deps)
    s.add(utilisateur)
    s.flush()
    return utilisateur


def _verifier_compte(s: Session, courriel: str, mot_de_passe: str, role: str,
                     deps: list[str]) -> None:
    if "@" not in courriel or len(courriel) > 254:
        raise CompteInvalide(f"Adresse de courriel invalide « {courriel} ».")
    if role not in {r.value for r in Role}:
        raise CompteInvalide(f"Rôle inconnu « {role} » : referent, animateur ou admin.")
    inconnus = [d for d in deps if territoires.departement(d) is None]
    if inconnus:
        raise CompteInvalide(f"Département inconnu « {inconnus[0]} ».")
    if role == Role.ANIMATEUR and not deps:
        raise CompteInvalide("Un animateur doit avoir au moins un département (--departement).")
    if len(mot_de_passe) < LONGUEUR_MIN:
        raise CompteInvalide(f"Mot de passe trop court : au moins {LONGUEUR_MIN} caractères.")
    if s.exec(select(Utilisateur).where(Utilisateur.courriel == courriel)).first():
        raise CompteInvalide(f"Un compte existe déjà pour « {courriel} ».")


class TropDeTentatives(Exception):
    """Too many failed sign-ins lately (on this account from this address, or from this address
    on any account); `minutes` before the next try."""

    def __init__(self, minutes: int) -> None:
        super().__init__(minutes)
        self.minutes = minutes


#: failed sign-ins on one account from one address before that pair waits
ECHECS_MAX = 5
#: failed sign-ins from one address, whatever the accounts, before the address waits
ECHECS_MAX_ADRESSE = 20
FENETRE = timedelta(minutes=15)
#: password hashes checked at once by one server process: argon2 takes 64 MiB and a core each,
#: so a burst of sign-ins waits its turn instead of taking the server's memory and CPU
HACHAGES_SIMULTANES = 2
_HACHAGES = threading.BoundedSemaphore(HACHAGES_SIMULTANES)


def authentifier(s: Session, courriel: str, mot_de_passe: str,
                 adresse: str = "") -> Utilisateur | None:
    """The active user with these credentials, or None (same work either way).

    The attempt is committed before anything is checked, then the recent attempts are counted
    with it: of N simultaneous attempts, at most the limit get a password check. Raises
    `TropDeTentatives` (nothing checked) past `ECHECS_MAX` for this account from this address or
    `ECHECS_MAX_ADRESSE` from this address: someone failing on purpose from elsewhere cannot lock
    an account out. Commits."""
    courriel = courriel.strip().lower()[:254]
    adresse = (adresse or "")[:64]
    tentative = _reserver(s, courriel, adresse)
    attente = _attente(s, courriel, adresse, tentative.id)
    if attente is not None:
        s.delete(tentative)
        s.commit()
        raise TropDeTentatives(attente)
    utilisateur = s.exec(select(Utilisateur).where(Utilisateur.courriel == courriel)).first()
    if utilisateur is None or not utilisateur.actif:
        _verifier_hash(_hash_leurre(), mot_de_passe)
        return None
    if not _verifier_hash(utilisateur.hash_mot_de_passe, mot_de_passe):
        return None
    if _HACHEUR.check_needs_rehash(utilisateur.hash_mot_de_passe):
        utilisateur.hash_mot_de_passe = hacher(mot_de_passe)
    utilisateur.derniere_connexion = maintenant()
    s.add(utilisateur)
    s.execute(delete(TentativeConnexion).where(col(TentativeConnexion.courriel) == courriel,
                                               col(TentativeConnexion.adresse) == adresse))
    s.commit()
    return utilisateur


def _reserver(s: Session, courriel: str, adresse: str) -> TentativeConnexion:
    """Write the attempt (a failure until proven otherwise); attempts older than the window count
    no more and are removed."""
    s.execute(delete(TentativeConnexion).where(col(TentativeConnexion.quand)
                                               < maintenant() - FENETRE))
    tentative = TentativeConnexion(courriel=courriel, adresse=adresse)
    s.add(tentative)
    s.commit()
    return tentative


def _attente(s: Session, courriel: str, adresse: str, moi: int | None) -> int | None:
    """Minutes this attempt must wait, or None when it may go on. Counts every attempt in the
    window, those still being checked included, but this one."""
    autres = select(TentativeConnexion.quand).where(col(TentativeConnexion.id) != moi,
                                                    col(TentativeConnexion.quand)
                                                    >= maintenant() - FENETRE)
    par_compte = autres.where(col(TentativeConnexion.courriel) == courriel,
                              col(TentativeConnexion.adresse) == adresse)
    par_adresse = autres.where(col(TentativeConnexion.adresse) == adresse)
    attentes = [_minutes_restantes(s, requete, limite) for requete, limite in
                ((par_compte, ECHECS_MAX), (par_adresse, ECHECS_MAX_ADRESSE))]
    return max((a for a in attentes if a is not None), default=None)


def _minutes_restantes(s: Session, requete: Any, limite: int) -> int | None:
    recents = s.exec(requete.order_by(col(TentativeConnexion.quand).desc()).limit(limite)).all()
    if len(recents) < limite:
        return None
    reste = _utc(recents[-1]) + FENETRE - maintenant()
    return max(1, math.ceil(reste.total_seconds() / 60))


def _utc(instant: datetime) -> datetime:
    """SQLite gives back naive datetimes (stored in UTC), PostgreSQL aware ones."""
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def _verifier_hash(hash_: str, mot_de_passe: str) -> bool:
    with _HACHAGES:
        try:
            return _HACHEUR.verify(hash_, mot_de_passe)
        except (VerificationError, InvalidHashError):
            return False


def changer_mot_de_passe(s: Session, utilisateur: Utilisateur, mot_de_passe: str) -> None:
    """New password (same length rule as at creation); every open session of the account ends.
    The caller commits."""
    if len(mot_de_passe) < LONGUEUR_MIN:
        raise CompteInvalide(f"Mot de passe trop court : au moins {LONGUEUR_MIN} caractères.")
    utilisateur.hash_mot_de_passe = hacher(mot_de_passe)
    s.add(utilisateur)
    revoquer_sessions(s, utilisateur)


def desactiver(s: Session, utilisateur: Utilisateur) -> None:
    """The account can no longer sign in and its open sessions end. The caller commits."""
    utilisateur.actif = False
    s.add(utilisateur)
    revoquer_sessions(s, utilisateur)


# ------------------------------------------------------------------------------------------------
# Session: the cookie says which server-side session it is; the database says whether it still is

CLE_JETON = "session_jeton"


def _empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def ouvrir_session(s: Session, utilisateur: Utilisateur, duree: timedelta) -> None:
    """Sign in: a new cookie session (nothing from before survives: no fixation) tied to a new
    server-side session row. Commits."""
    jeton = secrets.token_urlsafe(32)
    s.execute(delete(SessionConnectee).where(col(SessionConnectee.utilisateur_id) == utilisateur.id,
                                             col(SessionConnectee.expire_le) < maintenant()))
    assert utilisateur.id is not None
    s.add(SessionConnectee(empreinte=_empreinte(jeton), utilisateur_id=utilisateur.id,
                           expire_le=maintenant() + duree))
    s.commit()
    session.clear()
    session["utilisateur_id"] = utilisateur.id
    session[CLE_JETON] = jeton
    session.permanent = True


def fermer_session(s: Session) -> None:
    """Sign out: the server-side session is deleted, so a saved copy of the cookie is worthless."""
    jeton = session.get(CLE_JETON)
    if isinstance(jeton, str):
        s.execute(delete(SessionConnectee).where(col(SessionConnectee.empreinte)
                                                 == _empreinte(jeton)))
        s.commit()
    session.clear()


def revoquer_sessions(s: Session, utilisateur: Utilisateur) -> None:
    """End every session of an account (the caller commits)."""
    s.execute(delete(SessionConnectee).where(col(SessionConnectee.utilisateur_id)
                                             == utilisateur.id))


def utilisateur_courant() -> Utilisateur | None:
    """The signed-in, active user of this request, or None (also when the session was revoked
    or has expired server side)."""
    if "utilisateur" not in g:
        g.utilisateur = _utilisateur_de_session()
    return cast(Utilisateur | None, g.utilisateur)


def _utilisateur_de_session() -> Utilisateur | None:
    ident, jeton = session.get("utilisateur_id"), session.get(CLE_JETON)
    if not isinstance(ident, int) or not isinstance(jeton, str):
        return None
    s = db.session()
    ouverte = s.get(SessionConnectee, _empreinte(jeton))
    if ouverte is None or ouverte.utilisateur_id != ident or _utc(ouverte.expire_le) <= maintenant():
        return None
    u = s.get(Utilisateur, ident)
    return u if u is not None and u.actif else None


def connexion_requise(*roles: Role) -> Callable[[F], F]:
    """Views for signed-in users (of one of `roles` when given): others go to the sign-in page,
    or get a 403 when signed in with another role."""
    def decorateur(vue: F) -> F:
        @wraps(vue)
        def protegee(*args: Any, **kwargs: Any) -> Any:
            u = utilisateur_courant()
            if u is None:
                return redirect(url_for("curation.connexion", suite=request.full_path.rstrip("?")))
            if roles and u.role not in roles:
                abort(403, description="Votre rôle ne donne pas accès à cette page.")
            return vue(*args, **kwargs)
        return cast(F, protegee)
    return decorateur


CURATEURS = (Role.ANIMATEUR, Role.ADMIN)


# ------------------------------------------------------------------------------------------------
# Territory


def departements_de_zone(code: str) -> set[str]:
    """Départements a zone code touches (none for `france` and countries)."""
    sorte = territoires.type_de_zone(code)
    if sorte == "commune" and (c := territoires.commune(code)):
        return {c.departement}
    if sorte == "epci":
        return {c.departement for c in territoires.communes_de_epci(code)}
    if sorte == "departement":
        return {code}
    return set()


def departements_offre(offre: Offer | dict[str, Any]) -> set[str]:
    lire = offre.get if isinstance(offre, dict) else lambda c: getattr(offre, c)
    deps = {d for z in lire("zone_eligibilite") or () for d in departements_de_zone(z)}
    code = lire("code_insee")
    lieu = territoires.commune(str(code)) if code else None
    return deps | ({lieu.departement} if lieu else set())


def peut_curer_offre(u: Utilisateur | None, offre: Offer | dict[str, Any]) -> bool:
    if u is None or u.role not in CURATEURS:
        return False
    return u.role == Role.ADMIN or bool(departements_offre(offre) & set(u.departements))


def peut_curer_structure(u: Utilisateur | None, structure: Structure, offres: list[Offer]) -> bool:
    if u is None or u.role not in CURATEURS:
        return False
    if u.role == Role.ADMIN:
        return True
    lieu = territoires.commune(structure.code_insee) if structure.code_insee else None
    if lieu is not None and lieu.departement in u.departements:
        return True
    return any(peut_curer_offre(u, o) for o in offres)


def departements_visibles(u: Utilisateur) -> list[str]:
    """Départements whose lists an animateur sees (all of them for an admin)."""
    if u.role == Role.ADMIN:
        return [d.code for d in territoires.departements()]
    return list(u.departements)


def init_app(app: Any) -> None:
    """Cookies never readable by scripts nor sent by cross-site posts, whatever the configuration
    says (`SESSION_COOKIE_SECURE` stays configurable: off over plain http in dev and tests)."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    if app.config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.context_processor(lambda: {"utilisateur": utilisateur_courant(), "Role": Role})
