"""Writes the spreadsheet fixtures of tests/data/importers (run: `python tests/data/importers/fabriquer.py`).

The XLSX and CSV files are committed; this script says how they were made, and remakes them. The
content is fictitious but shaped like what producers send: the data·inclusion producer template
(`__ignore__` help and example rows), numbers where codes were expected, Excel dates, labels typed
instead of slugs, a duplicated column, an extra column, empty rows.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ICI = Path(__file__).resolve().parent
TABLEUR = ICI / "tableur"
CASSES = ICI / "casses"

ENTETE_STRUCTURES = ["__ignore__", "source", "id", "nom", "date_maj", "siret", "commune", "code_postal",
                     "code_insee", "adresse", "telephone", "courriel", "site_web", "description",
                     "reseaux_porteurs"]
AIDE_STRUCTURES = ["Aide : ne pas modifier cette ligne", "Identifiant du producteur (sans espace)",
                   "Votre identifiant de la structure", "Nom de la structure", "Date de mise à jour",
                   "14 chiffres", "Commune", "Code postal", "Code INSEE de la commune",
                   "Numéro et voie", "Téléphone", "Courriel", "Site internet", "Présentation",
                   "Réseaux porteurs, séparés par des virgules"]
EXEMPLE_STRUCTURES = ["Exemple", "mon-territoire", "structure-1", "Nom de la structure",
                      "2025-01-01", "12345678900012", "Arras", "62000", "62041", "1 rue de l'Exemple",
                      "0300000000", "contact@example.org", "https://example.org", "Une structure.",
                      "france-travail"]
STRUCTURES: list[list[Any]] = [
    [None, "cd62", "ml-lens", "Mission locale Lens-Liévin ", datetime(2025, 3, 12), 13002526500013.0,
     "Lens", 62300, 62498, "12 rue de la Paix", 321000001, "accueil@ml-lens.example.org",
     "https://ml-lens.example.org", "Accompagnement des jeunes de 16 à 25 ans vers l'emploi.",
     "Mission locale"],
    [None, "cd62", "ccas-arras", "CCAS d'Arras", "15/03/2025", "21620041000015", "Arras", "62000",
     "62041", "Place Guy Mollet", "03 21 00 00 02", "ccas@arras.example.org", None, None,
     "ccas-cias"],
    [None, "cd62", "garage-artois", "Garage solidaire de l'Artois", datetime(2025, 2, 3),
     "44306184100047", "Béthune", 62400, 62119, "5 avenue du Progrès", "0321000003", None, None,
     "Réparation de véhicules à prix solidaire pour les personnes en insertion.   ", None],
    [None, "cd62", "rebond-saint-quentin", "Association Rebond", datetime(2025, 1, 20), "1,23457E+13",
     "Saint-Quentin", 2100, 2691, "3 rue des Canonniers", "0323000004", None, None, None, None],
    [None, None, None, None, None, None, None, None, None, None, None, None, None, None, None],
    [None, "cd62", "epicerie-avion", "Épicerie solidaire d'Avion", datetime(2024, 11, 28), None,
     "Avion", 62210, 62065, "Rue Émile Basly", None, None, None, None, "Banques alimentaires"],
]

ENTETE_SERVICES = ["__ignore__", "source", "id", "structure_id", "nom", "description", "date_maj",
                   "type", "thematiques", "publics", "frais", "modes_accueil", "zone_eligibilite",
                   "code_postal", "code_insee", "commune", "volume_horaire_hebdomadaire",
                   "nombre_semaines", "modes_mobilisation", "mobilisable_par", "horaires_accueil",
                   "couleur", "nom"]
AIDE_SERVICES = ["Aide", "Identifiant du producteur", "Identifiant du service",
                 "Identifiant de la structure", "Nom du service", "Description", "Date",
                 "Type de service", "Thématiques, séparées par des virgules", "Publics", "Frais",
                 "Modes d'accueil", "Codes communes, EPCI ou départements", "Code postal",
                 "Code INSEE", "Commune", "Heures par semaine", "Nombre de semaines",
                 "Modes de mobilisation", "Mobilisable par", "Horaires (OpenStreetMap)", "", ""]
EXEMPLE_SERVICES = ["exemple", "mon-territoire", "service-1", "structure-1", "Atelier CV",
                    "Un atelier pour rédiger son CV.", "2025-01-01", "atelier",
                    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
                    "tous-publics", "gratuit", "en-presentiel", "62041", "62000", "62041", "Arras",
                    3, 4, "telephoner", "professionnels", "Mo-Fr 09:00-12:00", None, None]
SERVICES: list[list[Any]] = [
    [None, "cd62", "atelier-cv", "ml-lens", "Atelier CV et lettre de motivation",
     "Deux séances par semaine pour construire son CV et préparer ses candidatures avec une "
     "conseillère.", datetime(2025, 3, 12), "Atelier",
     "Réaliser un CV et/ou une lettre de motivation, preparer-sa-candidature--valoriser-ses-competences",
     "Jeunes, demandeurs-emploi", "Gratuit", "En présentiel", 246200364.0, 62300, 62498, "Lens", 3,
     4.0, "Téléphoner, envoyer-un-courriel", "Professionnels,usagers",
     "Du lundi au vendredi de 9h à 12h", "bleu", None],
    [None, "cd62", "garde-ponctuelle", "ccas-arras", "Garde d'enfants ponctuelle",
     "Une solution de garde pour les parents qui reprennent une formation ou un emploi.",
     "02/04/2025", "accompagnement", "Garde d'enfants", "Familles", "gratuit", "en-presentiel",
     "62041", "62000", "62041", "Arras", "2,5", 8, "se-presenter", "usagers", "Mo-Fr 08:30-17:00",
     None, None],
    [None, "cd62", "auto-ecole-sociale", "garage-artois", "Auto-école sociale",
     "Préparation au code et à la conduite, à un coût adapté, avec un suivi individuel.",
     45720, "Formation", "Préparer un permis", "Bénéficiaires des minimas sociaux", "Payant",
     "En présentiel", 62, 62400, 62119, "Béthune", 6, 12, "telephoner", "professionnels", None,
     None, None],
    [None, "cd62", "location-vehicules", "garage-artois", "Location de véhicules à petit prix",
     "Voitures et scooters loués à la semaine pour se rendre au travail ou en formation.",
     datetime(2025, 2, 3), "aide-materielle", "Mobilité", "tous-publics", "payant", "en-presentiel",
     "Béthune, Lens", 62400, 62119, "Béthune", None, None, "telephoner", "usagers", None, None,
     None],
    [None, "cd62", "aide-garde", "ccas-arras", "Aide à la garde",
     "Un coup de pouce pour faire garder ses enfants pendant les démarches.", datetime(2025, 3, 1),
     "aide-financiere", "garde enfant", "Tout public", "gratuit", "en-presentiel", "62041", None,
     None, None, None, None, None, None, None, None, None],
    [None, "cd62", "permanence-rebond", "rebond-saint-quentin", "Permanence emploi",
     "Permanence hebdomadaire d'aide à la recherche d'emploi.", datetime(2025, 1, 20), "information",
     "Répondre à des offres d'emploi", "demandeurs-emploi", "gratuit", "en-presentiel", 2691, 2100,
     2691, "Saint-Quentin", 2, None, None, None, None, None, None],
    [None, "cd62", "atelier-numerique", "ml-lens", "Atelier",
     "", datetime(2025, 3, 12), "atelier", "Maîtriser les fondamentaux du numérique", "jeunes",
     "gratuit", "en-presentiel", 62498, None, None, None, 2, 0, None, None, None, None, None],
    [None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None,
     None, None, None, None, None, None, None],
    [None, "cd62", "atelier-cv", "ml-lens", "Atelier CV (copie)", "Doublon de la première ligne.",
     datetime(2025, 3, 12), "atelier", "preparer-sa-candidature--valoriser-ses-competences",
     "jeunes", "gratuit", "en-presentiel", 62498, None, None, None, 3, 4, None, None, None, None,
     "Nom en double"],
    [None, "cd62", "colis-alimentaires", "epicerie-avion", "Colis alimentaires",
     "Distribution de colis alimentaires sur orientation d'un travailleur social.",
     datetime(2024, 11, 28), "aide-materielle", "Alimentation", "Personnes en situation d'urgence",
     "gratuit", "en-presentiel", "62065", 62210, 62065, "Avion", None, None,
     "Se présenter", "Usagers", "le mercredi de 14h à 17h", None, None],
]


def classeur(feuilles: dict[str, list[list[Any]]]) -> Workbook:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for nom, lignes in feuilles.items():
        onglet = wb.create_sheet(nom)
        for ligne in lignes:
            onglet.append(ligne)
    return wb


def producteur() -> dict[str, list[list[Any]]]:
    return {
        "Structures": [ENTETE_STRUCTURES, AIDE_STRUCTURES, EXEMPLE_STRUCTURES, *STRUCTURES],
        "Services": [ENTETE_SERVICES, AIDE_SERVICES, EXEMPLE_SERVICES, *SERVICES],
    }


def ecrire_csv(chemin: Path, lignes: list[list[Any]], encodage: str, separateur: str = ";") -> None:
    """As Excel saves "CSV (séparateur : point-virgule)": numbers without leading zeros, dates
    written day first."""
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=separateur, lineterminator="\r\n")
    for ligne in lignes:
        ecrivain.writerow(["" if v is None else _comme_excel(v) for v in ligne])
    chemin.write_bytes(tampon.getvalue().encode(encodage))


def _comme_excel(valeur: Any) -> str:
    if isinstance(valeur, datetime):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, float):
        return f"{valeur:.15g}".replace(".", ",")
    return str(valeur)


def main() -> None:
    TABLEUR.mkdir(parents=True, exist_ok=True)
    CASSES.mkdir(parents=True, exist_ok=True)
    feuilles = producteur()
    classeur(feuilles).save(TABLEUR / "producteur_cd62.xlsx")
    ecrire_csv(TABLEUR / "producteur_structures.csv", feuilles["Structures"], "cp1252")
    ecrire_csv(TABLEUR / "producteur_services.csv", feuilles["Services"], "utf-8-sig")
    casses(feuilles)
    v0()


def casses(feuilles: dict[str, list[list[Any]]]) -> None:
    classeur({"Feuil1": feuilles["Structures"], "Feuil2": feuilles["Services"]}).save(
        CASSES / "tableur_mauvaises_feuilles.xlsx")
    sans = [[v for i, v in enumerate(ligne) if ENTETE_SERVICES[i] not in ("description", "date_maj")]
            for ligne in feuilles["Services"]]
    classeur({"Structures": feuilles["Structures"], "Services": sans}).save(
        CASSES / "tableur_colonnes_manquantes.xlsx")
    classeur({"Structures": STRUCTURES[:2], "Services": SERVICES[:2]}).save(
        CASSES / "tableur_sans_entete.xlsx")
    classeur({"Structures": [], "Services": []}).save(CASSES / "tableur_vide.xlsx")
    entier = TABLEUR / "producteur_cd62.xlsx"
    (CASSES / "tableur_corrompu.xlsx").write_bytes(entier.read_bytes()[:3000])
    shutil.copy(TABLEUR / "producteur_services.csv", CASSES / "tableur_csv_renomme.xlsx")
    (CASSES / "tableur_ancien.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    ecrire_csv(CASSES / "producteur_services_utf16.csv", feuilles["Services"][:4], "utf-16", "\t")
    ecrire_csv(CASSES / "producteur_services_mac_roman.csv", feuilles["Services"][:5], "mac_roman")


# ------------------------------------------------------------------------------------------------
# Legacy v0 exports (JSON): a DORA search page and a data·inclusion v0 dump in two flat lists

V0 = ICI / "v0"

STRUCTURE_DORA = {
    "id": "0c8e1f52-3d1a-4b7e-9c51-6a2f0e7b4d11", "source": "dora", "siret": "77566202600014",
    "rna": "W623001234", "nom": "Association Lien Numérique Lensois", "commune": "Lens",
    "code_postal": "62300", "code_insee": "62498", "adresse": "4 rue Romuald Pruvost",
    "complement_adresse": None, "longitude": 2.8319, "latitude": 50.4328, "typologie": "ASSO",
    "telephone": "0321000010", "courriel": "contact@lien-numerique.example.org",
    "site_web": "https://lien-numerique.example.org", "presentation_resume": "Médiation numérique.",
    "presentation_detail": "L'association accompagne les habitants du bassin minier dans leurs usages "
    "du numérique : démarches en ligne, prise en main d'un ordinateur, ateliers collectifs.",
    "date_maj": "2024-10-02T08:41:12.512Z", "antenne": False,
    "lien_source": "https://dora.inclusion.beta.gouv.fr/structures/lien-numerique-lensois",
    "horaires_ouverture": "Mo-Fr 09:00-12:00,13:30-17:00", "accessibilite": None,
    "labels_nationaux": ["aidants-connect", "conseiller-numerique"],
    "labels_autres": ["Fabrique de territoire"],
    "thematiques": ["numerique"],
}
STRUCTURE_DORA_2 = {
    "id": "5b7d2a90-8e44-4c1f-a3d6-19f0c2e8b7aa", "source": "dora", "siret": "26620005800019",
    "nom": "Maison Départementale des Solidarités de l'Arrageois", "commune": "Arras",
    "code_postal": "62000", "code_insee": "62041", "adresse": "Rue Jules Ferry", "typologie": "MDS",
    "telephone": "0321000020", "courriel": None, "site_web": None, "presentation_resume": None,
    "presentation_detail": None, "date_maj": "2024-06-17", "labels_nationaux": [],
    "labels_autres": [], "horaires_ouverture": "Du lundi au vendredi de 8h30 à 12h et de 13h30 à 17h",
}


def _service_dora(**champs: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source": "dora", "structure_id": STRUCTURE_DORA["id"], "presentation_resume": None,
        "presentation_detail": None, "types": [], "thematiques": [], "prise_rdv": None, "frais": [],
        "frais_autres": None, "profils": [], "profils_precisions": None, "pre_requis": [],
        "cumulable": True, "justificatifs": [], "formulaire_en_ligne": None, "commune": "Lens",
        "code_postal": "62300", "code_insee": "62498", "adresse": "4 rue Romuald Pruvost",
        "complement_adresse": None, "longitude": 2.8319, "latitude": 50.4328, "recurrence": None,
        "date_creation": "2023-02-14T10:02:00Z", "date_suspension": None, "lien_source": None,
        "telephone": "0321000010", "courriel": "contact@lien-numerique.example.org",
        "contact_public": True, "contact_nom_prenom": None, "date_maj": "2024-10-02T08:41:12.512Z",
        "modes_accueil": ["en-presentiel"], "modes_orientation_accompagnateur": [],
        "modes_orientation_accompagnateur_autres": None, "modes_orientation_beneficiaire": [],
        "modes_orientation_beneficiaire_autres": None, "zone_diffusion_type": "epci",
        "zone_diffusion_code": "246200364", "zone_diffusion_nom": "CA de Lens - Liévin",
        "page_web": None, "score_qualite": 0.61,
    }
    return {**base, **champs}


SERVICES_DORA = [
    _service_dora(
        id="b2f1a6c3-0e5d-4f7a-8b9c-1d2e3f4a5b6c", nom="Ateliers « Premiers pas sur ordinateur »",
        presentation_resume="Apprendre à utiliser un ordinateur en petit groupe.",
        presentation_detail="Cycle de 6 ateliers de 2 heures : allumer l'ordinateur, utiliser la "
        "souris et le clavier, créer une adresse électronique, naviguer sur internet en sécurité.",
        types=["atelier", "numerique"],
        thematiques=["numerique--prendre-en-main-un-ordinateur", "illettrisme--utiliser-numerique"],
        frais=["gratuit-sous-conditions"], frais_autres="Gratuit pour les habitants de l'agglomération.",
        profils=["beneficiaires-rsa", "seniors-65", "adultes"], pre_requis=["Savoir lire"],
        justificatifs=["Pièce d'identité", "Justificatif de domicile"],
        modes_orientation_accompagnateur=["envoyer-un-mail-avec-une-fiche-de-prescription",
                                          "telephoner"],
        modes_orientation_beneficiaire=["se-presenter", "autre"],
        modes_orientation_beneficiaire_autres="Permanence d'inscription le mardi matin",
        recurrence="Le mardi de 9h à 11h", volume_horaire_hebdomadaire=2, nombre_semaines=6,
        lien_source="https://dora.inclusion.beta.gouv.fr/services/premiers-pas-ordinateur",
    ),
    _service_dora(
        id="c3a2b7d4-1f6e-4a8b-9cad-2e3f4a5b6c7d", nom="Aide aux démarches en ligne (Aidants Connect)",
        presentation_resume="Un aidant réalise ou vous aide à réaliser vos démarches en ligne.",
        types=["accompagnement", "delegation"],
        thematiques=["numerique--realiser-des-demarches-administratives-avec-un-accompagnement",
                     "acces-aux-droits-et-citoyennete--connaitre-ses-droits"],
        frais=["gratuit"], profils=["tous-publics", "femmes"],
        modes_orientation_beneficiaire=["prendre-rdv", "telephoner"],
        prise_rdv="https://rdv.lien-numerique.example.org", recurrence="Sur rendez-vous",
        contact_public=False, contact_nom_prenom="Camille Martin",
    ),
    _service_dora(
        id="d4b3c8e5-2a7f-4b9c-8dbe-3f4a5b6c7d8e", nom="Prêt d'ordinateurs portables",
        presentation_resume="Prêt d'un ordinateur portable pendant une formation ou une recherche "
        "d'emploi.", types=["aide-materielle"],
        thematiques=["numerique--acceder-a-du-materiel", "handicap"], frais=["adhesion"],
        frais_autres="Adhésion de 5 € par an.", profils=["demandeurs-demploi", "locataires"],
        modes_orientation_accompagnateur=["completer-le-formulaire-dadhesion"],
        cumulable=False, zone_diffusion_type="region", zone_diffusion_code="32",
        zone_diffusion_nom="Hauts-de-France",
    ),
    _service_dora(
        id="e5c4d9f6-3b8a-4cad-9ecf-4a5b6c7d8e9f", nom="Permanence numérique itinérante",
        presentation_resume=None, presentation_detail=None, types=["information"],
        thematiques=["numerique"], profils=["tous-publics"],
    ),
]
SERVICE_MDS = _service_dora(
    id="f6d5eaf7-4c9b-4dbe-8fd0-5b6c7d8e9fa0", structure_id=STRUCTURE_DORA_2["id"],
    nom="Accompagnement budgétaire", commune="Arras", code_postal="62000", code_insee="62041",
    presentation_resume="Entretiens individuels pour faire le point sur son budget et ses dettes.",
    presentation_detail="<p>Une conseillère en économie sociale et familiale vous reçoit "
    "pour <b>faire le point</b> sur votre budget, prévenir les impayés et, si besoin, constituer un "
    "dossier de surendettement.</p>",
    types=["accompagnement"],
    thematiques=["gestion-financiere--apprendre-a-gerer-son-budget",
                 "gestion-financiere--prevention-et-gestion-du-surendettement",
                 "logement-hebergement--etre-accompagne-en cas-de-difficultes-financieres"],
    frais=["gratuit"], profils=["familles-enfants", "beneficiaires-rsa", "sortants-de-detention"],
    modes_orientation_accompagnateur=["envoyer-un-mail"], modes_orientation_beneficiaire=["telephoner"],
    zone_diffusion_type="departement", zone_diffusion_code="62", zone_diffusion_nom="Pas-de-Calais",
    date_suspension="2024-12-31", recurrence="Du lundi au vendredi de 9h à 12h",
)

STRUCTURES_DI = [
    {"id": "fredo-2141", "source": "mediation-numerique", "nom": "Espace public numérique de Liévin",
     "siret": None, "commune": "Liévin", "code_postal": "62800", "code_insee": "62510",
     "adresse": "Place Gambetta", "typologie": "EPN", "telephone": None, "courriel": None,
     "site_web": None, "presentation_resume": "Accès libre à des ordinateurs et ateliers.",
     "date_maj": "2023-11-20", "labels_nationaux": ["france-service"], "labels_autres": None,
     "horaires_ouverture": "Mo-Sa 09:00-12:00", "accessibilite": "https://acceslibre.beta.gouv.fr/app/62-lievin/a/epn/"},
    {"id": "odspep-9001", "source": "odspep", "nom": "CCAS de Bruay-la-Buissière", "siret": "26620015700014",
     "commune": "Bruay-la-Buissière", "code_postal": "62700", "code_insee": "62178",
     "typologie": "CCAS", "date_maj": "2022-05-03", "presentation_resume": None},
]
SERVICES_DI = [
    {"id": "fredo-2141-ateliers", "source": "mediation-numerique", "structure_id": "fredo-2141",
     "nom": "Ateliers numériques du samedi", "presentation_resume": "Ateliers collectifs pour "
     "découvrir la tablette et le smartphone.", "types": ["atelier"],
     "thematiques": ["numerique--prendre-en-main-un-smartphone-ou-une-tablette",
                     "numerique--utiliser-le-numerique-au-quotidien"],
     "frais": ["gratuit", "pass-numerique"], "profils": ["seniors-65", "jeunes-16-26"],
     "modes_accueil": ["en-presentiel"], "zone_diffusion_type": "commune",
     "zone_diffusion_code": "62510", "recurrence": "Sa 09:30-11:30", "date_maj": "2023-11-20"},
    {"id": "odspep-9001-epicerie", "source": "odspep", "structure_id": "odspep-9001",
     "nom": "Épicerie sociale", "presentation_resume": "Produits alimentaires à petit prix sur "
     "orientation d'un travailleur social.", "types": ["aide-materielle"],
     "thematiques": ["gestion-financiere--obtenir-une-aide-alimentaire",
                     "acces-aux-droits-et-citoyennete--developpement-durable"],
     "frais": ["payant"], "profils": ["sans-domicile-fixe", "victimes", "personnes-en-situation-illettrisme"],
     "modes_orientation_accompagnateur": ["envoyer-un-mail"], "zone_diffusion_type": "commune",
     "zone_diffusion_code": None, "code_insee": "62178", "date_maj": "2022-05-03",
     "contact_public": True, "courriel": "epicerie@ccas-bruay.example.org"},
    {"id": "odspep-9001-domiciliation", "source": "odspep", "structure_id": "odspep-9001",
     "nom": "Domiciliation", "presentation_resume": "Une adresse pour recevoir son courrier.",
     "types": ["accueil"],
     "thematiques": ["acces-aux-droits-et-citoyennete--accompagnement-dans-les-demarches-administratives"],
     "profils": ["sans-domicile-fixe"], "zone_diffusion_type": "epci",
     "zone_diffusion_code": "200099999", "zone_diffusion_nom": "Communauté inconnue",
     "date_maj": "2022-05-03"},
    {"id": "odspep-9002-orphelin", "source": "odspep", "structure_id": "odspep-absente",
     "nom": "Service sans structure", "presentation_resume": "Sa structure n'est pas dans l'export.",
     "profils": ["adultes"], "date_maj": "2022-05-03"},
]


def v0() -> None:
    import json

    V0.mkdir(parents=True, exist_ok=True)
    items = [{"service": {**s, "structure": STRUCTURE_DORA}, "distance": n}
             for n, s in enumerate(SERVICES_DORA)]
    items.append({"service": {**SERVICE_MDS, "structure": STRUCTURE_DORA_2}, "distance": 12})
    page = {"items": items, "total": len(items), "page": 1, "size": 50, "pages": 1}
    (V0 / "dora_recherche_v0.json").write_text(json.dumps(page, ensure_ascii=False, indent=1),
                                               encoding="utf-8")
    (V0 / "datainclusion_v0_structures.json").write_text(
        json.dumps(STRUCTURES_DI, ensure_ascii=False, indent=1), encoding="utf-8")
    (V0 / "datainclusion_v0_services.json").write_text(
        json.dumps(SERVICES_DI, ensure_ascii=False, indent=1), encoding="utf-8")
    texte = (V0 / "dora_recherche_v0.json").read_text(encoding="utf-8")
    (CASSES / "v0_tronque.json").write_text(texte[: len(texte) * 2 // 3], encoding="utf-8")
    (CASSES / "v0_windows_1252.json").write_bytes(
        json.dumps(SERVICES_DI[:1], ensure_ascii=False).encode("cp1252"))
    (CASSES / "v0_page_erreur.json").write_text(
        "<html><body><h1>502 Bad Gateway</h1></body></html>", encoding="utf-8")
    (CASSES / "v0_elements_pas_des_objets.json").write_text(
        json.dumps({"items": ["presentation_resume", 42, None], "profils": []}), encoding="utf-8")


if __name__ == "__main__":
    main()
