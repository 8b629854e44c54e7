"""Hours of a programme: slots, DORA's conventions, week-by-week counting, opening hours."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.programmes import heures as h
from catalogue.programmes.erreurs import SaisieInvalide
from catalogue.programmes.plan import tableau_semaines
from tests.test_programme_fixtures import DEBUT, activite, creneau, offre, plan

# --- time of day and slots ------------------------------------------------------------------


@pytest.mark.parametrize("texte, minutes", [("09:30", 570), ("9:30", 570), ("9h30", 570), ("9h", 540),
                                            ("14", 840), ("24:00", 1440), ("00:00", 0)])
def test_heures_acceptees(texte: str, minutes: int) -> None:
    assert h.lire_heure(texte, "debut") == minutes


@pytest.mark.parametrize("texte", ["25:00", "12:60", "24:30", "midi", "", "9.30"])
def test_heures_refusees_nomment_le_champ(texte: str) -> None:
    with pytest.raises(SaisieInvalide) as exc:
        h.lire_heure(texte, "creneaux[0].debut")
    assert exc.value.erreurs[0].champ == "creneaux[0].debut"


def test_un_creneau_se_lit_en_osm_ou_en_francais() -> None:
    assert creneau("Mo", "09:00", "12:00") == h.Creneau(0, 540, 720)
    assert h.lire_creneau({"jour": "samedi", "debut": "9h", "fin": "12h"}, "c") == h.Creneau(5, 540, 720)
    assert h.Creneau(0, 540, 720).as_dict() == {"jour": "Mo", "debut": "09:00", "fin": "12:00"}
    assert h.Creneau(3, 810, 960).libelle() == "le jeudi de 13 h 30 à 16 h"


def test_creneau_invalide_chaque_erreur_a_son_champ() -> None:
    with pytest.raises(SaisieInvalide) as exc:
        h.lire_creneau({"jour": "Su", "debut": "10:00", "fin": "25:00"}, "creneaux[2]")
    champs = {e.champ for e in exc.value.erreurs}
    assert champs == {"creneaux[2].jour", "creneaux[2].fin"}
    assert "dimanche" in str(exc.value)


def test_la_fin_doit_suivre_le_debut() -> None:
    with pytest.raises(SaisieInvalide, match=r"creneaux\[0\]\.fin : la fin doit être après le début"):
        h.lire_creneaux([{"jour": "Mo", "debut": "12:00", "fin": "09:00"}], "creneaux")


def test_creneaux_qui_se_chevauchent_refuses() -> None:
    with pytest.raises(SaisieInvalide, match="chevauche"):
        h.lire_creneaux([{"jour": "Tu", "debut": "09:00", "fin": "12:00"},
                         {"jour": "Tu", "debut": "11:00", "fin": "13:00"}], "creneaux")


def test_texte_des_creneaux() -> None:
    lus = h.lire_texte_creneaux("lundi-vendredi 11:30-13:30\nmercredi 14h-18h", "indisponibilites")
    assert [c["jour"] for c in lus] == ["Mo", "Tu", "We", "Th", "Fr", "We"]
    assert h.lire_texte_creneaux("Mo,Th 9h30-12h", "x") == [
        {"jour": "Mo", "debut": "09:30", "fin": "12:00"}, {"jour": "Th", "debut": "09:30", "fin": "12:00"}]
    assert h.lire_texte_creneaux(h.texte_creneaux(h.lire_creneaux(lus, "x")), "x") == sorted(
        lus, key=lambda c: (h.JOURS.index(c["jour"]), c["debut"]))
    with pytest.raises(SaisieInvalide, match=r"indisponibilites \(créneau 2\)"):
        h.lire_texte_creneaux("lundi 9-12; le matin", "indisponibilites")


# --- weekly hours of an activity ------------------------------------------------------------


def test_heures_d_apres_les_creneaux_puis_l_offre_puis_le_referent() -> None:
    deux = (creneau("Mo", "09:00", "11:00"),)
    assert h.heures_hebdomadaires(deux, 6.0, None, True) == h.Heures(2.0, "creneaux")
    assert h.heures_hebdomadaires((), 6.0, None, True) == h.Heures(6.0, "offre")
    assert h.heures_hebdomadaires((), None, 1.5, True) == h.Heures(1.5, "supposee")
    assert h.heures_hebdomadaires((), None, 5.0, False) == h.Heures(5.0, "declaree")
    assert h.heures_hebdomadaires((), None, None, True) == h.Heures(0.0, "inconnue")
    assert h.Heures(1.5, "supposee").incertaine and h.Heures(0, "inconnue").incertaine
    assert not h.Heures(3, "offre").incertaine


def test_convention_dora_30_h_sur_3_semaines() -> None:
    """30 h over 3 weeks is entered as 10 h a week for 3 weeks: weeks 1-3 hold 10 h, week 4 none."""
    atelier = offre("a", volume_horaire_hebdomadaire=10.0, nombre_semaines=3)
    semaines = tableau_semaines(plan(activite(1, atelier), nombre_semaines=6))
    assert [s.heures for s in semaines] == [10, 10, 10, 0, 0, 0]
    assert sum(s.heures for s in semaines) == 30


def test_convention_dora_atelier_ponctuel() -> None:
    ponctuel = offre("p", volume_horaire_hebdomadaire=3.0, nombre_semaines=1)
    semaines = tableau_semaines(plan(activite(1, ponctuel, semaine_debut=5), nombre_semaines=8))
    assert [s.heures for s in semaines] == [0, 0, 0, 0, 3, 0, 0, 0]


def test_atelier_de_4_semaines_dans_un_plan_de_26_compte_seulement_ses_semaines() -> None:
    atelier = offre("atelier", volume_horaire_hebdomadaire=3.0, nombre_semaines=4)
    reguliere = offre("reguliere", volume_horaire_hebdomadaire=12.0, nombre_semaines=None)
    p = plan(activite(1, atelier, semaine_debut=10), activite(2, reguliere), cible=15.0)
    semaines = tableau_semaines(p)
    assert len(semaines) == 26
    assert [s.numero for s in semaines if s.heures == 15] == [10, 11, 12, 13]
    assert all(s.heures == 12 for s in semaines if s.numero not in (10, 11, 12, 13))
    assert [s.numero for s in semaines if s.atteinte] == [10, 11, 12, 13]
    assert semaines[0].ecart == 3.0 and semaines[9].ecart == 0.0
    assert semaines[10].detail == ((1, 3.0), (2, 12.0))


def test_le_referent_peut_arreter_une_activite_plus_tot() -> None:
    reguliere = offre("r", volume_horaire_hebdomadaire=2.0)
    semaines = tableau_semaines(plan(activite(1, reguliere, semaine_debut=3, semaine_fin=5),
                                     nombre_semaines=8))
    assert [s.heures for s in semaines] == [0, 0, 2, 2, 2, 0, 0, 0]


def test_une_activite_ne_depasse_jamais_le_programme() -> None:
    longue = offre("l", volume_horaire_hebdomadaire=2.0, nombre_semaines=52)
    assert activite(1, longue, semaine_debut=20).semaines(26) == range(20, 27)


def test_heures_supposees_signalees_dans_les_semaines() -> None:
    sans_heures = offre("s", volume_horaire_hebdomadaire=None)
    p = plan(activite(1, sans_heures, heures_saisies=1.0, semaine_debut=2, semaine_fin=3),
             activite(2, None, libelle="Démarches", heures_saisies=5.0), nombre_semaines=4)
    semaines = tableau_semaines(p)
    assert [s.heures for s in semaines] == [5, 6, 6, 5]
    assert [s.incertaine for s in semaines] == [False, True, True, False]
    assert p.activites[0].heures() == h.Heures(1.0, "supposee")
    assert p.activites[1].heures() == h.Heures(5.0, "declaree")


def test_offre_sans_heures_ni_estimation_compte_zero() -> None:
    p = plan(activite(1, offre("s", volume_horaire_hebdomadaire=None)), nombre_semaines=2)
    assert [(s.heures, s.incertaine) for s in tableau_semaines(p)] == [(0, True), (0, True)]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 20), st.one_of(st.none(), st.integers(1, 30)),
                          st.floats(0.5, 12, allow_nan=False).map(lambda x: round(x * 4) / 4)),
                max_size=6), st.integers(1, 26))
def test_les_heures_de_chaque_activite_se_retrouvent_dans_les_semaines(
        activites: list[tuple[int, int | None, float]], duree: int) -> None:
    """Conservation: the weekly table holds each activity's hours exactly in the weeks it runs."""
    liste = [activite(i, offre(f"o{i}", volume_horaire_hebdomadaire=v, nombre_semaines=n),
                      semaine_debut=min(debut, duree))
             for i, (debut, n, v) in enumerate(activites, start=1)]
    p = plan(*liste, nombre_semaines=duree)
    total = sum(a.heures().valeur * len(a.semaines(duree)) for a in liste)
    assert sum(s.heures for s in tableau_semaines(p)) == pytest.approx(total)


def test_semaines_et_dates() -> None:
    jeudi = dt.date(2026, 9, 10)
    assert h.debut_semaine(jeudi, 2) == dt.date(2026, 9, 17)
    assert h.date_du_jour(jeudi, 1, 0) == dt.date(2026, 9, 14)  # the Monday of week 1 follows
    assert h.date_du_jour(DEBUT, 1, 0) == DEBUT
    assert h.fin_programme(DEBUT, 26) == dt.date(2027, 3, 7)
    assert h.plages_de_semaines([15, 15, 12, 12, 15]) == [(1, 2, 15), (3, 4, 12), (5, 5, 15)]


# --- opening hours --------------------------------------------------------------------------


def test_ouvertures_par_jour() -> None:
    ouvert = h.ouvertures("Mo-Fr 09:00-12:00,13:30-17:00; PH off")
    assert ouvert is not None
    assert ouvert[0] == ((540, 720), (810, 1020))
    assert ouvert[5] == ()
    assert h.heures_ouvertes(ouvert) == 32.5


def test_ouvertures_de_nuit_coupees_a_minuit() -> None:
    ouvert = h.ouvertures("Mo 22:00-02:00")
    assert ouvert is not None
    assert ouvert[0] == ((1320, 1440),) and ouvert[1] == ((0, 120),)


def test_horaires_illisibles() -> None:
    assert h.ouvertures("le matin") is None
    assert not h.horaires_lisibles("le matin") and not h.horaires_lisibles(None)


def test_creneau_dans_les_horaires_chaque_semaine() -> None:
    horaires = "Mo-Fr 09:00-12:00"
    dedans, debord = creneau("Tu", "09:30", "11:30"), creneau("Tu", "11:00", "13:00")
    assert h.semaines_hors_horaires(dedans, horaires, DEBUT, range(1, 27)) == []
    assert h.semaines_hors_horaires(debord, horaires, DEBUT, range(1, 4)) == [1, 2, 3]


def test_horaires_saisonniers_evalues_aux_vraies_dates() -> None:
    """Open September to June: a Monday slot fits the autumn weeks, not July and August."""
    debut = dt.date(2026, 6, 1)
    hors = h.semaines_hors_horaires(creneau("Mo", "09:00", "12:00"), "Sep-Jun Mo 09:00-12:00", debut,
                                    range(1, 18))
    juillet_aout = [n for n in range(1, 18) if h.date_du_jour(debut, n, 0).month in (7, 8)]
    assert hors == juillet_aout


def test_jours_feries_ignores_semaine_ordinaire() -> None:
    """`PH off` closes nothing: a programme plans ordinary weeks (14 July 2026 is a Tuesday)."""
    semaine_du_14_juillet = range(1, 2)
    assert h.semaines_hors_horaires(creneau("Tu", "09:00", "12:00"), "Mo-Fr 09:00-12:00; PH off",
                                    dt.date(2026, 7, 13), semaine_du_14_juillet) == []


def test_indisponibilites_qui_se_chevauchent_fusionnees() -> None:
    lues = h.lire_creneaux("lundi-vendredi 11:30-13:30\nmercredi 13:00-18:00", "indisponibilites",
                           fusionner=True)
    assert [c.court() for c in lues] == ["lun. 11:30-13:30", "mar. 11:30-13:30", "mer. 11:30-18:00",
                                         "jeu. 11:30-13:30", "ven. 11:30-13:30"]
