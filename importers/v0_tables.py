"""Our v0 -> v1 correspondence tables, one per field, for the legacy importer (`importers.v0`).

Sources consulted for the values (not copied): the data·inclusion schema's v0 vocabularies and the
v0 -> v1 mapping models of the public pipeline `gip-inclusion/data-inclusion`
(`pipeline/dbt/seeds/schema/v0/*.csv`; `pipeline/dbt/models/intermediate/004_finals/_map_thematiques.sql`,
`_map_publics.sql`, `_map_frais.sql`, `_map_reseaux_typologie.sql`, `_map_reseaux_labels.sql` and the
`type`, `modes_mobilisation`, `mobilisable_par`, `zone_eligibilite`, `description` rules of
`int__services.sql`), read in 2026. The v1 side is the installed `data-inclusion-schema` package,
so every target below is checked against it (`tests/test_import_v0.py`).

Where we differ from the pipeline, on purpose:
- targets renamed since in v1 (`mobilite--preparer-un-permis`, `mobilite--mobilite-douce-partagee-collective`,
  `ccas-cias`, `ei`/`aci`/`etti`… instead of `siae`) use the installed vocabulary;
- `sortants-de-detention` -> `personnes-en-situation-juridique-specifique` (a v1 public made for them),
  `personnes-en-situation-illettrisme`, `locataires`, `proprietaires`, `adultes` -> no public: their wording
  goes to `publics_precisions` rather than to a public that would mislead a search;
- `remobilisation--discrimination` -> `…--connaitre-ses-droits-face-a-une-discrimination`, which v1 has;
- a profil narrower than its v1 public (`surdite`, `jeunes-16-26`…) keeps its wording in the precisions.
Nothing is dropped: a value without equivalent goes to the matching `*_precisions` field, or to the
"ancien format" paragraph of the description when v1 has no such field, and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.referentiels import vocabulaires


def _toutes(categorie: str) -> tuple[str, ...]:
    """A v0 catégorie (no sub-thématique) stands for every v1 thématique of the matching one."""
    return vocabulaires.thematiques_de(categorie)


def _memes(*slugs: str) -> dict[str, tuple[str, ...]]:
    """v0 sub-thématiques kept unchanged in v1."""
    return {slug: (slug,) for slug in slugs}


_DAJ = "difficultes-administratives-ou-juridiques"
_LEC = ("lecture-ecriture-calcul--maitriser-le-francais", "lecture-ecriture-calcul--maitriser-le-calcul")
_PARENTALITE = ("famille--soutien-a-la-parentalite-et-a-leducation",)
_FONDAMENTAUX = ("numerique--maitriser-les-fondamentaux-du-numerique",)
_DEMARCHES_EN_LIGNE = ("numerique--acceder-a-des-services-en-ligne",
                       f"{_DAJ}--accompagnement-aux-demarches-administratives")

#: v0 thématique -> v1 thématiques; () = no equivalent (see LIBELLES_THEMATIQUES_SANS_EQUIVALENT)
THEMATIQUES: dict[str, tuple[str, ...]] = {
    "acces-aux-droits-et-citoyennete": _toutes(_DAJ),
    "acces-aux-droits-et-citoyennete--accompagnement-dans-les-demarches-administratives": (
        f"{_DAJ}--accompagnement-aux-demarches-administratives",),
    "acces-aux-droits-et-citoyennete--accompagnement-juridique": (
        f"{_DAJ}--prendre-en-compte-une-problematique-judiciaire",),
    "acces-aux-droits-et-citoyennete--aide-aux-victimes": (),
    "acces-aux-droits-et-citoyennete--connaitre-ses-droits": (
        f"{_DAJ}--accompagnement-pour-lacces-aux-droits",),
    "acces-aux-droits-et-citoyennete--demandeurs-dasile-et-naturalisation": (
        f"{_DAJ}--accompagnement-pour-lacces-a-la-citoyennete",),
    "acces-aux-droits-et-citoyennete--developpement-durable": (),
    "acces-aux-droits-et-citoyennete--faciliter-laction-citoyenne": (
        "remobilisation--benevolat-action-citoyenne",),
    "accompagnement-social-et-professionnel-personnalise": (),
    "accompagnement-social-et-professionnel-personnalise--decrochage-scolaire": _PARENTALITE,
    "accompagnement-social-et-professionnel-personnalise--definition-du-projet-professionnel": (
        "choisir-un-metier--confirmer-son-choix-de-metier",
        "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"),
    "accompagnement-social-et-professionnel-personnalise--parcours-d-insertion-socioprofessionnel": (),
    "apprendre-francais": _LEC[:1],
    "apprendre-francais--accompagnement-insertion-pro": _LEC[:1],
    "apprendre-francais--communiquer-vie-tous-les-jours": _LEC[:1],
    "apprendre-francais--suivre-formation": _LEC[:1],
    "choisir-un-metier": _toutes("choisir-un-metier"),
    **_memes("choisir-un-metier--confirmer-son-choix-de-metier",
             "choisir-un-metier--connaitre-les-opportunites-demploi",
             "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
             "choisir-un-metier--identifier-ses-points-forts-et-ses-competences"),
    "creation-activite": _toutes("creer-une-entreprise"),
    "creation-activite--definir-son-projet-de-creation-dentreprise": (
        "creer-une-entreprise--definir-son-projet-de-creation-dentreprise",),
    "creation-activite--developper-son-entreprise": ("creer-une-entreprise--developper-son-entreprise",),
    "creation-activite--financer-son-projet": (
        "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",),
    "creation-activite--reseautage-pour-createurs-dentreprise": (
        "creer-une-entreprise--developper-son-entreprise",),
    "creation-activite--structurer-son-projet-de-creation-dentreprise": (
        "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",),
    **_memes(f"{_DAJ}--accompagnement-aux-demarches-administratives",
             f"{_DAJ}--accompagnement-pour-lacces-aux-droits",
             f"{_DAJ}--prendre-en-compte-une-problematique-judiciaire",
             "difficultes-financieres--acquerir-une-autonomie-budgetaire",
             "difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere"),
    "equipement-et-alimentation": _toutes("equipement-et-alimentation"),
    "equipement-et-alimentation--acces-a-du-materiel-informatique": (
        "numerique--acquerir-un-equipement",),
    "equipement-et-alimentation--acces-a-un-telephone-et-un-abonnement": (
        "numerique--acquerir-un-equipement", "numerique--acceder-a-une-connexion-internet"),
    **_memes("equipement-et-alimentation--aide-menagere", "equipement-et-alimentation--alimentation",
             "equipement-et-alimentation--electromenager", "equipement-et-alimentation--habillement"),
    "famille": _toutes("famille"),
    "famille--accompagnement-femme-enceinte-bebe-jeune-enfant": _PARENTALITE,
    "famille--garde-denfants": ("famille--garde-denfants",),
    "famille--information-et-accompagnement-des-parents": _PARENTALITE,
    "famille--jeunes-sans-soutien-familial": ("remobilisation--lien-social",),
    "famille--soutien-a-la-parentalite": _PARENTALITE,
    "famille--soutien-aidants": ("famille--soutien-aidants",),
    "famille--soutien-aux-familles": _PARENTALITE,
    "famille--violences-intrafamiliales": ("famille--surmonter-conflits-separation-violence",),
    "gestion-financiere": _toutes("difficultes-financieres"),
    "gestion-financiere--acces-au-micro-credit": (
        "difficultes-financieres--acquerir-une-autonomie-budgetaire",),
    "gestion-financiere--accompagnement-aux-personnes-en-difficultes-financieres": (
        "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",),
    "gestion-financiere--apprendre-a-gerer-son-budget": (
        "difficultes-financieres--ameliorer-sa-gestion-budgetaire",),
    "gestion-financiere--beneficier-daides-financieres": (
        f"{_DAJ}--accompagnement-pour-lacces-aux-droits",),
    "gestion-financiere--creation-et-utilisation-dun-compte-bancaire": (
        "difficultes-financieres--acquerir-une-autonomie-budgetaire",),
    "gestion-financiere--obtenir-une-aide-alimentaire": ("equipement-et-alimentation--alimentation",),
    "gestion-financiere--prevention-et-gestion-du-surendettement": (
        "difficultes-financieres--situation-dendettement-surendettement",),
    "handicap": (),
    "handicap--accompagnement-par-une-structure-specialisee": (),
    "handicap--adaptation-au-poste-de-travail": ("trouver-un-emploi--maintien-dans-lemploi",),
    "handicap--adapter-son-logement": ("logement-hebergement--se-maintenir-dans-le-logement",),
    "handicap--aide-a-la-personne": ("famille--prise-en-charge-personne-dependante",),
    "handicap--connaissance-des-droits-des-travailleurs": (
        f"{_DAJ}--accompagnement-pour-lacces-aux-droits",),
    "handicap--faire-reconnaitre-un-handicap": ("sante--constituer-un-dossier-mdph-invalidite",),
    "handicap--favoriser-le-retour-et-le-maintien-dans-lemploi": (
        "trouver-un-emploi--maintien-dans-lemploi",),
    "handicap--gerer-le-depart-a-la-retraite-des-personnes-en-situation-de-handicap": (
        f"{_DAJ}--accompagnement-pour-lacces-aux-droits",),
    "handicap--mobilite-des-personnes-en-situation-de-handicap": (
        "mobilite--etre-accompagne-dans-son-parcours-mobilite",),
    "illettrisme": _LEC,
    "illettrisme--accompagner-scolarite": _PARENTALITE,
    "illettrisme--ameliorer-vocabulaire": _LEC[:1],
    "illettrisme--etre-autonome": _LEC,
    "illettrisme--info-acquisition-connaissances": _LEC,
    "illettrisme--permis-conduire": ("mobilite--preparer-un-permis",),
    "illettrisme--reperer-situation-illettrisme": _LEC,
    "illettrisme--surmonter-trouble-apprentissage": _LEC,
    "illettrisme--trouver-emploi-formation": ("se-former--trouver-sa-formation",),
    "illettrisme--utiliser-numerique": _FONDAMENTAUX,
    "illettrisme--valider-certification-clea": ("preparer-sa-candidature--valoriser-ses-competences",),
    "logement-hebergement": _toutes("logement-hebergement"),
    "logement-hebergement--aides-financieres-investissement-locatif": (
        "logement-hebergement--acheter-un-logement",),
    "logement-hebergement--besoin-dadapter-mon-logement": (
        "logement-hebergement--se-maintenir-dans-le-logement",),
    "logement-hebergement--connaissance-de-ses-droits-et-interlocuteurs": (
        "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",),
    "logement-hebergement--demenagement": ("logement-hebergement--changer-de-logement",),
    "logement-hebergement--etre-accompagne-dans-son-projet-accession": (
        "logement-hebergement--acheter-un-logement",),
    # the v0 slug really has a space
    "logement-hebergement--etre-accompagne-en cas-de-difficultes-financieres": (
        "logement-hebergement--reduire-les-impayes-de-loyer",),
    "logement-hebergement--etre-accompagne-pour-se-loger": (
        "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",),
    "logement-hebergement--financer-son-projet-travaux": (
        "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",),
    "logement-hebergement--gerer-son-budget": (
        "logement-hebergement--reduire-les-impayes-de-loyer",
        "difficultes-financieres--ameliorer-sa-gestion-budgetaire"),
    "logement-hebergement--mal-loges-sans-logis": (
        "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
        "logement-hebergement--changer-de-logement"),
    "logement-hebergement--probleme-avec-son-logement": (
        "logement-hebergement--se-maintenir-dans-le-logement",),
    "logement-hebergement--reprendre-un-emploi-ou-une-formation": (
        "logement-hebergement--changer-de-logement",),
    **_memes("logement-hebergement--acheter-un-logement", "logement-hebergement--louer-un-logement",
             "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
             "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"),
    "mobilite": _toutes("mobilite"),
    "mobilite--acheter-un-vehicule-motorise": ("mobilite--acceder-a-un-vehicule",),
    "mobilite--acheter-un-velo": ("mobilite--acceder-a-un-vehicule",),
    "mobilite--aides-a-la-reprise-demploi-ou-a-la-formation": ("mobilite--financer-ma-mobilite",),
    "mobilite--apprendre-a-utiliser-un-deux-roues": ("mobilite--preparer-un-permis",),
    "mobilite--comprendre-et-utiliser-les-transports-en-commun": (
        "mobilite--mobilite-douce-partagee-collective",),
    "mobilite--financer-mon-projet-mobilite": ("mobilite--financer-ma-mobilite",),
    "mobilite--louer-un-vehicule": ("mobilite--acceder-a-un-vehicule",),
    "mobilite--preparer-son-permis-de-conduire-se-reentrainer-a-la-conduite": (
        "mobilite--preparer-un-permis",),
    "mobilite--preparer-un-permis-de-conduire": ("mobilite--preparer-un-permis",),
    **_memes("mobilite--acceder-a-un-vehicule", "mobilite--entretenir-reparer-son-vehicule",
             "mobilite--etre-accompagne-dans-son-parcours-mobilite", "mobilite--financer-ma-mobilite"),
    "numerique": _toutes("numerique"),
    "numerique--acceder-a-du-materiel": ("numerique--acquerir-un-equipement",),
    "numerique--accompagner-les-demarches-de-sante": (
        "numerique--acceder-a-des-services-en-ligne", "sante--acces-aux-soins"),
    "numerique--approfondir-ma-culture-numerique": _FONDAMENTAUX,
    "numerique--creer-avec-le-numerique": _FONDAMENTAUX,
    "numerique--creer-et-developper-mon-entreprise": ("creer-une-entreprise--developper-son-entreprise",),
    "numerique--devenir-autonome-dans-les-demarches-administratives": _DEMARCHES_EN_LIGNE,
    "numerique--favoriser-mon-insertion-professionnelle": (
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",),
    "numerique--prendre-en-main-un-ordinateur": _FONDAMENTAUX,
    "numerique--prendre-en-main-un-smartphone-ou-une-tablette": _FONDAMENTAUX,
    "numerique--promouvoir-la-citoyennete-numerique": _FONDAMENTAUX,
    "numerique--realiser-des-demarches-administratives-avec-un-accompagnement": _DEMARCHES_EN_LIGNE,
    "numerique--s-equiper-en-materiel-informatique": ("numerique--acquerir-un-equipement",),
    "numerique--soutenir-la-parentalite-et-l-education-avec-le-numerique": _PARENTALITE,
    "numerique--utiliser-le-numerique-au-quotidien": _FONDAMENTAUX,
    **_memes("numerique--acceder-a-une-connexion-internet", "numerique--acquerir-un-equipement"),
    "preparer-sa-candidature": _toutes("preparer-sa-candidature"),
    **_memes("preparer-sa-candidature--developper-son-reseau",
             "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
             "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
             "preparer-sa-candidature--valoriser-ses-competences"),
    "remobilisation": _toutes("remobilisation"),
    "remobilisation--bien-etre": ("remobilisation--bien-etre-confiance-en-soi",),
    "remobilisation--decouvrir-son-potentiel-via-le-sport-et-la-culture": (
        "remobilisation--activites-sportives-et-culturelles",),
    "remobilisation--discrimination": (f"{_DAJ}--connaitre-ses-droits-face-a-une-discrimination",),
    "remobilisation--identifier-ses-competences-et-aptitudes": (
        "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",),
    "remobilisation--participer-a-des-actions-solidaires-ou-de-benevolat": (
        "remobilisation--benevolat-action-citoyenne",),
    "remobilisation--pression-sociale": ("remobilisation--lien-social",),
    "remobilisation--restaurer-sa-confiance-son-image-de-soi": (
        "remobilisation--bien-etre-confiance-en-soi",),
    **_memes("remobilisation--activites-sportives-et-culturelles",
             "remobilisation--bien-etre-confiance-en-soi", "remobilisation--lien-social"),
    "sante": _toutes("sante"),
    "sante--accompagnement-de-la-femme-enceinte-du-bebe-et-du-jeune-enfant": (
        *_PARENTALITE, "sante--acces-aux-soins"),
    "sante--accompagner-les-traumatismes": ("sante--sante-mentale",),
    "sante--bien-etre-psychologique": ("sante--sante-mentale",),
    "sante--diagnostic-et-accompagnement-a-lemployabilite": ("sante--acces-aux-soins",),
    "sante--faire-face-a-une-situation-daddiction": ("sante--addictions",),
    "sante--obtenir-la-prise-en-charge-de-frais-medicaux": ("sante--acces-aux-soins",),
    "sante--prevention-et-acces-aux-soins": ("sante--acces-aux-soins",),
    "sante--se-soigner-et-prevenir-la-maladie": ("sante--acces-aux-soins",),
    "sante--vie-relationnelle-et-affective": ("sante--sante-sexuelle",),
    **_memes("sante--acces-aux-soins", "sante--constituer-un-dossier-mdph-invalidite",
             "sante--sante-mentale"),
    "se-former": _toutes("se-former"),
    "se-former--utiliser-le-numerique": _FONDAMENTAUX,
    **_memes("se-former--monter-son-dossier-de-formation", "se-former--trouver-sa-formation"),
    "souvrir-a-linternational": _toutes("souvrir-a-linternational"),
    **_memes("souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger",
             "souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger",
             "souvrir-a-linternational--sorganiser-suite-a-son-retour-en-france"),
    "trouver-un-emploi": _toutes("trouver-un-emploi"),
    **_memes("trouver-un-emploi--convaincre-un-recruteur-en-entretien",
             "trouver-un-emploi--faire-des-candidatures-spontanees",
             "trouver-un-emploi--maintien-dans-lemploi",
             "trouver-un-emploi--repondre-a-des-offres-demploi",
             "trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs"),
}

#: labels of the v0 thématiques that have no v1 equivalent, written out in the description
LIBELLES_THEMATIQUES_SANS_EQUIVALENT: dict[str, str] = {
    "acces-aux-droits-et-citoyennete--aide-aux-victimes": "Aide aux victimes",
    "acces-aux-droits-et-citoyennete--developpement-durable": "Développement durable",
    "accompagnement-social-et-professionnel-personnalise": (
        "Accompagnement social et professionnel personnalisé"),
    "accompagnement-social-et-professionnel-personnalise--parcours-d-insertion-socioprofessionnel": (
        "Parcours d'insertion socio-professionnel"),
    "handicap": "Handicap",
    "handicap--accompagnement-par-une-structure-specialisee": (
        "Handicap : accompagnement par une structure spécialisée"),
}


@dataclass(frozen=True)
class Correspondance:
    """A v0 value -> v1 values, and the wording kept in the `*_precisions` field when v1 says less."""

    v1: tuple[str, ...]
    precision: str | None = None


_HANDICAP = ("personnes-en-situation-de-handicap",)
_URGENCE = ("personnes-en-situation-durgence",)

#: v0 profils (28, and two spellings older than 0.10) -> v1 publics
PROFILS: dict[str, Correspondance] = {
    "adultes": Correspondance((), "Adultes"),
    "alternants": Correspondance(("actifs", "etudiants"), "Alternants"),
    "beneficiaires-rsa": Correspondance(("beneficiaires-des-minimas-sociaux",), "Bénéficiaires du RSA"),
    "beneficiaire-rsa": Correspondance(("beneficiaires-des-minimas-sociaux",), "Bénéficiaires du RSA"),
    "deficience-visuelle": Correspondance(_HANDICAP, "Déficience visuelle"),
    "demandeurs-demploi": Correspondance(("demandeurs-emploi",)),
    "demandeur-demploi": Correspondance(("demandeurs-emploi",)),
    "familles-enfants": Correspondance(("familles",)),
    "etudiants": Correspondance(("etudiants",)),
    "femmes": Correspondance(("femmes",)),
    "handicaps-mentaux": Correspondance(_HANDICAP, "Handicap mental"),
    "handicaps-psychiques": Correspondance(_HANDICAP, "Handicap psychique"),
    "jeunes": Correspondance(("jeunes",)),
    "jeunes-16-26": Correspondance(("jeunes",), "Jeunes de 16 à 26 ans"),
    "locataires": Correspondance((), "Locataires"),
    "personnes-de-nationalite-etrangere": Correspondance(("personnes-exilees",),
                                                         "Personnes de nationalité étrangère"),
    "personnes-en-situation-de-handicap": Correspondance(_HANDICAP),
    "personnes-en-situation-illettrisme": Correspondance((), "Personnes en situation d'illettrisme"),
    "personnes-handicapees": Correspondance(_HANDICAP),
    "proprietaires": Correspondance((), "Propriétaires"),
    "public-langues-etrangeres": Correspondance(("personnes-exilees",), "Public de langue étrangère"),
    "retraites": Correspondance(("seniors",), "Retraités"),
    "salaries": Correspondance(("actifs",), "Salariés"),
    "sans-domicile-fixe": Correspondance(_URGENCE, "Sans domicile fixe"),
    "seniors-65": Correspondance(("seniors",), "Seniors de plus de 65 ans"),
    "sortants-de-detention": Correspondance(("personnes-en-situation-juridique-specifique",),
                                            "Sortants de détention"),
    "surdite": Correspondance(_HANDICAP, "Surdité"),
    "victimes": Correspondance(_URGENCE, "Victimes"),
    "tous-publics": Correspondance(("tous-publics",)),
    "personnes-en-situation-durgence": Correspondance(_URGENCE),
}

#: v0 frais (a set of 5) -> v1 frais (one value); `payant` wins over `gratuit`
FRAIS: dict[str, Correspondance] = {
    "gratuit": Correspondance(("gratuit",)),
    "gratuit-sous-conditions": Correspondance(("gratuit",), "Gratuit sous conditions"),
    "payant": Correspondance(("payant",)),
    "adhesion": Correspondance(("payant",), "Adhésion nécessaire"),
    # the service is paid for, with a voucher the person may hold: it decides nothing alone
    "pass-numerique": Correspondance((), "Accepte le pass numérique"),
}
ORDRE_FRAIS = ("payant", "gratuit")

#: v0 types (a set) -> v1 type (one value); () = no equivalent
TYPES: dict[str, Correspondance] = {
    "accompagnement": Correspondance(("accompagnement",), "Accompagnement"),
    "accueil": Correspondance(("information",), "Accueil"),
    "aide-financiere": Correspondance(("aide-financiere",), "Aide financière"),
    "aide-materielle": Correspondance(("aide-materielle",), "Aide matérielle"),
    "atelier": Correspondance(("atelier",), "Atelier"),
    "formation": Correspondance(("formation",), "Formation"),
    "information": Correspondance(("information",), "Information"),
    "financement": Correspondance(("aide-financiere",), "Financement"),
    "numerique": Correspondance((), "Service numérique"),
    "autonomie": Correspondance((), "En autonomie"),
    "delegation": Correspondance((), "Délégation"),
}
#: when several v0 types map to different v1 types, the first of this order is kept
ORDRE_TYPES = ("aide-financiere", "aide-materielle", "formation", "atelier", "accompagnement",
               "information")


@dataclass(frozen=True)
class ModeOrientation:
    """A v0 mode d'orientation -> v1 mode de mobilisation, or wording for the precisions."""

    mode: str | None
    precision: str | None = None
    #: a step done online: `utiliser-lien-mobilisation` when the service has a link
    par_lien: bool = False


_FORMULAIRE = ModeOrientation(None, "Compléter le formulaire d'adhésion", par_lien=True)
_RENDEZ_VOUS = ModeOrientation(None, "Prendre rendez-vous auprès de la structure", par_lien=True)

MODES_ORIENTATION_ACCOMPAGNATEUR: dict[str, ModeOrientation] = {
    "completer-le-formulaire-dadhesion": _FORMULAIRE,
    "envoyer-un-mail": ModeOrientation("envoyer-un-courriel"),
    "envoyer-un-mail-avec-une-fiche-de-prescription": ModeOrientation(
        "envoyer-un-courriel", "Envoyer un courriel avec une fiche de prescription"),
    "telephoner": ModeOrientation("telephoner"),
    "prendre-rdv": _RENDEZ_VOUS,
    "autre": ModeOrientation(None),
}
MODES_ORIENTATION_BENEFICIAIRE: dict[str, ModeOrientation] = {
    "completer-le-formulaire-dadhesion": _FORMULAIRE,
    "envoyer-un-mail": ModeOrientation("envoyer-un-courriel"),
    "se-presenter": ModeOrientation("se-presenter"),
    "telephoner": ModeOrientation("telephoner"),
    "prendre-rdv": _RENDEZ_VOUS,
    "autre": ModeOrientation(None),
}

#: v0 zone_diffusion_type values
ZONES_DIFFUSION = ("commune", "epci", "departement", "region", "pays")

#: v0 structure typologie -> (label, v1 réseaux porteurs)
TYPOLOGIES: dict[str, Correspondance] = {
    "ACI": Correspondance(("aci",), "Atelier et chantier d'insertion (ACI)"),
    "ACIPHC": Correspondance(("aci",), "ACI premières heures en chantier"),
    "AFPA": Correspondance(("afpa",), "AFPA"),
    "AI": Correspondance(("ai",), "Association intermédiaire (AI)"),
    "ASE": Correspondance(("ase",), "Aide sociale à l'enfance (ASE)"),
    "ASSO": Correspondance((), "Association"),
    "ASSO_CHOMEUR": Correspondance((), "Association de chômeurs"),
    "Autre": Correspondance((), "Autre"),
    "AVIP": Correspondance(("creches-avip",), "Crèche à vocation d'insertion professionnelle"),
    "BIB": Correspondance((), "Bibliothèque / médiathèque"),
    "CAARUD": Correspondance(("caarud",), "CAARUD"),
    "CADA": Correspondance(("cada",), "Centre d'accueil de demandeurs d'asile (CADA)"),
    "CAF": Correspondance(("caf",), "Caisse d'allocations familiales (CAF)"),
    "CAP_EMPLOI": Correspondance(("cap-emploi-reseau-cheops",), "Cap Emploi"),
    "CAVA": Correspondance(("cava",), "Centre d'adaptation à la vie active (CAVA)"),
    "CC": Correspondance(("communes",), "Communauté de communes"),
    "CCAS": Correspondance(("ccas-cias",), "Centre communal d'action sociale (CCAS)"),
    "CCONS": Correspondance(("chambres-consulaires",), "Chambre consulaire"),
    "CD": Correspondance(("departements",), "Conseil départemental"),
    "CDAS": Correspondance(("departements",), "Centre départemental d'action sociale (CDAS)"),
    "CFP": Correspondance((), "Centre des finances publiques"),
    "CHRS": Correspondance(("chrs",), "Centre d'hébergement et de réinsertion sociale (CHRS)"),
    "CHU": Correspondance(("chu",), "Centre d'hébergement d'urgence (CHU)"),
    "CIAS": Correspondance(("ccas-cias",), "Centre intercommunal d'action sociale (CIAS)"),
    "CIDFF": Correspondance(("cidff",), "CIDFF"),
    "CITMET": Correspondance((), "Cité des métiers"),
    "CMP": Correspondance(("cmp",), "Centre médico-psychologique (CMP)"),
    "CMS": Correspondance(("cms",), "Centre médico-social (CMS)"),
    "CPAM": Correspondance(("cpam",), "CPAM"),
    "CPH": Correspondance(("cph",), "Centre provisoire d'hébergement (CPH)"),
    "CS": Correspondance(("fcsf",), "Centre social"),
    "CSAPA": Correspondance(("csapa",), "CSAPA"),
    "CSC": Correspondance(("fcsf",), "Centre socio-culturel"),
    "DEETS": Correspondance(("regions",), "DEETS"),
    "DEPT": Correspondance(("departements",), "Services sociaux du conseil départemental"),
    "DIPLP": Correspondance((), "Délégation interministérielle à la lutte contre la pauvreté"),
    "E2C": Correspondance(("ecoles-de-la-deuxieme-chance",), "École de la 2e chance"),
    "EA": Correspondance(("ea",), "Entreprise adaptée"),
    "EATT": Correspondance(("eatt",), "Entreprise adaptée de travail temporaire"),
    "EI": Correspondance(("ei",), "Entreprise d'insertion"),
    "EITI": Correspondance(("eiti",), "Entreprise d'insertion par le travail indépendant"),
    "ENM": Correspondance(("espaces-publics-numeriques",), "Espace numérique mobile"),
    "EPCI": Correspondance(("communes",), "Intercommunalité (EPCI)"),
    "EPI": Correspondance(("espaces-publics-numeriques",), "Espace public internet"),
    "EPIDE": Correspondance(("epide",), "EPIDE"),
    "EPN": Correspondance(("espaces-publics-numeriques",), "Espace public numérique"),
    "ES": Correspondance((), "Épicerie solidaire"),
    "ESS": Correspondance((), "Entreprise de l'économie sociale et solidaire"),
    "ETABL_PRI": Correspondance((), "Établissement privé"),
    "ETABL_PUB": Correspondance((), "Établissement public"),
    "ETAT": Correspondance((), "Service de l'État"),
    "ETTI": Correspondance(("etti",), "Entreprise de travail temporaire d'insertion"),
    "EVS": Correspondance((), "Espace de vie sociale"),
    "FABLAB": Correspondance((), "Fablab / atelier partagé"),
    "FAIS": Correspondance(("federation-des-acteurs-de-la-solidarite",),
                           "Fédération d'acteurs de l'insertion et de la solidarité"),
    "FT": Correspondance(("france-travail",), "France Travail"),
    "PE": Correspondance(("france-travail",), "Pôle emploi"),
    "GEIQ": Correspondance(("geiq",), "GEIQ"),
    "HUDA": Correspondance(("huda",), "HUDA"),
    "LA_POSTE": Correspondance(("la-poste",), "Bureau de poste"),
    "MDE": Correspondance(("maisons-de-l-emploi",), "Maison de l'emploi"),
    "MDEF": Correspondance(("maisons-de-l-emploi",), "Maison de l'emploi et de la formation"),
    "MDPH": Correspondance(("mdph",), "MDPH"),
    "MDS": Correspondance(("maisons-des-solidarites",), "Maison départementale des solidarités"),
    "MJC": Correspondance(("mjc",), "Maison des jeunes et de la culture"),
    "ML": Correspondance(("mission-locale",), "Mission locale"),
    "MQ": Correspondance(("communes",), "Maison de quartier"),
    "MSA": Correspondance(("mutualite-sociale-agricole",), "Mutualité sociale agricole"),
    "MSAP": Correspondance(("msap",), "Maison de services au public"),
    "MUNI": Correspondance(("communes",), "Municipalité"),
    "OACAS": Correspondance((), "Organisme d'accueil communautaire et d'activité solidaire"),
    "ODC": Correspondance(("delegataire-conseil-departemental",), "Organisation délégataire d'un CD"),
    "OF": Correspondance((), "Organisme de formation"),
    "OIL": Correspondance((), "Opérateur d'intermédiation locative"),
    "OPCS": Correspondance((), "Organisation porteuse de la clause sociale"),
    "PAD": Correspondance(("points-justice",), "Point d'accès au droit"),
    "PENSION": Correspondance((), "Pension de famille / résidence accueil"),
    "PI": Correspondance((), "Point information"),
    "PIJ_BIJ": Correspondance(("reseau-information-jeunesse",), "Point / bureau information jeunesse"),
    "PIMMS": Correspondance(("pimms-mediation",), "PIMMS"),
    "PJJ": Correspondance(("pjj",), "Protection judiciaire de la jeunesse"),
    "PLIE": Correspondance(("plie",), "PLIE"),
    "PREF": Correspondance(("regions",), "Préfecture, sous-préfecture"),
    "PREVENTION": Correspondance((), "Service ou club de prévention"),
    "REG": Correspondance(("regions",), "Région"),
    "RESSOURCERIE": Correspondance(("ressourceries",), "Ressourcerie"),
    "RFS": Correspondance(("france-service",), "France Services"),
    "RS_FJT": Correspondance(("residences-fjt",), "Résidence sociale / foyer de jeunes travailleurs"),
    "SCP": Correspondance((), "Services et clubs de prévention"),
    "SPIP": Correspondance(("spip",), "SPIP"),
    "TIERS_LIEUX": Correspondance((), "Tiers-lieu"),
    "UDAF": Correspondance(("unaf",), "UDAF"),
}

#: v0 labels nationaux whose v1 réseau porteur has another slug (the others keep theirs, or have none)
LABELS_NATIONAUX: dict[str, tuple[str, ...]] = {
    "bge": ("reseau-bge",),
    "cci": ("chambres-consulaires",),
    "conseiller-numerique": ("conseillers-numeriques",),
    "fede-pro-fem": ("federation-professionnelle-femmes",),
    "federation-des-entreprises-dinsertion": ("ei", "etti"),
    "maisons-de-lemploi": ("maisons-de-l-emploi",),
    "point-conseil-budget": ("points-conseil-budget",),
    "point-justice": ("points-justice",),
    "tous-tes-possible": ("tous-tes-possibles",),
    "tzcld": ("etcld",),
    "unai": ("ai",),
    "unccas": ("ccas-cias",),
}
