"""Accounts, sign-in, sessions, CSRF and authorisation, route by route."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from catalogue import db
from catalogue.curation import acces
from catalogue.models import Offer, TentativeConnexion, Utilisateur
from tests.curation_outils import (  # noqa: F401 - fixtures
    MOT_DE_PASSE,
    client_de,
    compte,
    comptes,
    connecter,
    demo,
    poster,
)

OFFRE_62 = "demo--emploi-62498-atelier-cv"      # zone: CA de Lens-Liévin
OFFRE_35 = "demo--emploi-35238-atelier-cv"      # zone: Rennes Métropole only
AUTRE = {OFFRE_62: "demo--emploi-62498-simulation-entretien", OFFRE_35: "demo--emploi-35238-job-dating"}
STRUCTURE_62 = "demo--emploi-62498"
STRUCTURE_35 = "demo--emploi-35238"


# ------------------------------------------------------------------------------------------------
# Accounts


def test_users_create_with_password_on_stdin_hashes_with_argon2(app: Flask, runner: Any):
    resultat = runner.invoke(args=["users", "create", "Anim@Exemple.org", "--role", "animateur",
                                   "--departement", "62", "--departement", "59",
                                   "--password-stdin"], input=MOT_DE_PASSE + "\n")
    assert resultat.exit_code == 0, resultat.output
    assert "Compte créé : anim@exemple.org" in resultat.output
    with app.app_context(), db.session_scope() as s:
        u = s.exec(select(Utilisateur)).one()
    assert u.hash_mot_de_passe.startswith("$argon2id$") and MOT_DE_PASSE not in u.hash_mot_de_passe
    assert (u.role, u.departements) == ("animateur", ["59", "62"])
    assert "anim@exemple.org\tanimateur\t59,62" in runner.invoke(args=["users", "list"]).output


@pytest.mark.parametrize(("arguments", "message"), [
    (["--role", "animateur"], "au moins un département"),
    (["--role", "animateur", "--departement", "999"], "Département inconnu"),
    (["--role", "chef"], "Invalid value"),
])
def test_users_create_refuses_bad_accounts(runner: Any, arguments: list[str], message: str):
    resultat = runner.invoke(args=["users", "create", "x@exemple.org", *arguments,
                                   "--password-stdin"], input=MOT_DE_PASSE + "\n")
    assert resultat.exit_code == 2 and message in resultat.output


def test_short_password_and_duplicate_email_are_refused(app: Flask, runner: Any):
    court = runner.invoke(args=["users", "create", "a@exemple.org", "--role", "referent",
                                "--password-stdin"], input="court\n")
    assert court.exit_code == 2 and "trop court" in court.output
    compte(app, "a@exemple.org", "referent")
    double = runner.invoke(args=["users", "create", "A@exemple.org", "--role", "referent",
                                 "--password-stdin"], input=MOT_DE_PASSE + "\n")
    assert double.exit_code == 2 and "existe déjà" in double.output


# ------------------------------------------------------------------------------------------------
# Sign-in, sessions, CSRF


@pytest.mark.usefixtures("comptes")
def test_login_sets_a_hardened_session_cookie_and_logout_ends_it(app: Flask, client: Any):
    reponse = connecter(client, "anim62@exemple.org")
    assert reponse.location == "/curation/"
    cookie = reponse.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/curation/").status_code == 200
    assert poster(client, "/curation/deconnexion").status_code == 302
    assert client.get("/curation/").status_code == 302


@pytest.mark.usefixtures("comptes")
def test_reads_leave_the_session_cookie_alone(app: Flask, client: Any):
    """A read does not send the cookie again. Otherwise the zone field's suggestions, answered
    after a save (the browser sent them with the older cookie), overwrote the cookie holding
    « Offre enregistrée. » before the redirect read it (seen in Chromium, once in many runs)."""
    connecter(client, "anim62@exemple.org")
    assert "Set-Cookie" in client.get("/curation/").headers, "its form's token is made once"
    for url in ("/curation/", "/curation/zones?q=Lens", "/"):
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        assert "Set-Cookie" not in reponse.headers, url
    assert "Expires=" in connecter(client, "anim62@exemple.org").headers["Set-Cookie"]


def test_secure_cookie_is_configurable(tmp_path: Any):
    from catalogue import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
                      "SEARCH_INDEX_DIR": str(tmp_path / "i"), "SESSION_COOKIE_SECURE": True,
                      "SESSION_COOKIE_HTTPONLY": False, "SESSION_COOKIE_SAMESITE": None})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True, "never readable by scripts"
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.usefixtures("comptes")
def test_wrong_password_or_unknown_email_say_the_same(client: Any):
    for courriel, mot in (("anim62@exemple.org", "faux-mot-de-passe"),
                          ("personne@exemple.org", MOT_DE_PASSE)):
        reponse = poster(client, "/curation/connexion", {"courriel": courriel, "mot_de_passe": mot})
        assert reponse.status_code == 401
        assert "Courriel ou mot de passe incorrect." in reponse.text
        assert f'value="{courriel}"' in reponse.text, "what was typed is kept"


def test_starting_a_command_hashes_no_password() -> None:
    """The decoy hash an unknown e-mail is checked against is made at the first such sign-in,
    not when the module loads (0.12 s of CPU that every `catalogue` command paid)."""
    import subprocess
    import sys

    programme = ("import catalogue.cli, argon2\n"
                 "argon2.PasswordHasher.hash = lambda *a, **k: exit('hash at import')\n"
                 "import importlib, catalogue.curation.acces as a\n"
                 "importlib.reload(a)\n"
                 "assert a._hash_leurre.cache_info().currsize == 0\n")
    sortie = subprocess.run([sys.executable, "-c", programme], capture_output=True, text=True)
    assert sortie.returncode == 0, sortie.stderr or sortie.stdout


@pytest.mark.usefixtures("comptes")
def test_unknown_email_is_checked_against_the_decoy_hash(client: Any):
    acces._hash_leurre.cache_clear()
    poster(client, "/curation/connexion", {"courriel": "personne@exemple.org",
                                           "mot_de_passe": MOT_DE_PASSE})
    assert acces._hash_leurre.cache_info().currsize == 1
    assert acces._hash_leurre().startswith("$argon2")


@pytest.mark.usefixtures("comptes")
def test_disabled_account_cannot_sign_in_and_its_session_stops(app: Flask, runner: Any):
    client = client_de(app, "anim62@exemple.org")
    assert runner.invoke(args=["users", "disable", "anim62@exemple.org"]).exit_code == 0
    assert client.get("/curation/").status_code == 302
    reponse = poster(app.test_client(), "/curation/connexion",
                     {"courriel": "anim62@exemple.org", "mot_de_passe": MOT_DE_PASSE})
    assert reponse.status_code == 401


@pytest.mark.usefixtures("comptes")
def test_login_starts_a_new_session(app: Flask, client: Any):
    with client.session_transaction() as session:
        session["plante"] = "par un tiers"
    connecter(client, "anim62@exemple.org")
    with client.session_transaction() as session:
        assert "plante" not in session and "utilisateur_id" in session


@pytest.mark.usefixtures("comptes")
def test_login_never_redirects_off_site(client: Any):
    for suite in ("https://ailleurs.example/", "//ailleurs.example/", "/\\ailleurs.example"):
        reponse = poster(client, "/curation/connexion", {
            "courriel": "anim62@exemple.org", "mot_de_passe": MOT_DE_PASSE, "suite": suite})
        assert reponse.location == "/curation/"


@pytest.mark.usefixtures("comptes", "demo")
def test_every_post_needs_the_csrf_token(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    for url in ("/curation/deconnexion", f"/curation/offres/{OFFRE_62}/confirmer",
                "/curation/connexion"):
        assert client.post(url, data={}).status_code == 400, url
        assert client.post(url, data={"csrf_token": "faux"}).status_code == 400, url
    reponse = client.post(f"/curation/offres/{OFFRE_62}/confirmer", data={})
    assert "jeton de sécurité" in reponse.text
    client.get("/curation/")  # any page with a form gives the session its token
    with client.session_transaction() as session:
        jeton = session["_csrf"]
    reponse = client.post(f"/curation/offres/{OFFRE_62}/confirmer",
                          headers={"X-CSRF-Token": jeton})
    assert reponse.status_code == 302, "the header works for scripts"


@pytest.mark.usefixtures("comptes", "demo")
def test_forms_carry_the_token(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    page = client.get(f"/curation/offres/{OFFRE_62}/modifier").text
    assert 'name="csrf_token"' in page
    assert page.count('name="csrf_token"') >= 2, "the edit form and the sign-out form"


@pytest.mark.usefixtures("demo")
def test_search_stays_public_and_read_only(client: Any):
    assert client.get("/recherche?commune=62498").status_code == 200
    assert client.get("/api/v1/search/services?commune=62498").status_code == 200
    assert client.get(f"/offres/{OFFRE_62}").status_code == 200
    assert client.post("/recherche", data={}).status_code in (400, 405)


# ------------------------------------------------------------------------------------------------
# Territory rule


@pytest.mark.usefixtures("demo")
def test_territory_rule(app: Flask):
    anim62 = Utilisateur(courriel="a", hash_mot_de_passe="", role="animateur", departements=["62"])
    admin = Utilisateur(courriel="b", hash_mot_de_passe="", role="admin")
    referent = Utilisateur(courriel="c", hash_mot_de_passe="", role="referent")
    with app.app_context(), db.session_scope() as s:
        o62, o35 = s.get(Offer, OFFRE_62), s.get(Offer, OFFRE_35)
    assert acces.peut_curer_offre(anim62, o62) and not acces.peut_curer_offre(anim62, o35)
    assert acces.peut_curer_offre(admin, o35) and not acces.peut_curer_offre(referent, o62)
    national = {"zone_eligibilite": ["france"], "code_insee": "35238"}
    assert not acces.peut_curer_offre(anim62, national), "national offers: admin only…"
    assert acces.peut_curer_offre(anim62, {**national, "code_insee": "62498"}), "…or where they are"
    assert acces.peut_curer_offre(anim62, {"zone_eligibilite": ["62041"], "code_insee": None})
    assert not acces.peut_curer_offre(anim62, {"zone_eligibilite": None, "code_insee": None})


# ------------------------------------------------------------------------------------------------
# Route by route


def _routes_get(offre: str, structure: str) -> list[str]:
    return [f"/curation/offres/{offre}", f"/curation/offres/{offre}/modifier",
            f"/curation/structures/{structure}", f"/curation/structures/{structure}/modifier",
            f"/curation/doublons/comparer?a={offre}&b={AUTRE[offre]}"]


ROUTES_LISTES = ["/curation/revue/", "/curation/qualite/", "/curation/qualite/?liste=a-actualiser",
                 "/curation/doublons/", "/curation/couverture/", "/curation/couverture/carte.svg",
                 "/curation/couverture/couverture.csv"]


def _routes_post(offre: str, structure: str) -> list[tuple[str, dict[str, Any]]]:
    return [(f"/curation/offres/{offre}/confirmer", {}),
            (f"/curation/offres/{offre}/statut", {"statut": "suspendue"}),
            (f"/curation/offres/{offre}/frequence", {"mois": "3"}),
            (f"/curation/offres/{offre}/modifier", {"version": "1", "nom": "Nouveau nom"}),
            (f"/curation/structures/{structure}/modifier", {"nom": "Nouveau nom"}),
            ("/curation/doublons/distincts", {"a": offre, "b": AUTRE[offre]}),
            ("/curation/doublons/fusionner", {"garde": offre, "autre": AUTRE[offre],
                                              "version": "1"})]


@pytest.mark.usefixtures("demo")
def test_anonymous_users_are_sent_to_sign_in(client: Any):
    for url in ["/curation/", "/curation/couverture/commune", *ROUTES_LISTES,
                *_routes_get(OFFRE_62, STRUCTURE_62)]:
        reponse = client.get(url)
        assert reponse.status_code == 302 and "/curation/connexion" in reponse.location, url
    for url, donnees in _routes_post(OFFRE_62, STRUCTURE_62):
        reponse = poster(client, url, donnees)
        assert reponse.status_code == 302 and "/curation/connexion" in reponse.location, url


@pytest.mark.usefixtures("comptes", "demo")
def test_a_referent_cannot_curate(app: Flask):
    client = client_de(app, "referent@exemple.org")
    assert "Mon espace référent" in client.get("/curation/").text
    assert client.get("/curation/couverture/commune?lieu=Lens").status_code == 200
    for url in [*ROUTES_LISTES, *_routes_get(OFFRE_62, STRUCTURE_62)]:
        assert client.get(url).status_code == 403, url
    for url, donnees in _routes_post(OFFRE_62, STRUCTURE_62):
        assert poster(client, url, donnees).status_code == 403, url
    with app.app_context(), db.session_scope() as s:
        assert s.get(Offer, OFFRE_62).version == 1, "nothing was written"


@pytest.mark.usefixtures("comptes", "demo")
def test_an_animateur_of_62_curates_62_only(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    for url in [*ROUTES_LISTES, *_routes_get(OFFRE_62, STRUCTURE_62)]:
        assert client.get(url).status_code == 200, url
    for url in _routes_get(OFFRE_35, STRUCTURE_35):
        assert client.get(url).status_code == 403, url
    for url in ROUTES_LISTES[1:]:  # the queue is not by département
        separateur = "&" if "?" in url else "?"
        assert client.get(f"{url}{separateur}departement=35").status_code == 403, url
    for url, donnees in _routes_post(OFFRE_35, STRUCTURE_35):
        assert poster(client, url, donnees).status_code == 403, url
    with app.app_context(), db.session_scope() as s:
        assert s.get(Offer, OFFRE_35).version == 1, "nothing was written in 35"


@pytest.mark.usefixtures("comptes", "demo")
def test_an_animateur_of_62_may_post_on_62(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    for url, donnees in _routes_post(OFFRE_62, STRUCTURE_62)[:3]:
        assert poster(client, url, donnees).status_code == 302, url


@pytest.mark.usefixtures("comptes", "demo")
def test_an_admin_curates_everywhere(app: Flask):
    client = client_de(app, "admin@exemple.org")
    for url in _routes_get(OFFRE_35, STRUCTURE_35):
        assert client.get(url).status_code == 200, url
    assert client.get("/curation/couverture/?departement=48").status_code == 200


@pytest.mark.usefixtures("comptes", "demo")
def test_the_queue_and_its_actions_follow_the_territory(app: Flask):
    from tests.test_curation_revue import importer_modifie

    importer_modifie(app, {OFFRE_35: {"nom": "Atelier CV (Rennes)"}})
    with app.app_context(), db.session_scope() as s:
        from catalogue.models import Revue

        item = s.exec(select(Revue)).one()
    anim62 = client_de(app, "anim62@exemple.org")
    assert "Atelier CV (Rennes)" not in anim62.get("/curation/revue/").text
    assert anim62.get(f"/curation/revue/{item.id}").status_code == 403
    assert poster(anim62, f"/curation/revue/{item.id}/approuver").status_code == 403
    assert poster(anim62, f"/curation/revue/{item.id}/rejeter", {"motif": "non"}).status_code == 403
    anim35 = client_de(app, "anim35@exemple.org")
    assert anim35.get(f"/curation/revue/{item.id}").status_code == 200
    assert poster(anim35, f"/curation/revue/{item.id}/approuver").status_code == 302


@pytest.mark.usefixtures("comptes")
def test_repeated_wrong_passwords_lock_the_account_for_a_while(app: Flask, client: Any):
    for _ in range(acces.ECHECS_MAX):
        reponse = poster(client, "/curation/connexion", {"courriel": "anim62@exemple.org",
                                                         "mot_de_passe": "essai-au-hasard"})
        assert reponse.status_code == 401
    reponse = poster(client, "/curation/connexion", {"courriel": "Anim62@exemple.org ",
                                                     "mot_de_passe": MOT_DE_PASSE})
    assert reponse.status_code == 429, "even the right password waits"
    assert "Trop de tentatives de connexion pour ce compte : réessayez dans 15 minutes." in (
        reponse.text)
    connecter(app.test_client(), "anim35@exemple.org")  # other accounts are not affected
    with app.app_context(), db.session_scope() as s:  # the window has passed
        for echec in s.exec(select(TentativeConnexion)).all():
            echec.quand = echec.quand - acces.FENETRE
            s.add(echec)
        s.commit()
    connecter(client, "anim62@exemple.org")
    with app.app_context(), db.session_scope() as s:
        assert s.exec(select(TentativeConnexion)).all() == [], "a success clears the count"


@pytest.mark.usefixtures("comptes")
def test_a_few_mistakes_do_not_lock(client: Any):
    for _ in range(acces.ECHECS_MAX - 1):
        poster(client, "/curation/connexion", {"courriel": "anim62@exemple.org",
                                               "mot_de_passe": "presque"})
    connecter(client, "anim62@exemple.org")
