"""Convention action fiches: OCR repairs, fiche parsing and data·inclusion v1 mapping.

Expected values come from reading the seed documents (shared/seeds) by eye; the line numbers quoted
are 1-based lines of those files. The ticked freins and publics of the Pas-de-Calais 2025-2027 fiches
are in tests/data/conventions/pas_de_calais_freins.json.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from data_inclusion.schema import v1
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.referentiels import vocabulaires
from importers.conventions import mapping, ocr, vocabulaire
from importers.conventions.lignes import lire
from importers.conventions.mapping import (
    champs_v1,
    document_vers_enregistrements,
    fiche_vers_enregistrements,
)
from importers.conventions.parser import Document, Fiche, parse_document
from tests.conftest import exiger_seeds

DONNEES = Path(__file__).resolve().parent / "data" / "conventions"
LOZERE_2025 = "000_430e4baa7bc27e87.txt"
ILLE_ET_VILAINE_2024 = "001_a6d6266629e8a183.txt"
MODELE_NATIONAL = "002_d92fba006e6f2c77.txt"
LOZERE_PDI = "003_e79900960da2f92c.txt"
PAS_DE_CALAIS = "004_e7122d632176dcab.txt"
SOURCE = "conventions"


@cache
def texte(nom: str) -> str:
    return (exiger_seeds() / nom).read_text(encoding="utf-8")


def ligne(nom: str, numero: int) -> str:
    """Line `numero` (1-based) of a seed, as in the file."""
    return texte(nom).split("\n")[numero - 1]


@cache
def document(nom: str) -> Document:
    return parse_document(texte(nom), nom)


def fiche(nom: str, numero: str, cadre: str | None = None) -> Fiche:
    trouvees = [f for f in document(nom).fiches if f.numero == numero and f.cadre == cadre]
    assert len(trouvees) == 1, f"{nom}: fiche {cadre} {numero} trouvée {len(trouvees)} fois"
    return trouvees[0]


def attendu_pas_de_calais() -> list[dict[str, Any]]:
    donnees = json.loads((DONNEES / "pas_de_calais_freins.json").read_text(encoding="utf-8"))
    return list(donnees["fiches"])


# --- OCR repairs, each on the real lines it was written for --------------------------------------


@pytest.mark.parametrize(
    ("nom", "numero", "avant", "apres"),
    [
        (LOZERE_2025, 5, "et I'emploi", "et l'emploi"),  # I' for l'
        (LOZERE_2025, 27, "a lI'identique", "a l'identique"),  # lI' for l'
        (ILLE_ET_VILAINE_2024, 1111, "de |'offre", "de l'offre"),  # |' for l'
        (ILLE_ET_VILAINE_2024, 343, "de I’'action", "de l’action"),  # doubled apostrophe
        (ILLE_ET_VILAINE_2024, 1071, "par I’\"UFOLEP", "par l’UFOLEP"),  # stray quote
        (LOZERE_2025, 11, "mise en ceuvre", "mise en œuvre"),
        (LOZERE_2025, 287, "oceuvre est:", "œuvre est:"),
        (LOZERE_2025, 159, "Iégislatives", "législatives"),  # I before é
        (ILLE_ET_VILAINE_2024, 4, "d’llle-et-Vilaine", "d’Ille-et-Vilaine"),
        (ILLE_ET_VILAINE_2024, 1009, "e |dentifier", "• Identifier"),  # | for I, e for •
        (ILLE_ET_VILAINE_2024, 55, "e Investir", "• Investir"),  # e for a bullet
        (ILLE_ET_VILAINE_2024, 1043, "7 500¢€", "7 500€"),  # ¢ for €
        (ILLE_ET_VILAINE_2024, 1244, "7 000¢ 7 000¢", "7 000€ 7 000€"),
        (ILLE_ET_VILAINE_2024, 872, "1¢\" janvier", "1er janvier"),  # ordinal, not cents
        (ILLE_ET_VILAINE_2024, 485, "1% janvier", "1er janvier"),
        (ILLE_ET_VILAINE_2024, 615, "1*\" juillet", "1er juillet"),
        (LOZERE_2025, 136, "| O,00€ |", "| 0,00€ |"),  # letter O for zero
        (LOZERE_2025, 134, "|O00€", "|000€"),
    ],
)
def test_reparation_ocr(nom: str, numero: int, avant: str, apres: str) -> None:
    brute = ligne(nom, numero)
    assert avant in brute
    assert apres in ocr.reparer_ligne(brute)


def test_la_lettre_o_d_une_puce_reste_une_lettre() -> None:
    # seeds/004:338 "- O Volume de public : 400 jeunes": the O is a bullet, not a zero
    assert "O Volume de public" in ocr.reparer_ligne(ligne(PAS_DE_CALAIS, 338))


@pytest.mark.parametrize(
    ("numero", "recolle", "coupee"),
    [
        (66, ["80500,00 €", "161000,00 €"], ",00 € ,00 € € 0,00 €"),  # seeds/000:66-67
        (136, ["45500,00 €", "91000,00 €"], ",00 € .00 € € ,00 €"),  # seeds/000:136-137
        (218, ["21419,00 €", "42838,00 €"], ",00 € ,00 € € ,00 €"),  # seeds/000:218-219
        (298, ["8000,00 €", "16000,00 €"], "00 € 00 € € ,00 €"),  # seeds/000:298-299
        (64, ["0,00 € 0,00 €"], "€"),  # seeds/000:64-65, a lone € under its amount
    ],
)
def test_montant_coupe_sur_deux_lignes(numero: int, recolle: list[str], coupee: str) -> None:
    lignes = ocr.reparer_texte(texte(LOZERE_2025))
    assert ligne(LOZERE_2025, numero + 1).strip() == coupee
    assert all(montant in lignes[numero - 1] for montant in recolle)
    assert lignes[numero] == ""  # the joined line stays, empty: line numbers do not move


def test_montants_qui_ne_se_correspondent_pas_restent_tels_quels() -> None:
    assert ocr.recoller_montant("2025 | 80500 | 0,00 €", ",00 € ,00 €") is None
    assert ocr.recoller_montant("Total 80500", ",00 €") is None


@pytest.mark.parametrize(
    ("numero", "avant", "apres"),
    [
        (9, "#### **DEPARTEMENT DU PAS-DE-CALAIS**", "DEPARTEMENT DU PAS-DE-CALAIS"),
        (418, "<b>Cible 2024</b>", "Cible 2024"),
        (384, "<ul> <li>Territoire</li> <li>L'ensemble", "• Territoire • L'ensemble"),
        (489, "2<sup>ème</sup> chance", "2ème chance"),
        (1570, "Mamobilité62\\_poursuivre", "Mamobilité62_poursuivre"),
        (328, "Phase 3: *Orientation*", "Phase 3: Orientation"),
        (340, "o **Montant**: 300 000€", "o Montant: 300 000€"),
        (1137, "0 <del>1</del> 0 0000", "0  0 0000"),  # struck-out text goes
        (1597, "1<sup>er</sup> janvier", "1er janvier"),
    ],
)
def test_bruit_markdown_et_html(numero: int, avant: str, apres: str) -> None:
    brute = ligne(PAS_DE_CALAIS, numero)
    assert avant in brute
    repare = ocr.reparer_ligne(brute)
    assert apres in repare
    assert not any(marque in repare for marque in ("<b>", "</li>", "**", "####", "<sup>"))


def test_saut_de_ligne_html() -> None:
    # no <br> in the seeds: the rule is tested on a line shaped like seeds/004:384
    assert ocr.reparer_ligne("Territoire<br>Pas-de-Calais<br/>") == "Territoire • Pas-de-Calais •"


@pytest.mark.parametrize(
    "nom", [LOZERE_2025, ILLE_ET_VILAINE_2024, MODELE_NATIONAL, LOZERE_PDI, PAS_DE_CALAIS]
)
def test_la_reparation_garde_le_nombre_de_lignes(nom: str) -> None:
    assert len(ocr.reparer_texte(texte(nom))) == texte(nom).count("\n") + 1


def test_une_ligne_fusionnee_est_coupee_sans_changer_de_numero() -> None:
    # seeds/004:2415 holds the end of sub-action 1 of fiche 2.2 and all of sub-action 2
    morceaux = [lu for lu in lire(texte(PAS_DE_CALAIS)) if lu.no == 2415]
    assert len(morceaux) > 1
    assert any(m.propre.startswith("Action 2 : Accompagnement de droit commun") for m in morceaux)


# --- fiches found, per document (DOMAIN.md, "The seed documents") -------------------------------


@pytest.mark.parametrize(
    ("nom", "attendues"),
    [(LOZERE_2025, 4), (ILLE_ET_VILAINE_2024, 9), (MODELE_NATIONAL, 0), (LOZERE_PDI, 8)],
)
def test_nombre_de_fiches(nom: str, attendues: int) -> None:
    trouvees = len(document(nom).fiches)
    assert trouvees >= 0.9 * attendues
    assert trouvees == attendues


def test_pas_de_calais_11_fiches_cls_et_14_fiches_cie() -> None:
    doc = document(PAS_DE_CALAIS)
    cls = [f.numero for f in doc.fiches if f.cadre == "cls"]
    cie = [f.numero for f in doc.fiches if f.cadre == "cie"]
    assert cls == ["1.1", "1.2", "1.3", "1.4", "1.5", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2"]
    assert cie == ["1.1", *(f"2.{k}" for k in range(1, 14))]


def test_ille_et_vilaine_9_fiches_16_offres() -> None:
    # 4 fiches made of volets (1: 3, 3: 2, 4: 4, 7: 2) and 5 single actions: 16 offers
    doc = document(ILLE_ET_VILAINE_2024)
    assert [len(f.sous_actions) for f in doc.fiches] == [3, 0, 2, 4, 0, 0, 2, 0, 0]
    assert sum(max(1, len(f.sous_actions)) for f in doc.fiches) == 16


def test_le_modele_national_est_reconnu_sans_fausse_fiche() -> None:
    doc = document(MODELE_NATIONAL)
    assert doc.est_modele and doc.fiches == [] and doc.departement is None
    assert doc.titre == "Modèle de convention départementale"
    assert document_vers_enregistrements(doc, SOURCE) == []


@pytest.mark.parametrize(
    ("nom", "departement", "jour", "debut_du_titre"),
    [
        (LOZERE_2025, "48", date(2025, 9, 4), "Convention pour l'insertion et l'emploi"),
        (ILLE_ET_VILAINE_2024, "35", date(2024, 4, 18), "Convention pour l'insertion"),
        (LOZERE_PDI, "48", date(2013, 12, 20), "Programme Départemental d'Insertion 2014-2017"),
        (PAS_DE_CALAIS, "62", date(2025, 9, 22), "CONTRACTUALISATION AVEC L'ETAT"),
    ],
)
def test_departement_date_et_titre(
    nom: str, departement: str, jour: date, debut_du_titre: str
) -> None:
    doc = document(nom)
    assert (doc.departement, doc.date, doc.est_modele) == (departement, jour, False)
    assert doc.titre.startswith(debut_du_titre)


# --- titles and fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nom", "numero", "cadre", "titre", "lignes"),
    [
        # two OCR columns interleaved: the volet words are taken out (seeds/000:85-88)
        (LOZERE_2025, "2", None, "Réflexion a la mise en oeuvre de l'accompagnement intensif", 76),
        (
            LOZERE_2025,
            "4",
            None,
            "Lien avec les entreprises pour faciliter la démarche inclusive et l'accés a l'emploi "
            "des personnes au rSa",
            227,
        ),
        # a title wrapped over a blank line (seeds/001:824-826)
        (
            ILLE_ET_VILAINE_2024,
            "5",
            None,
            "Accompagnement des personnes éloignées de l’emploi dans le champ de la santé mentale",
            822,
        ),
        (LOZERE_PDI, "7", None, "Permettre la participation des bénéficiaires du rSa aux instances"
         " du dispositif", 529),
        # left blank in the fiche (seeds/004:1148), read from the summary table (seeds/004:1717)
        (PAS_DE_CALAIS, "3.3", "cls", "Prévenir l'exclusion à travers la lutte contre les "
         "expulsions locatives", 1145),
        (PAS_DE_CALAIS, "2.4", "cie", "Médiation vers l'emploi et dans l'emploi", 2593),
    ],
)
def test_titres(nom: str, numero: str, cadre: str | None, titre: str, lignes: int) -> None:
    lue = fiche(nom, numero, cadre)
    assert lue.titre == titre
    assert lue.lignes[0] == lignes


def test_formulaire_lozere() -> None:
    f = fiche(LOZERE_2025, "2")
    assert (f.thematique, f.duree, f.volet, f.lignes) == ("Remobilisation", "1 an", "2", (76, 141))
    assert f.etat == "Action existante mais renforcée"
    assert f.description.startswith("Les référentes insertion emploi du Conseil départemental")
    assert fiche(LOZERE_2025, "4").cofinanceurs == "Etat, Département, FSE+"
    assert fiche(LOZERE_2025, "3").thematique == "Financement d'une chefferie de projet numérique"


def test_programme_departemental_d_insertion() -> None:
    f = fiche(LOZERE_PDI, "3")
    assert f.axe == "SOCIAL" and f.lignes == (320, 370)
    assert f.pilote == "Conseil général – Service du Lien Social , ARS"
    assert f.partenaires is not None and f.partenaires.startswith("MDPH, CCSS, MSA")
    assert "Mise en œuvre :" in f.description


def test_sous_actions_ille_et_vilaine() -> None:
    f = fiche(ILLE_ET_VILAINE_2024, "4")
    assert [(s.titre, s.operateur) for s in f.sous_actions] == [
        ("OSEE", "PRISME"),
        ("Parcours d’acces a l'emploi d’aide a domicile (PAEAD)", "CLPS"),
        ("Parcours d’insertion et d’attractivité des métiers du Grand Age (PIGA)", "CREES"),
        ("NO CODE", "CLPS"),
    ]
    assert f.sous_actions[0].duree == "septembre a décembre 2024"  # "OSEE : …" (seeds/001:801)
    assert f.sous_actions[0].lignes == (709, 761)
    assert f.sous_actions[0].description.startswith("La préqualification permettra")


def test_sous_actions_pas_de_calais() -> None:
    f = fiche(PAS_DE_CALAIS, "2.4", "cie")
    premiere, seconde = f.sous_actions
    assert (premiere.titre, premiere.volume_places, premiere.cout_unitaire) == (
        "Préparatoires à l'emploi",
        "250",
        "860€",
    )
    assert seconde.duree == "3 ans sur la durée de la contractualisation"
    assert seconde.lignes == (2732, 2781)
    # sub-action 2 of fiche 2.2 starts in the middle of seeds/004:2415
    suite = fiche(PAS_DE_CALAIS, "2.2", "cie").sous_actions[1]
    assert suite.lignes[0] == 2415 and suite.cout_unitaire == "156€"
    assert [s.titre for s in fiche(PAS_DE_CALAIS, "1.2", "cls").sous_actions][2] == (
        "Accompagnements sociaux logement pour les « jeunes en précarité »"
    )
    # a title glued to its paragraph is cut where the paragraph starts (seeds/004:2415)
    assert suite.titre == (
        "Accompagnement de droit commun : un accompagnement gradué ou alternatif à "
        "l'accompagnement intensif"
    )


def test_bloc_territoire_pilotage_partenaires() -> None:
    f = fiche(PAS_DE_CALAIS, "2.1", "cie")  # a table, seeds/004:2277-2288
    assert f.territoire == "Département du Pas-de-Calais"
    assert f.pilote == "Département du Pas-de-Calais"
    assert f.partenaires == (
        "Opérateur France Travail, CAF, Plateforme d'orientation, Structures d'insertion"
    )
    g = fiche(PAS_DE_CALAIS, "1.3", "cls")  # on one line, seeds/004:703
    assert g.territoire == "Territoire de l'ERBM"


# --- Pas-de-Calais 2025-2027: what is ticked, as printed ---------------------------------------


@pytest.mark.parametrize("attendue", attendu_pas_de_calais(), ids=lambda a: a["numero"])
def test_freins_coches_pas_de_calais(attendue: dict[str, Any]) -> None:
    f = fiche(PAS_DE_CALAIS, attendue["numero"], "cie")
    assert f.titre == attendue["titre"]
    assert f.freins == attendue["freins"]
    assert (f.autre_frein is not None) == attendue["autre_frein_coche"]
    if attendue["autre_frein_texte"]:
        assert f.autre_frein == attendue["autre_frein_texte"]
    assert f.thematique == attendue["thematique"]


@pytest.mark.parametrize("attendue", attendu_pas_de_calais(), ids=lambda a: a["numero"])
def test_publics_coches_pas_de_calais(attendue: dict[str, Any]) -> None:
    f = fiche(PAS_DE_CALAIS, attendue["numero"], "cie")
    assert f.publics == attendue["publics"]
    assert (f.cible_qpv, f.cible_rurale) == (attendue["cible_qpv"], attendue["cible_rurale"])
    if attendue["publics_autre"]:
        assert f.publics_texte is not None
        assert f.publics_texte.startswith(attendue["publics_autre"])


def test_les_libelles_de_gauche_ne_comptent_pas() -> None:
    # seeds/004:4208 "Darle II e | ⊠ Autre": a garbled left label, the option text decides
    assert fiche(PAS_DE_CALAIS, "2.13", "cie").autre_frein == "non précisé"


# --- odd input ---------------------------------------------------------------------------------


def test_texte_vide() -> None:
    doc = parse_document("", "vide.txt")
    assert (doc.fiches, doc.est_modele, doc.departement) == ([], False, None)
    assert doc.avertissements == ["Aucune fiche action reconnue dans ce document."]


def test_texte_sans_fiche() -> None:
    doc = parse_document(texte(ILLE_ET_VILAINE_2024).split("ANNEXE 1 PLAN")[0], "convention.txt")
    assert doc.fiches == [] and not doc.est_modele
    assert document_vers_enregistrements(doc, SOURCE) == []


def test_binaire_decode() -> None:
    junk = bytes(range(256)).decode("latin-1") * 20 + "\x00FICHE ACTION 1\x00\n\ufffd☐⊠\t\t#"
    doc = parse_document(junk, "binaire.bin")
    assert isinstance(doc, Document)


def test_fiche_tronquee() -> None:
    # cut in the middle of the freins of fiche 2.4 (seeds/004:2593-2615)
    lignes = texte(PAS_DE_CALAIS).split("\n")
    doc = parse_document("\n".join(lignes[2592:2615]), "tronque.txt")
    (seule,) = doc.fiches
    assert (seule.numero, seule.titre) == ("2.4", "Médiation vers l'emploi et dans l'emploi")
    assert seule.freins == ["parentalite", "difficultes-financieres"]
    assert "publics" in seule.champs_manquants
    assert [r["_type"] for r in fiche_vers_enregistrements(doc, seule, SOURCE)] == [
        "structure",
        "service",
    ]


def test_fiche_numerotee_tronquee() -> None:
    lignes = texte(ILLE_ET_VILAINE_2024).split("\n")
    doc = parse_document("\n".join(lignes[503:507]), "tronque.txt")  # seeds/001:504-507
    (seule,) = doc.fiches
    assert seule.titre == "Dispositif Premieres Heures en Chantier"
    assert seule.lignes == (1, 3)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("FICHE ACTION 1.2\t\n:☐⊠□☑Volet#*<li>é'"))))
def test_ne_leve_jamais(texte_quelconque: str) -> None:
    doc = parse_document(texte_quelconque, "hasard.txt")
    for f in doc.fiches:
        assert f.lignes[0] <= f.lignes[1]
        fiche_vers_enregistrements(doc, f, SOURCE, date(2025, 1, 1))


# --- data·inclusion v1 records -------------------------------------------------------------------


@pytest.mark.parametrize(
    "nom", [LOZERE_2025, ILLE_ET_VILAINE_2024, MODELE_NATIONAL, LOZERE_PDI, PAS_DE_CALAIS]
)
def test_tous_les_enregistrements_valident_en_v1(nom: str) -> None:
    enregistrements = document_vers_enregistrements(document(nom), SOURCE, date(2025, 1, 1))
    ids = [e["id"] for e in enregistrements]
    assert len(ids) == len(set(ids))
    for e in enregistrements:
        modele = v1.Structure if e["_type"] == "structure" else v1.Service
        modele.model_validate(champs_v1(e))
    services = [e for e in enregistrements if e["_type"] == "service"]
    assert len(services) == sum(max(1, len(f.sous_actions)) for f in document(nom).fiches)
    assert {e["structure_id"] for e in services} <= set(ids)


def test_nombre_d_offres_par_document() -> None:
    compte = {
        nom: len(
            [e for e in document_vers_enregistrements(document(nom), SOURCE) if e["_type"] ==
             "service"]
        )
        for nom in (LOZERE_2025, ILLE_ET_VILAINE_2024, LOZERE_PDI, PAS_DE_CALAIS)
    }
    assert compte == {LOZERE_2025: 4, ILLE_ET_VILAINE_2024: 16, LOZERE_PDI: 8, PAS_DE_CALAIS: 48}


def test_identifiants_stables() -> None:
    premier = [e["id"] for e in document_vers_enregistrements(document(PAS_DE_CALAIS), SOURCE)]
    relu = parse_document(texte(PAS_DE_CALAIS), PAS_DE_CALAIS)
    assert premier == [e["id"] for e in document_vers_enregistrements(relu, SOURCE)]
    assert "conventions--004-e7122d632176dcab-cie-2.13" in premier
    assert "conventions--004-e7122d632176dcab-cls-1.2-5" in premier


def _services(nom: str, numero: str, cadre: str | None = None) -> list[dict[str, Any]]:
    doc = document(nom)
    enregistrements = fiche_vers_enregistrements(doc, fiche(nom, numero, cadre), SOURCE)
    return [e for e in enregistrements if e["_type"] == "service"]


def test_service_d_une_sous_action() -> None:
    premier = _services(PAS_DE_CALAIS, "2.4", "cie")[0]
    assert premier["nom"] == "Médiation vers l'emploi et dans l'emploi — Préparatoires à l'emploi"
    assert premier["id"] == "conventions--004-e7122d632176dcab-cie-2.4-1"
    assert premier["structure_id"] == "conventions--conseil-departemental-62"
    assert premier["zone_eligibilite"] == ["62"]
    assert premier["date_maj"] == "2025-09-22"
    assert premier["lien_source"] is None
    assert "Nombre de places : 250." in premier["description"]
    assert "Coût unitaire par bénéficiaire du RSA : 860€." in premier["description"]
    assert premier["publics"] == [
        "beneficiaires-des-minimas-sociaux",
        "femmes",
        "jeunes",
        "personnes-en-situation-de-handicap",
        "personnes-en-situation-durgence",
        "seniors",
    ]
    assert "Bénéficiaires du RSA" in premier["publics_precisions"]
    assert premier["_provenance"] == {
        "fichier": PAS_DE_CALAIS,
        "lignes": [2667, 2730],
        "fiche": "2.4",
        "cadre": "cie",
        "sous_action": 1,
        "champs_trouves": fiche(PAS_DE_CALAIS, "2.4", "cie").champs_trouves,
        "champs_manquants": ["operateur"],
    }


def test_thematiques_des_freins_et_du_choix() -> None:
    (sante,) = _services(PAS_DE_CALAIS, "2.10", "cie")[:1]
    assert set(vocabulaires.thematiques_de("sante")) <= set(sante["thematiques"])
    (remobilisation,) = _services(LOZERE_2025, "2")
    assert remobilisation["thematiques"] == sorted(vocabulaires.thematiques_de("remobilisation"))
    (chefferie,) = _services(LOZERE_2025, "1")
    assert "thematiques" not in chefferie  # nothing to map: left out, not invented


def test_table_des_choix_de_thematique() -> None:
    connus = vocabulaires.valeurs("thematiques")
    for choix in vocabulaire.THEMATIQUES_CONVENTION:
        assert choix in mapping.THEMATIQUES_PAR_CHOIX, choix
    for thematiques in mapping.THEMATIQUES_PAR_CHOIX.values():
        assert set(thematiques) <= connus


def test_publics_sans_equivalent_gardes_en_precision() -> None:
    f = Fiche(numero="9", titre="Essai", lignes=(1, 2), description="Une action d'essai.")
    f.publics = ["Gens du voyage", "Séniors"]
    f.cible_qpv = "partiellement"
    f.publics_texte = "Autre : sans orientation"
    slugs, precisions = mapping.publics(f)
    assert slugs == ["residents-qpv-frr", "seniors"]
    assert precisions == (
        "Gens du voyage; Résidents des quartiers prioritaires (en partie); Autre : sans orientation"
    )
    assert mapping.publics(Fiche(numero="1", titre="x", lignes=(1, 1))) == ([], None)


def test_structures_operateurs_et_repli_departement() -> None:
    noms = {
        e["nom"]
        for e in document_vers_enregistrements(document(ILLE_ET_VILAINE_2024), SOURCE)
        if e["_type"] == "structure"
    }
    assert {"Elan Créateur", "BGE", "APASE", "UFOLEP", "Conseil départemental 35"} <= noms
    equilibre = _services(ILLE_ET_VILAINE_2024, "3")[0]  # "porté par le Département et …"
    assert equilibre["structure_id"] == "conventions--conseil-departemental-35"
    assert equilibre["nom"] == "Favoriser la reprise d’emploi des BRSA — Equilibre emploi"


def test_date_par_defaut_sans_date_dans_le_document() -> None:
    doc = Document(nom_fichier="x.txt", titre="Convention", departement="48")
    f = Fiche(numero="1", titre="Atelier mobilité", lignes=(3, 9), description="Un atelier.")
    enregistrements = fiche_vers_enregistrements(doc, f, SOURCE, date(2024, 5, 2))
    assert {e["date_maj"] for e in enregistrements} == {"2024-05-02"}
    assert enregistrements[1]["_provenance"]["champs_manquants"][0] == "thematique"


def test_zone_une_commune_du_departement(monkeypatch: pytest.MonkeyPatch) -> None:
    communes = {"Lens": SimpleNamespace(code="62498", departement="62")}
    faux = SimpleNamespace(resoudre_commune=communes.get)
    monkeypatch.setitem(sys.modules, "catalogue.referentiels.territoires", faux)
    doc = Document(nom_fichier="x.txt", titre="Convention", departement="62")
    f = Fiche(numero="1", titre="Atelier", lignes=(1, 2), territoire="Lens")
    assert mapping.zone_eligibilite(doc, f) == ["62498"]
    f.territoire = "Lens et Liévin"  # Liévin unknown here: the whole département
    assert mapping.zone_eligibilite(doc, f) == ["62"]


def test_zone_sans_referentiel_des_territoires(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "catalogue.referentiels.territoires", None)
    doc = Document(nom_fichier="x.txt", titre="Convention", departement="35")
    f = Fiche(numero="1", titre="Atelier", lignes=(1, 2), territoire="Rennes")
    assert mapping.zone_eligibilite(doc, f) == ["35"]
    assert parse_document(texte(LOZERE_2025), LOZERE_2025).departement is None
