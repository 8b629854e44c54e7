"""Security regressions of issue 17: one test per point of the audit, named after it.

Each one failed before its fix. Those where the database matters run on SQLite and, in the test
command's second pass, on PostgreSQL (`DATABASE_URL`). `docs/securite.md` says what each protects.
"""

from __future__ import annotations

import html
import stat
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from catalogue import create_app, db
from catalogue.config import CleSecreteAbsente, cle_secrete
from catalogue.models import Offer, Redirection, Revue, Structure
from importers.base import importer
from importers.memoire import ImporterEnMemoire
from tests.curation_outils import (  # noqa: F401 - fixtures
    MOT_DE_PASSE,
    client_de,
    compte,
    comptes,
    connecter,
    demo,
    poster,
)
from tests.fabriques import service, structure

# ------------------------------------------------------------------------------------------------
# 1. Shipped secret key


def _app_sans_cle(tmp_path: Path) -> Flask:
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
                       "SEARCH_INDEX_DIR": str(tmp_path / "index")})


def test_1_no_shipped_secret_key(tmp_path: Path, monkeypatch: Any):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("CATALOGUE_SECRET_KEY", raising=False)
    monkeypatch.setenv("CATALOGUE_INSTANCE", str(tmp_path / "instance"))
    app = _app_sans_cle(tmp_path)
    assert not app.config["SECRET_KEY"], "no key written in the code"

    with pytest.raises(CleSecreteAbsente) as refus:
        cle_secrete(app, production=True)
    assert "SECRET_KEY" in str(refus.value) and "export SECRET_KEY=" in str(refus.value)
    app.config["SECRET_KEY"] = "court"
    with pytest.raises(CleSecreteAbsente, match="trop courte"):
        cle_secrete(app, production=True)

    app.config["SECRET_KEY"] = None
    cle_secrete(app, production=False)
    fichier = tmp_path / "instance" / "secret_key"
    cle = app.config["SECRET_KEY"]
    assert len(cle) == 64 and fichier.read_text().strip() == cle
    assert stat.S_IMODE(fichier.stat().st_mode) == 0o600
    autre = _app_sans_cle(tmp_path)
    cle_secrete(autre, production=False)
    assert autre.config["SECRET_KEY"] == cle, "made once, kept for the next runs"
    voisine = tmp_path / "autre-instance"
    monkeypatch.setenv("CATALOGUE_INSTANCE", str(voisine))
    troisieme = _app_sans_cle(tmp_path)
    cle_secrete(troisieme, production=False)
    assert troisieme.config["SECRET_KEY"] != cle, "random, one per instance"


def test_1_serving_to_other_machines_refuses_to_start_without_a_key(tmp_path: Path,
                                                                     monkeypatch: Any):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("CATALOGUE_SECRET_KEY", raising=False)
    monkeypatch.setenv("CATALOGUE_INSTANCE", str(tmp_path / "instance"))
    for hote in ("0.0.0.0", "127.0.0.1"):
        resultat = _app_sans_cle(tmp_path).test_cli_runner().invoke(
            args=["serve", "--host", hote, "--port", "1"])
        assert resultat.exit_code == 1
        assert "La clé secrète des sessions (SECRET_KEY) n'est pas définie" in resultat.output
        assert "export SECRET_KEY=" in resultat.output
    assert not (tmp_path / "instance" / "secret_key").exists()


# ------------------------------------------------------------------------------------------------
# 2. Open redirect after sign-in


@pytest.mark.usefixtures("comptes")
@pytest.mark.parametrize("suite", [
    "/%09/evil.example/", "/\t/evil.example/", "/\\evil.example", "//evil.example/",
    "https://evil.example/", "javascript:alert(1)", "/\r\nSet-Cookie: x=1", "/%0d%0a/evil",
    "/\x00/evil.example", " //evil.example", "/\u0085/evil.example", "evil.example",
])
def test_2_open_redirect_after_sign_in(client: Any, suite: str):
    from urllib.parse import unquote

    for valeur in (suite, unquote(suite)):
        reponse = poster(client, "/curation/connexion", {
            "courriel": "anim62@exemple.org", "mot_de_passe": MOT_DE_PASSE, "suite": valeur})
        page = client.get("/curation/connexion", query_string={"suite": valeur})
        if "\x00" in valeur:  # refused before anything else (point 9)
            assert reponse.status_code == page.status_code == 400
            continue
        assert reponse.status_code == 302 and reponse.location == "/curation/"
        assert page.status_code == 200


@pytest.mark.usefixtures("comptes")
def test_2_a_same_site_path_is_still_followed(client: Any):
    reponse = poster(client, "/curation/connexion", {
        "courriel": "anim62@exemple.org", "mot_de_passe": MOT_DE_PASSE,
        "suite": "/curation/revue/?nature=nouvelle&departement=62"})
    assert reponse.location == "/curation/revue/?nature=nouvelle&departement=62"


# ------------------------------------------------------------------------------------------------
# 5. Unpublished data is public


OFFRE_62 = "demo--emploi-62498-atelier-cv"
STRUCTURE_62 = "demo--emploi-62498"


def _changer_statut(app: Flask, offre_id: str, statut: str) -> None:
    from catalogue import db
    from catalogue.models import Offer

    with app.app_context(), db.session_scope() as s:
        offre = s.get(Offer, offre_id)
        assert offre is not None
        offre.statut = statut
        s.add(offre)
        s.commit()


def _importer_avec_un_rejet(app: Flask, tmp_path: Path) -> int:
    from tests.fabriques import ecrire_json, service, structure

    fichier = ecrire_json(tmp_path / "lot.json", {
        "structures": [structure(1)],
        "services": [service(1), service(2, description="BRUT")]})
    resultat = app.test_cli_runner().invoke(args=["import", str(fichier)])
    assert resultat.exit_code == 3, resultat.output
    return _dernier_run(app)


def _dernier_run(app: Flask) -> int:
    from catalogue.models import ImportRun

    with app.app_context(), db.session_scope() as s:
        return max(r.id or 0 for r in s.exec(select(ImportRun)))


@pytest.mark.usefixtures("comptes", "demo")
def test_5_unpublished_data_is_not_public(app: Flask, client: Any, tmp_path: Path):
    run = _importer_avec_un_rejet(app, tmp_path)
    for url in ("/imports/", f"/imports/{run}", f"/imports/{run}?statut=rejected"):
        reponse = client.get(url)
        assert reponse.status_code == 302 and "/curation/connexion" in reponse.location
    referent = client_de(app, "referent@exemple.org")
    assert referent.get(f"/imports/{run}").status_code == 403
    assert "Imports" not in client.get("/catalogue").text, "no link for the public"
    rapport = client_de(app, "admin@exemple.org").get(f"/imports/{run}?statut=rejected")
    assert rapport.status_code == 200 and "BRUT" in rapport.text
    rapport = client_de(app, "anim62@exemple.org").get(f"/imports/{run}?statut=rejected")
    assert rapport.status_code == 200 and "BRUT" not in rapport.text, "no known territory"

    for statut in ("brouillon", "suspendue", "archivee"):
        _changer_statut(app, OFFRE_62, statut)
        assert client.get(f"/offres/{OFFRE_62}").status_code == 404
        assert referent.get(f"/offres/{OFFRE_62}").status_code == 404
        assert OFFRE_62 not in client.get(f"/structures/{STRUCTURE_62}").text
        assert client_de(app, "anim35@exemple.org").get(f"/offres/{OFFRE_62}").status_code == 404
        for courriel in ("anim62@exemple.org", "admin@exemple.org"):
            curateur = client_de(app, courriel)
            assert curateur.get(f"/offres/{OFFRE_62}").status_code == 200
            assert OFFRE_62 in curateur.get(f"/structures/{STRUCTURE_62}").text
    _changer_statut(app, OFFRE_62, "publiee")
    assert client.get(f"/offres/{OFFRE_62}").status_code == 200
    assert OFFRE_62 in client.get(f"/structures/{STRUCTURE_62}").text


@pytest.mark.usefixtures("comptes")
def test_5_an_animateur_sees_the_report_lines_of_their_territory_only(app: Flask,
                                                                      tmp_path: Path):
    from tests.fabriques import ecrire_json

    fichier = ecrire_json(tmp_path / "deux-departements.json", {
        "structures": [structure(1, nom="Structure de Lens", code_insee="62498"),
                       structure(2, nom="Structure de Rennes", code_insee="35238")],
        "services": [service(1, nom="Atelier du 62", zone_eligibilite=["62"]),
                     service(2, structure_n=2, nom="Atelier du 35", zone_eligibilite=["35"]),
                     service(3, nom="Atelier rejeté", description="BRUT")]})
    assert app.test_cli_runner().invoke(args=["import", str(fichier)]).exit_code == 3
    run = _dernier_run(app)
    lignes = {
        "anim62@exemple.org": ({"test--s1", "test--o1"}, {"test--s2", "test--o2", "BRUT"}),
        "anim35@exemple.org": ({"test--s2", "test--o2"}, {"test--s1", "test--o1", "BRUT"}),
        "admin@exemple.org": ({"test--s1", "test--s2", "test--o1", "test--o2", "BRUT"}, set()),
    }
    for courriel, (vues, cachees) in lignes.items():
        page = html.unescape(client_de(app, courriel).get(f"/imports/{run}").text)
        assert all(x in page for x in vues), (courriel, vues)
        assert not any(x in page for x in cachees), (courriel, cachees)
        assert ("seuls les administrateurs" in page) == bool(cachees), courriel


# ------------------------------------------------------------------------------------------------
# 6. Logout does not end the session


def _cookie(client: Any) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return str(cookie.value)


def _avec_cookie(app: Flask, valeur: str) -> Any:
    copie = app.test_client()
    copie.set_cookie("session", valeur)
    return copie


@pytest.mark.usefixtures("comptes")
def test_6_sessions_are_revocable_server_side(app: Flask, runner: Any):
    client = client_de(app, "anim62@exemple.org")
    garde = _cookie(client)
    assert _avec_cookie(app, garde).get("/curation/").status_code == 200
    assert poster(client, "/curation/deconnexion").status_code == 302
    assert _avec_cookie(app, garde).get("/curation/").status_code == 302, "logout ends it"

    client = client_de(app, "anim62@exemple.org")
    autre_poste = client_de(app, "anim62@exemple.org")
    garde = _cookie(client)
    resultat = runner.invoke(args=["users", "password", "anim62@exemple.org", "--password-stdin"],
                             input="un-nouveau-mot-de-passe\n")
    assert resultat.exit_code == 0, resultat.output
    assert "sessions ouvertes sont fermées" in resultat.output
    for c in (client, autre_poste, _avec_cookie(app, garde)):
        assert c.get("/curation/").status_code == 302, "a password change ends every session"

    admin = client_de(app, "admin@exemple.org")
    garde = _cookie(admin)
    assert runner.invoke(args=["users", "disable", "admin@exemple.org"]).exit_code == 0
    assert _avec_cookie(app, garde).get("/curation/").status_code == 302, "disable ends it"


@pytest.mark.usefixtures("comptes")
def test_6_a_session_expires_server_side(app: Flask):
    from datetime import timedelta

    from catalogue import db
    from catalogue.models import SessionConnectee

    client = client_de(app, "anim35@exemple.org")
    with app.app_context(), db.session_scope() as s:
        for ouverte in s.exec(select(SessionConnectee)).all():
            ouverte.expire_le = ouverte.expire_le - timedelta(days=1)
            s.add(ouverte)
        s.commit()
    assert client.get("/curation/").status_code == 302


# ------------------------------------------------------------------------------------------------
# 3. Sign-in lock bypassed by a burst


def _rafale(app: Flask, courriel: str, mot_de_passe: str, n: int, adresse: str) -> list[str]:
    """`n` simultaneous sign-ins, each in its own thread and database session."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from catalogue import db
    from catalogue.curation import acces

    depart = Barrier(n)

    def essai(_: int) -> str:
        with app.app_context(), db.session_scope() as s:
            depart.wait()
            try:
                return "ok" if acces.authentifier(s, courriel, mot_de_passe, adresse) else "faux"
            except acces.TropDeTentatives:
                return "refuse"

    with ThreadPoolExecutor(n) as fils:
        return list(fils.map(essai, range(n)))


@pytest.mark.usefixtures("comptes")
def test_3_sign_in_lock_is_not_bypassed_by_a_burst(app: Flask, monkeypatch: Any):
    from catalogue.curation import acces

    en_cours, maximum = [0], [0]
    vrai = acces._HACHEUR

    class Compteur:
        """The real hasher, counting the checks running at once."""

        def __getattr__(self, nom: str) -> Any:
            return getattr(vrai, nom)

        def verify(self, *args: Any) -> Any:
            en_cours[0] += 1
            maximum[0] = max(maximum[0], en_cours[0])
            try:
                return vrai.verify(*args)
            finally:
                en_cours[0] -= 1

    monkeypatch.setattr(acces, "_HACHEUR", Compteur())
    issues = _rafale(app, "admin@exemple.org", "mauvais-mot-de-passe", 40, "203.0.113.9")
    verifies = issues.count("faux")
    # at most the limit of passwords checked (SQLite serialises the writes: exactly the limit;
    # on PostgreSQL the attempts all see each other, and fewer get through)
    assert 1 <= verifies <= acces.ECHECS_MAX and verifies + issues.count("refuse") == 40, issues
    assert maximum[0] <= acces.HACHAGES_SIMULTANES, "hashing is bounded"
    for _ in range(acces.ECHECS_MAX - verifies):
        assert _rafale(app, "admin@exemple.org", "encore-faux-123", 1, "203.0.113.9") == ["faux"]
    bon = _rafale(app, "admin@exemple.org", MOT_DE_PASSE, 1, "203.0.113.9")
    assert bon == ["refuse"], "the right password waits once the limit is reached"
    assert _rafale(app, "admin@exemple.org", MOT_DE_PASSE, 1, "198.51.100.7") == ["ok"], (
        "failures from one address do not lock the account out for everyone")


@pytest.mark.usefixtures("comptes")
def test_3_one_address_is_throttled_across_accounts(app: Flask):
    from catalogue.curation import acces

    issues = [_rafale(app, f"inconnu{i}@exemple.org", "mauvais-mot-de-passe", 1, "203.0.113.10")[0]
              for i in range(acces.ECHECS_MAX_ADRESSE + 3)]
    assert issues.count("faux") == acces.ECHECS_MAX_ADRESSE and issues[-3:] == ["refuse"] * 3
    assert _rafale(app, "anim62@exemple.org", MOT_DE_PASSE, 1, "203.0.113.10") == ["refuse"]
    assert _rafale(app, "anim62@exemple.org", MOT_DE_PASSE, 1, "203.0.113.11") == ["ok"]


# ------------------------------------------------------------------------------------------------
# 4. An animateur can move an offer out of their territory


def _revues_hors_territoire(app: Flask) -> list[Any]:
    from catalogue import db
    from catalogue.models import Revue

    with app.app_context(), db.session_scope() as s:
        return list(s.exec(select(Revue).where(Revue.nature == "hors-territoire")).all())


@pytest.mark.usefixtures("comptes", "demo")
@pytest.mark.parametrize("deplacement", [
    {"commune": "Rennes", "zone_eligibilite": "35"},
    {"zone_eligibilite": "france"},
    {"zone_eligibilite": "62, 59"},
])
def test_4_an_animateur_cannot_move_an_offer_out_of_their_territory(app: Flask,
                                                                    deplacement: dict[str, str]):
    from tests.test_curation_revue import _offre, formulaire

    avant = _offre(app, OFFRE_62)
    anim62 = client_de(app, "anim62@exemple.org")
    reponse = poster(anim62, f"/curation/offres/{OFFRE_62}/modifier",
                     {**formulaire(app, OFFRE_62), **deplacement}, follow_redirects=True)
    assert reponse.status_code == 200
    assert "Modification envoyée en revue, rien n'est changé pour l'instant" in html.unescape(
        reponse.text)
    apres = _offre(app, OFFRE_62)
    assert (apres.code_insee, apres.zone_eligibilite, apres.version) == (
        avant.code_insee, avant.zone_eligibilite, avant.version), "not applied before review"
    [item] = _revues_hors_territoire(app)

    # the one who approves is someone whose territory covers the new version
    assert poster(anim62, f"/curation/revue/{item.id}/approuver").status_code == 403
    if deplacement.get("zone_eligibilite") == "france":
        assert poster(client_de(app, "anim35@exemple.org"),
                      f"/curation/revue/{item.id}/approuver").status_code == 403
        relecteur = client_de(app, "admin@exemple.org")
    elif "35" in deplacement.get("zone_eligibilite", ""):
        relecteur = client_de(app, "anim35@exemple.org")
    else:
        relecteur = client_de(app, "admin@exemple.org")
    page = relecteur.get(f"/curation/revue/{item.id}")
    assert page.status_code == 200 and "hors du territoire de son auteur" in page.text
    assert poster(relecteur, f"/curation/revue/{item.id}/approuver").status_code == 302
    final = _offre(app, OFFRE_62)
    assert final.version == avant.version + 1
    assert final.zone_eligibilite != avant.zone_eligibilite


@pytest.mark.usefixtures("comptes", "demo")
def test_4_an_edit_inside_the_territory_still_applies_at_once(app: Flask):
    from tests.test_curation_revue import _offre, formulaire

    anim62 = client_de(app, "anim62@exemple.org")
    reponse = poster(anim62, f"/curation/offres/{OFFRE_62}/modifier",
                     {**formulaire(app, OFFRE_62), "commune": "Arras", "zone_eligibilite": "62"})
    assert reponse.status_code == 302
    assert _offre(app, OFFRE_62).zone_eligibilite == ["62"]
    assert _revues_hors_territoire(app) == []


def _structure_partagee(app: Flask, avec_le_59: bool = True) -> None:
    """A Lens structure whose offers reach the 62 and, for one (`avec_le_59`), the 59 (Nord)."""
    services = [service(91, structure_n=9, zone_eligibilite=["62"])]
    if avec_le_59:
        services.append(service(92, structure_n=9, zone_eligibilite=["59"], commune="Lille",
                                code_insee="59350"))
    importer(ImporterEnMemoire("partagee.json", [
        structure(9, nom="Mission locale partagée", commune="Lens", code_postal="62300",
                  code_insee="62498", telephone="0321000000")], services),
        app.extensions["catalogue.engine"])


def _structure_9(app: Flask) -> Any:
    with app.app_context(), db.session_scope() as s:
        return s.get(Structure, "test--s9")


def _revues_structures(app: Flask) -> list[Any]:
    with app.app_context(), db.session_scope() as s:
        return list(s.exec(select(Revue).where(Revue.objet == "structure")).all())


def _modifier_structure(client: Any, app: Flask, commune: str = "62498") -> Any:
    return poster(client, "/curation/structures/test--s9/modifier", {
        "version": _structure_9(app).empreinte, "nom": "Mission locale partagée",
        "commune": commune, "telephone": "0399999999"}, follow_redirects=True)


@pytest.mark.usefixtures("comptes")
@pytest.mark.parametrize("cas", ["offres dans le 59", "adresse déplacée à Rennes"])
def test_4_a_structure_shared_by_several_departements_is_edited_through_review(app: Flask,
                                                                               cas: str):
    rennes = cas == "adresse déplacée à Rennes"
    _structure_partagee(app, avec_le_59=not rennes)  # for Rennes, the move itself leaves the 62
    avant = _structure_9(app)
    anim62 = client_de(app, "anim62@exemple.org")
    reponse = _modifier_structure(anim62, app, "35238" if rennes else "62498")
    assert reponse.status_code == 200
    assert "Modification envoyée en revue, rien n'est changé" in html.unescape(reponse.text)
    apres = _structure_9(app)
    assert (apres.telephone, apres.code_insee, apres.empreinte) == (
        avant.telephone, avant.code_insee, avant.empreinte), "not applied before review"
    [item] = _revues_structures(app)
    assert item.nature == "hors-territoire"

    # who approves: someone whose territory covers every département it reaches, or an admin
    for autre in ("anim62@exemple.org", "anim35@exemple.org"):
        assert poster(client_de(app, autre), f"/curation/structures/revue/{item.id}",
                      {"decision": "approuver"}).status_code == 403
    if rennes:
        relecteur = client_de(app, "admin@exemple.org")
    else:
        compte(app, "anim5962@exemple.org", "animateur", ("59", "62"))
        relecteur = client_de(app, "anim5962@exemple.org")
    assert "Structures à relire" in relecteur.get("/curation/revue/").text
    page = relecteur.get("/curation/structures/test--s9").text
    assert "Modification hors du territoire de son auteur" in page and "0399999999" in page
    assert poster(relecteur, f"/curation/structures/revue/{item.id}",
                  {"decision": "approuver"}).status_code == 302
    final = _structure_9(app)
    assert final.telephone == "0399999999"
    assert final.code_insee == ("35238" if rennes else "62498")


@pytest.mark.usefixtures("comptes")
def test_4_a_structure_wholly_inside_the_territory_is_edited_at_once(app: Flask):
    _structure_partagee(app, avec_le_59=False)
    assert _modifier_structure(client_de(app, "anim62@exemple.org"), app).status_code == 200
    assert _structure_9(app).telephone == "0399999999"
    assert _revues_structures(app) == []


@pytest.mark.usefixtures("comptes")
def test_4_a_structure_merge_across_departements_waits_for_review(app: Flask):
    from tests.test_curation_fusion_structures import fusionner

    _structure_partagee(app)
    importer(ImporterEnMemoire("doublon.json", [structure(
        8, nom="Mission locale partagee", commune="Lens", code_postal="62300",
        code_insee="62498")], []), app.extensions["catalogue.engine"])
    anim62 = client_de(app, "anim62@exemple.org")
    reponse = fusionner(anim62, app, garde="test--s8", autre="test--s9")
    assert reponse.status_code == 302, reponse.text
    with app.app_context(), db.session_scope() as s:
        assert s.get(Redirection, ("structure", "test--s9")) is None, "not merged before review"
        assert s.get(Offer, "test--o92").structure_id == "test--s9"
    [item] = _revues_structures(app)
    assert item.nature == "fusion-territoire" and item.objet_id == "test--s8"
    assert poster(anim62, f"/curation/structures/revue/{item.id}",
                  {"decision": "approuver"}).status_code == 403
    admin = client_de(app, "admin@exemple.org")
    assert poster(admin, f"/curation/structures/revue/{item.id}",
                  {"decision": "approuver"}).status_code == 302
    with app.app_context(), db.session_scope() as s:
        assert s.get(Redirection, ("structure", "test--s9")).nouvel_id == "test--s8"
        assert s.get(Offer, "test--o92").structure_id == "test--s8"


# ------------------------------------------------------------------------------------------------
# 8. Stored HTML reaches the exports and the API


ATTAQUES_HTML = [
    "&lt;img src=x onerror=alert(1)&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "<img src=x " + "a" * 300 + " onerror=alert(1)>",
    "<!-- x --><svg/onload=alert(1)>",
    "<img src=x onerror=alert(1)",
]


@pytest.mark.parametrize("attaque", ATTAQUES_HTML)
def test_8_every_text_field_goes_out_as_plain_text(attaque: str):
    from catalogue.models import CHAMPS_TEXTE_LIBRE
    from catalogue.validation import valider_service
    from tests.fabriques import service

    enreg = service(1, nom=f"Atelier {attaque}", description=f"Texte {attaque} fin",
                    adresse=f"1 rue {attaque}", commune=f"Lens {attaque}",
                    horaires_accueil=f"Mo 09:00-12:00 {attaque}", telephone=f"03 {attaque}",
                    contact_nom_prenom=f"Jeanne {attaque}", frais_precisions=f"Gratuit {attaque}",
                    complement_adresse=f"Bât. {attaque}", conditions_acces=f"Aucune {attaque}")
    resultat = valider_service(enreg)
    assert resultat.donnees is not None, resultat.erreurs
    for champ in CHAMPS_TEXTE_LIBRE & set(resultat.donnees):
        valeur = str(resultat.donnees[champ])
        assert "<img" not in valeur and "<svg" not in valeur and "<script" not in valeur, champ
        assert "&lt;" not in valeur and "&amp;" not in valeur, champ


def test_8_plain_text_keeps_ordinary_text():
    from catalogue.texte import texte_brut

    assert texte_brut("Atelier 1 < 2 & co, jeunes -25 ans") == "Atelier 1 < 2 & co, jeunes -25 ans"
    assert texte_brut("<p>Atelier&nbsp;CV</p><br>suite") == "Atelier CV\nsuite"
    assert texte_brut("Ateliers C&amp;D") == "Ateliers C&D"


@pytest.mark.usefixtures("demo")
def test_8_html_stored_before_the_fix_does_not_go_out(app: Flask, client: Any, tmp_path: Path):
    from catalogue import db
    from catalogue.models import Offer

    with app.app_context(), db.session_scope() as s:
        offre = s.get(Offer, OFFRE_62)
        assert offre is not None
        offre.adresse = "&lt;img src=x onerror=alert(1)&gt; 1 rue du Port"
        offre.contact_nom_prenom = "<b onmouseover=alert(1)>Jeanne</b>"
        s.add(offre)
        s.commit()
    resultat = app.test_cli_runner().invoke(args=["export", "--to", str(tmp_path / "x"),
                                                  "--format", "jsonl"])
    assert resultat.exit_code == 0, resultat.output
    exporte = (tmp_path / "x" / "services.jsonl").read_text()
    assert "1 rue du Port" in exporte and "onerror" not in exporte and "<b" not in exporte


# ------------------------------------------------------------------------------------------------
# 7. CSV exports carry formulas

FORMULES = {"nom": '=HYPERLINK("https://evil.example/","Voir")', "telephone": "@SUM(1+1)",
            "contact_nom_prenom": "-2+3+cmd|' /C calc'!A0", "adresse": "+1 rue du Port"}


def test_7_csv_exports_carry_no_formulas(app: Flask, engine: Any, tmp_path: Path):
    import csv
    import json

    from importers import importer_pour
    from importers.base import importer
    from tests.fabriques import ecrire_json, service, structure

    fichier = ecrire_json(tmp_path / "f.json", {"structures": [structure(1)],
                                                "services": [service(1, **FORMULES)]})
    assert importer(importer_pour([fichier]), engine, revue=False).run["statut"] == "done"
    runner = app.test_cli_runner()
    for format_ in ("csv", "json"):
        resultat = runner.invoke(args=["export", "--to", str(tmp_path / format_), "--format",
                                       format_])
        assert resultat.exit_code == 0, resultat.output
    with (tmp_path / "csv" / "services.csv").open(encoding="utf-8", newline="") as f:
        [ligne] = list(csv.DictReader(f))
    for champ, valeur in FORMULES.items():
        assert ligne[champ] == "'" + valeur, "a spreadsheet shows it as text"
    [exact] = json.loads((tmp_path / "json" / "services.json").read_text(encoding="utf-8"))
    assert {c: exact[c] for c in FORMULES} == FORMULES, "JSON stays exact"

    # our CSV export reads back exactly
    relu = importer(importer_pour([tmp_path / "csv" / "structures.csv",
                                   tmp_path / "csv" / "services.csv"]), engine, dry_run=True)
    assert relu.run["compteurs"].get("unchanged") == 2, relu.run


# ------------------------------------------------------------------------------------------------
# 9. Bounded inputs

GRAND = "9" * 30
URLS_BORNEES = [
    f"/programmes/{GRAND}", "/programmes/99999999999", f"/programmes/{GRAND}/export.json",
    f"/curation/revue/{GRAND}", f"/imports/{GRAND}", f"/catalogue?page={GRAND}",
    f"/imports/1?page={GRAND}", f"/recherche?commune=62498&page={GRAND}",
    f"/api/v1/search/services?commune=62498&page={GRAND}", "/offres/demo%00x",
    "/structures/demo%00x", "/recherche?commune=62%0098", "/api/v1/communes?q=len%00s",
    "/curation/offres/x%00y", f"/programmes/?archives=1%00&page={GRAND}",
    f"/curation/revue/?run={GRAND}", f"/curation/qualite/?departement=62&page={GRAND}",
]


@pytest.mark.usefixtures("comptes", "demo")
def test_9_huge_numbers_and_nul_bytes_give_400_or_404(app: Flask):
    client = client_de(app, "admin@exemple.org")
    for url in URLS_BORNEES:
        reponse = client.get(url)
        assert reponse.status_code in (200, 302, 400, 404), (url, reponse.status_code)
    nul = poster(client, "/programmes/nouveau", {"libelle": "a\x00b", "commune": "62498"})
    assert nul.status_code == 400 and "caractère nul" in nul.text
    assert poster(client, f"/curation/revue/{GRAND}/approuver").status_code == 404


@pytest.mark.usefixtures("comptes")
def test_9_request_bodies_and_fields_are_bounded_per_route(app: Flask):
    from catalogue import protections

    # a route may take more (uploads): the limit is the view's, set by a decorator
    @protections.taille_max(8 * 1024 * 1024)
    def televersement() -> str:
        from flask import request

        return str(len(request.get_data()))

    app.add_url_rule("/essai-televersement", view_func=televersement, methods=["POST"])

    client = client_de(app, "admin@exemple.org")
    gros = poster(client, "/programmes/nouveau", {"libelle": "x" * (2 * 1024 * 1024)})
    assert gros.status_code == 413 and "trop volumineuse" in gros.text
    champ = poster(client, "/programmes/nouveau",
                   {"libelle": "x" * (protections.LIMITE_CHAMP + 1), "commune": "62498"})
    assert champ.status_code == 413 and "« libelle »" in champ.text
    with client.session_transaction() as session:
        jeton = session["_csrf"]
    corps = b"x" * (3 * 1024 * 1024)
    reponse = client.post("/essai-televersement", data=corps,
                          headers={"X-CSRF-Token": jeton, "Content-Type": "text/plain"})
    assert reponse.status_code == 200 and reponse.text == str(len(corps))


def test_9_an_oversized_csv_cell_is_said_in_french_and_the_rest_is_kept(engine: Any,
                                                                       tmp_path: Path):
    import csv

    from importers import importer_pour
    from importers.base import importer
    from tests.fabriques import service, structure

    (tmp_path / "structures.csv").write_text("source,id,nom,date_maj\ntest,test--s1,Structure "
                                             "un,2025-06-01\n", encoding="utf-8")
    champs = ["source", "structure_id", "id", "nom", "description", "date_maj", "publics"]
    with (tmp_path / "services.csv").open("w", encoding="utf-8", newline="") as f:
        ecrivain = csv.writer(f)
        ecrivain.writerow(champs)
        for n, description in ((1, "Un atelier ordinaire."), (2, "x" * (50 * 1024 * 1024)),
                               (3, "Un autre atelier.")):
            s = service(n, description=description, publics="tous-publics")
            ecrivain.writerow([s[c] for c in champs])
    rapport = importer(importer_pour([tmp_path / "structures.csv", tmp_path / "services.csv"]),
                       engine, revue=False)
    assert rapport.run["statut"] == "done-errors"
    statuts = [(i.kind, i.status) for i in rapport.items]
    assert statuts.count(("service", "created")) == 2, "the neighbours are kept"
    [rejet] = [i for i in rapport.items if i.status == "rejected"]
    assert "ligne 3" in rejet.lieu and "dépasse" in rejet.errors[0]["message"]
    assert structure(1)["id"] == "test--s1"


# ------------------------------------------------------------------------------------------------
# 11. Headers and debug


def test_11_security_headers_and_frame_protection(app: Flask):
    from catalogue.protections import integrable

    @integrable
    def widget() -> str:
        return "<p>widget</p>"

    app.add_url_rule("/essai-widget", view_func=widget)
    client = app.test_client()
    for url in ("/", "/catalogue", "/curation/connexion", "/api/v1/communes?q=lens", "/nope"):
        reponse = client.get(url)
        politique = reponse.headers["Content-Security-Policy"]
        assert "script-src 'self'" in politique and "unsafe-inline'; img" not in politique.split(
            "script-src")[1].split(";")[0], url
        assert "frame-ancestors 'none'" in politique and reponse.headers["X-Frame-Options"] == "DENY"
        assert reponse.headers["X-Content-Type-Options"] == "nosniff"
        assert reponse.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    integree = client.get("/essai-widget")
    assert "frame-ancestors" not in integree.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in integree.headers
    assert "script-src 'self'" in integree.headers["Content-Security-Policy"]


@pytest.mark.parametrize("hote", ["0.0.0.0", "192.168.1.10", "::", "exemple.org"])
def test_11_debug_refuses_a_non_loopback_host(app: Flask, hote: str):
    """`--dev` is Werkzeug's server with its in-browser debugger (runs code on demand)."""
    resultat = app.test_cli_runner().invoke(args=["serve", "--dev", "--host", hote,
                                                  "--port", "1"])
    assert resultat.exit_code == 2
    assert "--dev refusé" in resultat.output and "boucle locale" in resultat.output


def test_11_loopback_hosts():
    from catalogue.cli import boucle_locale

    assert all(boucle_locale(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"))
    assert not any(boucle_locale(h) for h in ("0.0.0.0", "::", "10.0.0.1", "exemple.org"))


# ------------------------------------------------------------------------------------------------
# 10. Import memory


#: reads every record of a file through an importer, as a run does, and prints how far the
#: resident memory (kB) rose above what it was before the reading (Linux: the peak is reset)
_LIRE_EN_MESURANT = """
import sys
from pathlib import Path
from importers import importer_pour

def memoire(champ):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(champ))

importeur = importer_pour([Path(sys.argv[1])])
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
avant = memoire("VmRSS:")
lus = sum(1 for e in importeur.enregistrements() if e.donnees)
print(lus, memoire("VmHWM:") - avant)
"""


@pytest.mark.parametrize("forme", ["json", "csv", "jsonl"])
def test_10_import_memory_reading_is_a_stream_not_the_whole_file(tmp_path: Path, forme: str):
    """A 30 MB file read in full: the reader's peak memory grows by a fraction of it (it held
    the file, twice over, before: its bytes and their decoded text)."""
    import csv
    import json
    import subprocess
    import sys

    from tests.fabriques import service

    n = 30_000
    records = (service(i, description="é" * 300) for i in range(n))
    chemin = tmp_path / f"services.{forme}"
    with chemin.open("w", encoding="utf-8", newline="") as f:
        if forme == "csv":
            ecrivain = csv.writer(f)
            ecrivain.writerow(["source", "structure_id", "id", "nom", "description", "date_maj"])
            ecrivain.writerows([s[c] for c in ("source", "structure_id", "id", "nom",
                                               "description", "date_maj")] for s in records)
        elif forme == "jsonl":
            f.writelines(json.dumps(s, ensure_ascii=False) + "\n" for s in records)
        else:
            f.write("{\"services\": [\n")
            f.writelines(("," if i else "") + json.dumps(s, ensure_ascii=False) + "\n"
                         for i, s in enumerate(records))
            f.write("]}\n")
    taille_ko = chemin.stat().st_size // 1024
    assert taille_ko > 15_000
    racine = Path(__file__).resolve().parents[1]
    sortie = subprocess.run([sys.executable, "-c", _LIRE_EN_MESURANT, str(chemin)], cwd=racine,
                            capture_output=True, text=True, check=True).stdout.split()
    lus, croissance_ko = int(sortie[0]), int(sortie[1])
    assert lus == n
    assert croissance_ko < taille_ko / 4, f"{croissance_ko} kB for a {taille_ko} kB file"


def test_10_import_memory_is_bounded_by_the_batch(app: Flask, engine: Any, tmp_path: Path):
    import json

    from catalogue import db
    from catalogue.models import ImportItem
    from importers import importer_pour
    from importers.base import Execution
    from tests.fabriques import ecrire_json, service, structure

    valides = [service(n) for n in range(1, 41)]
    fichier = ecrire_json(tmp_path / "f.json", {"structures": [structure(1)],
                                                "services": [{}] * 900 + valides + [{}] * 60})
    execution = Execution(importer_pour([fichier]), engine, taille_lot=50, garder=False)
    lire, pic = execution.journal.lire, [0]

    def lire_en_mesurant(issue: Any) -> None:
        lire(issue)
        pic[0] = max(pic[0], len(execution.journal.en_cours))

    execution.journal.lire = lire_en_mesurant  # type: ignore[method-assign]
    rapport = execution.executer()
    assert pic[0] <= 50, "outcomes held: one batch at most"
    assert rapport.items == [] and execution.journal.gardes == []
    assert rapport.run["compteurs"]["total"] == 1001
    assert rapport.run["compteurs"]["rejected"] == 960
    rapport.ecrire(tmp_path / "rapport.json")
    ecrit = json.loads((tmp_path / "rapport.json").read_text(encoding="utf-8"))
    assert len(ecrit["items"]) == 1001 and ecrit["run"]["statut"] == "done-errors"
    assert [i["status"] for i in ecrit["items"][901:941]] == ["created"] * 40, "input order"
    with app.app_context(), db.session_scope() as s:
        positions = s.exec(select(ImportItem.position).where(ImportItem.run_id == rapport.run["id"])
                           ).all()
        assert sorted(positions) == list(range(1, 1002)), "the stored report is complete"
