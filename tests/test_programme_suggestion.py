"""« Proposer un programme »: properties on random catalogues (hypothesis) and worked examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

from catalogue.programmes import eligibilite, suggestion
from catalogue.programmes import heures as h
from catalogue.programmes.controles import controler
from catalogue.programmes.plan import Plan, occupations, tableau_semaines
from catalogue.referentiels import freins as ref_freins
from tests.test_programme_fixtures import DEBUT, LENS, LIEVIN, RSA, activite, creneau, offre, plan

ARRAS, LILLE = "62041", "59350"
EPCI_LENS_LIEVIN = "246200364"
THEMATIQUES = (
    "mobilite--preparer-un-permis", "sante--acces-aux-soins", "numerique--acceder-a-une-connexion-internet",
    "famille--garde-denfants", "remobilisation--lien-social",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
    "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
)
HORAIRES = (None, "Mo 09:00-12:00", "Tu,Th 14:00-16:00", "Mo-Fr 09:00-12:00,13:30-17:00",
            "We 09:00-12:00; PH off", "Tu[1,3] 14:00-17:00", "Sep-Jun Mo 13:30-16:30", "Mo-Fr 08:00-18:00",
            "Sa 09:00-12:00", "24/7", "le matin", "Fr 09:30-11:30", "Mo,We,Fr 09:00-12:00")
CRENEAUX = tuple(creneau(j, d, f) for j, d, f in (
    ("Mo", "09:00", "12:00"), ("Tu", "11:30", "13:30"), ("We", "13:30", "18:00"), ("Th", "09:00", "10:00"),
    ("Fr", "14:00", "17:00"), ("Mo", "11:30", "13:30"), ("Tu", "14:00", "16:00")))
FREINS = ("mobilite", "sante", "numerique", "parentalite", "isolement-social", "acces-aux-droits",
          "logement")

quart = st.integers(2, 48).map(lambda x: x / 4)


#: the random parts of an offer; strategies are built once (building them per draw is slow)
CHAMPS_ALEATOIRES = st.fixed_dictionaries({
    "statut": st.sampled_from(("publiee",) * 5 + ("suspendue", "archivee", "brouillon")),
    "zone_eligibilite": st.sampled_from(([], None, [LENS], [LIEVIN], [EPCI_LENS_LIEVIN], ["62"], ["59"],
                                         ["france"], [ARRAS])),
    "modes_accueil": st.sampled_from((["en-presentiel"], ["a-distance"], ["a-distance", "en-presentiel"])),
    "publics": st.sampled_from((["tous-publics"], ["femmes"], [RSA], ["jeunes", RSA], None)),
    "thematiques": st.lists(st.sampled_from(THEMATIQUES), min_size=1, max_size=2, unique=True),
    "volume_horaire_hebdomadaire": st.one_of(st.none(), quart),
    "nombre_semaines": st.one_of(st.none(), st.integers(1, 30)),
    "horaires_accueil": st.sampled_from(HORAIRES),
    "score_qualite": st.one_of(st.none(), st.integers(0, 100).map(lambda x: x / 100)),
    "code_insee": st.sampled_from((LENS, LIEVIN, ARRAS, LILLE, None)),
})
CATALOGUES = st.lists(CHAMPS_ALEATOIRES, max_size=30).map(
    lambda liste: [offre(f"o{i:03d}", **champs) for i, champs in enumerate(liste)])
LISTES_CRENEAUX = st.lists(st.sampled_from(CRENEAUX), max_size=2, unique=True)
INDISPONIBILITES = st.lists(st.sampled_from(CRENEAUX), max_size=3, unique=True)
PUBLICS = st.lists(st.sampled_from((RSA, "femmes", "jeunes")), max_size=2, unique=True)
LISTES_FREINS = st.lists(st.sampled_from(FREINS), max_size=3, unique=True)


@st.composite
def cas(draw: Any) -> tuple[Plan, list[dict[str, Any]]]:
    catalogue = draw(CATALOGUES)
    duree = draw(st.integers(1, 26))
    existantes = [activite(i, o, tuple(draw(LISTES_CRENEAUX)), semaine_debut=draw(st.integers(1, duree)))
                  for i, o in enumerate(catalogue[: draw(st.integers(0, 2))], start=1)]
    p = plan(*existantes, commune=draw(st.sampled_from((LENS, LIEVIN, ARRAS))),
             debut=DEBUT + dt.timedelta(weeks=draw(st.integers(-16, 8))), nombre_semaines=duree,
             cible=draw(st.sampled_from((7.0, 10.0, 15.0))),
             publics=tuple(draw(PUBLICS)), freins=tuple(draw(LISTES_FREINS)),
             indisponibilites=tuple(sorted(draw(INDISPONIBILITES))))
    return p, catalogue


PROPRIETES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPRIETES
@given(cas())
def test_jamais_d_offre_inéligible(donnees: tuple[Plan, list[dict[str, Any]]]) -> None:
    p, catalogue = donnees
    deja = {a.offre_id for a in p.activites}
    proposition = suggestion.proposer(p, catalogue)
    for choix in proposition.choix:
        assert choix.offre["statut"] == "publiee"
        assert eligibilite.eligible(choix.offre, p.commune, p.publics)
        assert choix.offre["id"] not in deja
    assert len({c.offre["id"] for c in proposition.choix}) == len(proposition.choix)


@PROPRIETES
@given(cas())
def test_jamais_de_chevauchement_ni_hors_horaires(donnees: tuple[Plan, list[dict[str, Any]]]) -> None:
    p, catalogue = donnees
    proposition = suggestion.proposer(p, catalogue)
    target(float(len(proposition.choix)), label="offres proposées")  # steer towards busy weeks
    prises = occupations(p)
    for choix in proposition.choix:
        for c in choix.creneaux:
            assert not any(o.heurte(c, choix.semaines) for o in prises), (c, choix.offre["id"])
            if horaires := choix.offre.get("horaires_accueil"):
                assert h.semaines_hors_horaires(c, horaires, p.debut, choix.semaines) == []
        prises += occupations(Plan(p.commune, p.debut, p.nombre_semaines,
                                   activites=(choix.activite(0, p.nombre_semaines),)))
    nouvelles = {a.cle for a in proposition.plan.activites[len(p.activites):]}
    erreurs = [c for c in controler(proposition.plan) if c.niveau == "erreur" and c.activite in nouvelles
               and c.code != "offre-introuvable"]
    assert erreurs == []


@PROPRIETES
@given(cas())
def test_deterministe_quel_que_soit_l_ordre_du_catalogue(donnees: tuple[Plan, list[dict[str, Any]]]) -> None:
    """Without a time budget (a budget that runs out keeps the best plan found by then)."""
    p, catalogue = donnees
    une = suggestion.proposer(p, catalogue, budget_s=None)
    assert suggestion.proposer(p, list(reversed(catalogue)), budget_s=None) == une
    assert suggestion.proposer(p, catalogue, budget_s=None) == une


@PROPRIETES
@given(cas())
def test_freins_d_abord_et_pas_de_grand_depassement(donnees: tuple[Plan, list[dict[str, Any]]]) -> None:
    p, catalogue = donnees
    proposition = suggestion.proposer(p, catalogue)
    target(float(len(proposition.choix)), label="offres proposées")
    courant = p
    for choix in proposition.choix:
        restants = set(courant.freins_a_couvrir())
        leves = ref_freins.freins_leves(choix.offre.get("thematiques"))
        if not leves & restants:  # an hours-only choice: no offer could lift what was left
            assert restants <= set(proposition.freins_sans_offre)
        courant = courant.avec(choix.activite(courant.prochaine_cle(), p.nombre_semaines))
    avant = tableau_semaines(p)
    for s_avant, s_apres in zip(avant, tableau_semaines(proposition.plan), strict=True):
        assert s_apres.heures <= max(s_avant.heures, p.cible) + suggestion.DEPASSEMENT_MAX + 1e-6


# --- worked examples ------------------------------------------------------------------------


def test_atteint_l_objectif_avec_des_raisons_d_une_ligne() -> None:
    catalogue = [offre(f"r{i}", volume_horaire_hebdomadaire=3.0, horaires_accueil=f"{j} 09:00-12:00")
                 for i, j in enumerate(("Mo", "Tu", "We", "Th", "Fr", "Sa"))]
    proposition = suggestion.proposer(plan(), catalogue, activites_max=5)
    assert all(s.atteinte for s in tableau_semaines(proposition.plan))
    assert len(proposition.choix) == 5
    for choix in proposition.choix:
        assert "\n" not in choix.raison and "3 h par semaine, semaines 1 à 26" in choix.raison


def test_prefere_la_plus_proche_puis_la_meilleure_qualite() -> None:
    loin = offre("a-loin", code_insee=ARRAS, latitude=50.29, longitude=2.78, volume_horaire_hebdomadaire=15.0)
    pres = offre("b-pres", volume_horaire_hebdomadaire=15.0)
    assert suggestion.proposer(plan(), [loin, pres]).choix[0].offre["id"] == "b-pres"
    moyenne = offre("c-moyenne", volume_horaire_hebdomadaire=15.0, score_qualite=0.4)
    bonne = offre("d-bonne", volume_horaire_hebdomadaire=15.0, score_qualite=0.9)
    assert suggestion.proposer(plan(), [moyenne, bonne]).choix[0].offre["id"] == "d-bonne"
    # quality in the reason as on the other pages: a percentage, and said when unknown
    assert "qualité 90\u202f%" in suggestion.proposer(plan(), [bonne]).choix[0].raison
    sans_score = offre("e-sans", volume_horaire_hebdomadaire=15.0, score_qualite=None)
    assert "qualité non renseignée" in suggestion.proposer(plan(), [sans_score]).choix[0].raison


def test_leve_les_freins_avant_de_compter_les_heures() -> None:
    grosse = offre("a-emploi", volume_horaire_hebdomadaire=15.0)
    permis = offre("z-permis", volume_horaire_hebdomadaire=2.0, thematiques=["mobilite--preparer-un-permis"])
    proposition = suggestion.proposer(plan(freins=("mobilite",)), [grosse, permis])
    assert [c.offre["id"] for c in proposition.choix][0] == "z-permis"
    assert proposition.choix[0].freins == ("mobilite",)
    assert proposition.choix[0].raison.startswith("Lève le frein « Mobilité »")


def test_frein_sans_offre_compatible_est_dit() -> None:
    proposition = suggestion.proposer(plan(freins=("logement",)),
                                      [offre("a", volume_horaire_hebdomadaire=15.0)])
    assert proposition.freins_sans_offre == ("logement",)
    assert [c.offre["id"] for c in proposition.choix] == ["a"]


def test_ne_depasse_pas_l_objectif_de_beaucoup() -> None:
    deja = activite(1, offre("deja", volume_horaire_hebdomadaire=12.0))
    catalogue = [offre("a-douze", volume_horaire_hebdomadaire=12.0),
                 offre("b-trois", volume_horaire_hebdomadaire=3.0)]
    proposition = suggestion.proposer(plan(deja), catalogue)
    assert [c.offre["id"] for c in proposition.choix] == ["b-trois"]


def test_comble_les_semaines_apres_un_atelier() -> None:
    """The workshop fills weeks 1-4; what is proposed starts where the gap starts."""
    atelier = activite(1, offre("atelier", volume_horaire_hebdomadaire=15.0, nombre_semaines=4))
    proposition = suggestion.proposer(plan(atelier, nombre_semaines=12),
                                      [offre("suite", volume_horaire_hebdomadaire=15.0)])
    assert proposition.choix[0].semaines == range(5, 13)
    assert all(s.atteinte for s in tableau_semaines(proposition.plan))


def test_seances_fixes_refusees_si_elles_tombent_sur_une_indisponibilite() -> None:
    fixe = offre("fixe", volume_horaire_hebdomadaire=3.0, horaires_accueil="Tu 11:00-14:00")
    large = offre("large", volume_horaire_hebdomadaire=3.0, horaires_accueil="Tu 08:00-18:00")
    ecole = (creneau("Tu", "11:30", "13:30"),)
    proposition = suggestion.proposer(plan(indisponibilites=ecole, cible=3.0), [fixe, large])
    assert [c.offre["id"] for c in proposition.choix] == ["large"]
    assert proposition.choix[0].creneaux == (creneau("Tu", "08:00", "11:00"),)


def test_offre_sans_horaires_placee_en_heures_de_bureau() -> None:
    o = offre("o", volume_horaire_hebdomadaire=2.0, horaires_accueil=None)
    choix = suggestion.proposer(plan(cible=2.0), [o]).choix[0]
    assert choix.creneaux == (creneau("Mo", "09:00", "11:00"),)
    assert "horaires à convenir avec la structure" in choix.raison


def test_offre_sans_volume_seulement_pour_un_frein() -> None:
    permanence = offre("perm", volume_horaire_hebdomadaire=None, horaires_accueil="Th 14:00-17:00",
                       thematiques=["sante--acces-aux-soins"])
    assert suggestion.proposer(plan(), [permanence]).choix == ()
    choix = suggestion.proposer(plan(freins=("sante",)), [permanence]).choix[0]
    assert choix.creneaux == (creneau("Th", "14:00", "15:00"),)
    assert "1 h de rendez-vous à confirmer" in choix.raison


# --- objective: the activity cap, nearness, freshness ------------------------------------------------


@PROPRIETES
@given(cas(), st.integers(1, 6))
def test_jamais_plus_que_le_maximum_d_activites(donnees: tuple[Plan, list[dict[str, Any]]],
                                                maximum: int) -> None:
    p, catalogue = donnees
    proposition = suggestion.proposer(p, catalogue, activites_max=maximum)
    assert len(proposition.choix) <= maximum and proposition.activites_max == maximum


def test_prefere_les_heures_pres_de_chez_soi_a_une_grosse_offre_du_departement() -> None:
    """One département-wide offer would fill the week alone; three in the commune fill it too."""
    grosse = offre("a-departement", code_insee=ARRAS, latitude=50.29, longitude=2.78, zone_eligibilite=["62"],
                   volume_horaire_hebdomadaire=15.0, horaires_accueil="Mo-Fr 09:00-12:00")
    locales = [offre(f"b-locale-{j}", volume_horaire_hebdomadaire=5.0, horaires_accueil=f"{j} 09:00-14:00")
               for j in ("Mo", "Tu", "We")]
    choix = suggestion.proposer(plan(), [grosse, *locales]).choix
    assert sorted(c.offre["id"] for c in choix) == ["b-locale-Mo", "b-locale-Tu", "b-locale-We"]
    assert len(suggestion.proposer(plan(), [grosse, *locales], activites_max=1).choix) == 1


def test_ateliers_courts_enchaines_semaine_apres_semaine() -> None:
    """Two six-week workshops on the same mornings: the second starts when the first ends."""
    premier = offre("a-premier", volume_horaire_hebdomadaire=15.0, nombre_semaines=6,
                    horaires_accueil="Mo-Fr 09:00-12:00")
    second = offre("b-second", volume_horaire_hebdomadaire=15.0, nombre_semaines=6,
                   horaires_accueil="Mo-Fr 09:00-12:00")
    proposition = suggestion.proposer(plan(nombre_semaines=12), [premier, second])
    assert sorted((c.semaines.start, c.semaines.stop) for c in proposition.choix) == [(1, 7), (7, 13)]
    assert all(s.atteinte for s in tableau_semaines(proposition.plan))


def test_prefere_une_offre_a_jour_et_dit_quand_seules_des_anciennes_existent() -> None:
    jour = dt.date(2026, 12, 1)
    ancienne = offre("a-ancienne", volume_horaire_hebdomadaire=15.0, date_maj="2025-06-01")
    recente = offre("b-recente", volume_horaire_hebdomadaire=15.0, date_maj="2026-10-01")
    proposition = suggestion.proposer(plan(), [ancienne, recente], aujourdhui=jour)
    assert [c.offre["id"] for c in proposition.choix] == ["b-recente"] and proposition.anciennes == ()
    seule = suggestion.proposer(plan(), [ancienne], aujourdhui=jour)
    assert seule.anciennes == ("a-ancienne",) and seule.toutes_anciennes
    assert "toutes les offres ouvertes à la personne" in seule.avis_anciennes()
    assert "pas de mise à jour depuis plus d'un an" in seule.choix[0].raison


def test_ancienne_mais_dans_la_commune_plutot_qu_a_jour_a_l_autre_bout_du_departement() -> None:
    """Nearness comes before freshness: the stale offer is kept, and the page says why."""
    jour = dt.date(2026, 12, 1)
    ancienne = offre("a-ancienne", volume_horaire_hebdomadaire=15.0, date_maj="2025-06-01")
    loin = offre("b-loin", volume_horaire_hebdomadaire=15.0, date_maj="2026-10-01", code_insee=ARRAS,
                 latitude=50.29, longitude=2.78, zone_eligibilite=["62"])
    proposition = suggestion.proposer(plan(), [ancienne, loin], aujourdhui=jour)
    assert proposition.anciennes == ("a-ancienne",) and not proposition.toutes_anciennes
    assert "aucune offre à jour ne faisait aussi bien" in proposition.avis_anciennes()


# --- holidays: the suggestion counts each week as the week-by-week table does ----------------


@PROPRIETES
@given(cas())
def test_les_heures_de_la_suggestion_sont_celles_du_tableau(
        donnees: tuple[Plan, list[dict[str, Any]]]) -> None:
    """Each week's hours after the suggestion are the table's before it plus each proposed offer's
    hours net of the public or school holidays it closes for: what the solver reasons on."""
    p, catalogue = donnees
    proposition = suggestion.proposer(p, catalogue)
    avant, apres = tableau_semaines(p), tableau_semaines(proposition.plan)
    for s_avant, s_apres in zip(avant, apres, strict=True):
        ajout = sum(c.heures - dict(c.pertes).get(s_avant.numero, 0.0) for c in proposition.choix
                    if s_avant.numero in c.semaines)
        assert abs(s_avant.heures + ajout - s_apres.heures) < 0.011, (s_avant.numero, proposition.choix)


def test_une_offre_fermee_un_jour_ferie_ne_compte_pas_ce_jour_la() -> None:
    """Wednesday 11 November 2026 is a public holiday: the offer closed on public holidays loses
    its 3 hours that week, so the one open that day is proposed although it is farther."""
    fermee = offre("a-fermee", volume_horaire_hebdomadaire=15.0, horaires_accueil="Mo-Fr 09:00-12:00; PH off")
    ouverte = offre("b-ouverte", volume_horaire_hebdomadaire=15.0, horaires_accueil="Mo-Fr 13:30-16:30",
                    code_insee=LIEVIN, latitude=50.42, longitude=2.78, score_qualite=0.5)
    novembre = plan(debut=dt.date(2026, 11, 9), nombre_semaines=2)
    proposition = suggestion.proposer(novembre, [fermee, ouverte], activites_max=1)
    assert [c.offre["id"] for c in proposition.choix] == ["b-ouverte"]
    assert all(s.atteinte for s in tableau_semaines(proposition.plan))
    # without a holiday in the programme, the nearer one is the better choice
    decembre = plan(debut=dt.date(2026, 11, 30), nombre_semaines=2)
    assert [c.offre["id"] for c in suggestion.proposer(decembre, [fermee, ouverte], activites_max=1).choix
            ] == ["a-fermee"]
    # with room for two, the closed one may stay if another fills the holiday
    assert all(s.atteinte for s in tableau_semaines(suggestion.proposer(novembre, [fermee, ouverte]).plan))
