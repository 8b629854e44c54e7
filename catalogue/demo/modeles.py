"""Templates of the fictional demo catalogue: kinds of structures, the offers they run, where.

Every kind of offer below is modelled on an action funded in the seed documents
(shared/seeds): the Pas-de-Calais délibération of 22/09/2025 (004: Mamobilité62, auto-écoles
sociales, garages solidaires and transports d'utilité sociale in FA 2.9 / action 4.2; crèches for
families without childcare in FA 2.8; remobilisation "pouvoir d'agir" in FA 2.7; pack santé in
FA 2.10; médiation vers l'emploi in FA 2.4-2.6; accès aux droits, logement, budget in the CLS),
the Ille-et-Vilaine convention 2024 (001: création d'activité, premières heures en chantier,
reprise d'emploi, préqualification aux métiers du social et du grand âge, santé mentale et
emploi, parentalité, UFOPEPS 100 % féminin) and the Lozère documents (000, 003: accès aux
droits, santé, valorisation des compétences, accès à l'emploi et à la formation, création
d'activité, participation des personnes).

Nothing here names a real organisation: structure names are generic ("Plateforme mobilité de
Lens (démo)"), and the generator adds the commune name it reads from the COG at run time.
Placeholders usable in texts: `{commune}`, `{a_commune}` ("à Lens"), `{de_commune}`
("d'Arras"), `{structure}`.

Slugs are data·inclusion v1 values; `verifier()` checks them against the schema package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from catalogue.referentiels import vocabulaires

Accueil = Literal["presentiel", "distance", "mixte"]
Portee = Literal["commune", "epci", "departement", "france"]


@dataclass(frozen=True)
class Rythme:
    """Weekly hours and number of weeks, DORA's convention (a 3 h workshop = 3 h for 1 week)."""

    volume: float
    semaines: int


@dataclass(frozen=True)
class Mobilisation:
    modes: tuple[str, ...]
    par: tuple[str, ...]
    #: wording variants for `mobilisation_precisions`
    precisions: tuple[str, ...]


@dataclass(frozen=True)
class Offre:
    """One kind of service. The generator picks among the variants with a seeded RNG."""

    cle: str
    noms: tuple[str, ...]
    type: str
    thematiques: tuple[str, ...]
    descriptions: tuple[str, ...]
    #: empty: no weekly hours (aides, permanences): the product must show them as missing
    rythmes: tuple[Rythme, ...] = ()
    #: fixed opening hours (OSM syntax); when empty and `rythmes` is set, derived from the hours
    horaires: tuple[str, ...] = ()
    publics: tuple[tuple[str, ...], ...] = (("tous-publics",),)
    publics_precisions: str | None = None
    #: `frais_precisions` when the service is payant; None means gratuit
    payant: str | None = None
    accueil: Accueil = "presentiel"
    mobilisation: str = "prescription"
    conditions_acces: str | None = None
    portee: Portee = "epci"
    #: one service per commune where the structure is present (permanences)
    par_antenne: bool = False


@dataclass(frozen=True)
class Porteur:
    """A kind of structure; each `Implantation` makes one structure of this kind."""

    cle: str
    #: name patterns with `{de_commune}`; the n-th structure of a kind in a département takes
    #: the n-th pattern, so two structures of the same kind have different names
    noms: tuple[str, ...]
    descriptions: tuple[str, ...]
    horaires: tuple[str, ...]
    offres: tuple[Offre, ...]
    reseaux: tuple[str, ...] = ()


@dataclass(frozen=True)
class Implantation:
    porteur: str
    commune: str
    #: other communes of the same département where the structure holds offers
    antennes: tuple[str, ...] = ()


TOUS = ("tous-publics",)
RSA = ("beneficiaires-des-minimas-sociaux",)
RSA_DE = ("beneficiaires-des-minimas-sociaux", "demandeurs-emploi")
RSA_JEUNES = ("beneficiaires-des-minimas-sociaux", "jeunes", "demandeurs-emploi")
PARENTS = ("familles", "beneficiaires-des-minimas-sociaux", "demandeurs-emploi")
EXILES = ("personnes-exilees",)
URGENCE = ("personnes-en-situation-durgence",)
HANDICAP = ("personnes-en-situation-de-handicap",)

MOBILISATIONS: dict[str, Mobilisation] = {
    "prescription": Mobilisation(
        ("envoyer-un-courriel", "telephoner"),
        ("professionnels",),
        (
            "Orientation par le référent de parcours (Département, France Travail, mission "
            "locale ou CCAS) au moyen d'une fiche de liaison envoyée par courriel.",
            "Le professionnel qui accompagne la personne envoie une fiche de prescription par "
            "courriel ; un premier rendez-vous est proposé dans les quinze jours.",
            "Sur prescription d'un référent RSA ou d'un conseiller emploi. Appeler avant "
            "d'orienter permet de vérifier qu'il reste des places.",
        ),
    ),
    "libre": Mobilisation(
        ("se-presenter", "telephoner"),
        ("usagers", "professionnels"),
        (
            "Accès libre aux heures d'ouverture, sans rendez-vous.",
            "Vous pouvez venir directement pendant les heures d'accueil, ou appeler avant "
            "pour être sûr de trouver quelqu'un.",
            "Sans inscription : il suffit de se présenter. Un professionnel peut aussi "
            "prévenir l'équipe de la venue d'une personne.",
        ),
    ),
    "rendez-vous": Mobilisation(
        ("telephoner", "envoyer-un-courriel"),
        ("usagers", "professionnels"),
        (
            "Sur rendez-vous, par téléphone ou par courriel.",
            "Prendre rendez-vous par téléphone ; un professionnel peut aussi faire la demande "
            "pour la personne, avec son accord.",
            "Rendez-vous fixé sous une semaine en général. Pensez à apporter vos papiers "
            "d'identité et vos derniers courriers.",
        ),
    ),
    "inscription": Mobilisation(
        ("telephoner", "se-presenter", "envoyer-un-courriel"),
        ("usagers", "professionnels"),
        (
            "Inscription à l'accueil ou par téléphone ; groupes de 8 à 12 personnes.",
            "Inscription préalable obligatoire, les places sont limitées.",
            "Les professionnels peuvent inscrire une personne par courriel en précisant ses "
            "disponibilités et ses contraintes (garde d'enfants, transport).",
        ),
    ),
}

# ---------------------------------------------------------------------------------------------
# Mobilité (seeds/004 FA 2.9 and action 4.2; seeds/003 fiche 1)
# ---------------------------------------------------------------------------------------------

PLATEFORME_MOBILITE = Porteur(
    cle="plateforme-mobilite",
    noms=("Plateforme mobilité {de_commune} (démo)", "Conseil en mobilité {de_commune} (démo)"),
    descriptions=(
        "Plateforme associative qui aide les personnes en insertion à trouver une solution pour "
        "se déplacer : diagnostic, conseils, location de véhicules et aides au permis.",
        "Service de conseil en mobilité inclusive. Une équipe de conseillers reçoit les "
        "personnes orientées par leur référent et coordonne les solutions de transport du "
        "territoire.",
    ),
    horaires=("Mo-Fr 08:30-12:00,13:30-17:00; PH off", "Mo-Th 09:00-12:30,13:30-17:30"),
    reseaux=("mobin",),
    offres=(
        Offre(
            cle="diagnostic-mobilite",
            noms=("Diagnostic mobilité individuel", "Bilan de compétences mobilité"),
            type="accompagnement",
            thematiques=("mobilite--etre-accompagne-dans-son-parcours-mobilite",),
            descriptions=(
                "Un conseiller mobilité fait le point avec vous pendant environ deux heures : "
                "vos déplacements de tous les jours, ce qui vous bloque (pas de permis, pas de "
                "véhicule, peur de prendre le bus, coût des trajets) et la distance jusqu'aux "
                "lieux d'emploi ou de formation. Vous repartez avec un plan d'action écrit et, "
                "si besoin, une orientation vers l'auto-école sociale, la location solidaire ou "
                "les aides au permis.",
                "Près d'une centaine de questions pour comprendre précisément votre situation "
                "de mobilité : savez-vous lire un plan de réseau, acheter un titre de transport, "
                "faire un trajet nouveau seul ? Le diagnostic débouche sur des solutions "
                "concrètes et sur un suivi si vous le souhaitez.",
            ),
            rythmes=(Rythme(2, 1),),
            publics=(RSA_DE, RSA_JEUNES),
            mobilisation="prescription",
        ),
        Offre(
            cle="parcours-mobilite",
            noms=("Accompagnement mobilité renforcé", "Parcours « Bouger pour l'emploi »"),
            type="accompagnement",
            thematiques=(
                "mobilite--etre-accompagne-dans-son-parcours-mobilite",
                "mobilite--mobilite-douce-partagee-collective",
            ),
            descriptions=(
                "Après le diagnostic, des rendez-vous individuels et des ateliers collectifs "
                "pour gagner en autonomie : préparer un itinéraire, faire un premier trajet "
                "accompagné jusqu'à un employeur, essayer un vélo à assistance électrique, "
                "découvrir le covoiturage et le transport à la demande. Le conseiller reste en "
                "lien avec votre référent tout au long du parcours.",
            ),
            rythmes=(Rythme(3, 8), Rythme(2, 12)),
            publics=(RSA_JEUNES,),
            conditions_acces="Avoir réalisé un diagnostic mobilité.",
        ),
        Offre(
            cle="atelier-se-deplacer",
            noms=("Atelier « Se déplacer autrement »", "Atelier transports en commun"),
            type="atelier",
            thematiques=("mobilite--mobilite-douce-partagee-collective",),
            descriptions=(
                "Un atelier en petit groupe pour apprivoiser le bus, le car et le train : lire "
                "les horaires, utiliser les applications, connaître les tarifs solidaires. "
                "L'atelier se termine par un trajet réel, ensemble, vers un lieu utile (agence "
                "France Travail, zone d'activité, centre de formation).",
                "Vous n'osez pas prendre les transports en commun, ou vous ne savez pas quelles "
                "lignes desservent votre commune ? En une séance, un animateur vous montre les "
                "solutions existantes, y compris le covoiturage et le vélo, et vous aide à "
                "préparer le trajet de votre prochain rendez-vous.",
            ),
            rythmes=(Rythme(3, 1), Rythme(2.5, 2)),
            mobilisation="inscription",
        ),
        Offre(
            cle="aide-permis",
            noms=("Aide financière au permis de conduire", "Coup de pouce permis B"),
            type="aide-financiere",
            thematiques=("mobilite--financer-ma-mobilite", "mobilite--preparer-un-permis"),
            descriptions=(
                "Une participation au coût du permis B pour les personnes dont le projet "
                "professionnel nécessite de conduire. Le montant est fixé après étude du "
                "dossier et versé directement à l'auto-école. Dans cette démonstration, "
                "l'aide couvre jusqu'à la moitié du reste à charge, après les autres aides "
                "possibles (compte personnel de formation, aides régionales).",
            ),
            publics=(RSA_JEUNES,),
            conditions_acces=(
                "Projet professionnel nécessitant le permis, inscription dans une auto-école "
                "et avis favorable du référent de parcours."
            ),
            mobilisation="prescription",
            portee="departement",
        ),
        Offre(
            cle="location-solidaire",
            noms=(
                "Location solidaire de scooters et vélos électriques",
                "Prêt de deux-roues pour aller travailler",
            ),
            type="aide-materielle",
            thematiques=("mobilite--acceder-a-un-vehicule",),
            descriptions=(
                "Location de courte durée d'un scooter, d'un vélo à assistance électrique ou "
                "d'une voiturette sans permis pour rejoindre un emploi, un stage ou une "
                "formation, le temps de trouver une solution durable. Casque, antivol et "
                "assurance sont fournis. Un point est fait chaque mois pour préparer la suite.",
            ),
            horaires=("Mo-Fr 08:30-12:00,13:30-17:30", "Mo,We,Fr 08:00-12:00; Tu,Th 14:00-18:00"),
            publics=(RSA_JEUNES, TOUS),
            payant=(
                "2 € par jour pour un vélo à assistance électrique, 4 € par jour pour un "
                "scooter ; caution non encaissée"
            ),
            conditions_acces=(
                "Contrat de travail, promesse d'embauche, stage ou formation à rejoindre ; "
                "permis AM ou B pour les scooters."
            ),
            mobilisation="rendez-vous",
        ),
    ),
)

AUTO_ECOLE_SOCIALE = Porteur(
    cle="auto-ecole-sociale",
    noms=("Auto-école sociale {de_commune} (démo)", "Auto-école associative {de_commune} (démo)"),
    descriptions=(
        "Auto-école associative qui prépare au permis des personnes pour qui l'auto-école "
        "classique ne convient pas : difficultés d'apprentissage, de lecture ou de budget.",
    ),
    horaires=("Mo-Fr 09:00-12:00,13:30-18:00", "Tu-Sa 09:00-12:00,14:00-18:00"),
    offres=(
        Offre(
            cle="code-de-la-route",
            noms=("Préparation au code de la route en petit groupe", "Code de la route adapté"),
            type="formation",
            thematiques=("mobilite--preparer-un-permis",),
            descriptions=(
                "Des séances de code à votre rythme, en groupe de six à huit personnes, avec "
                "une formatrice qui explique chaque question. Les supports sont illustrés pour "
                "les personnes qui lisent difficilement. Des examens blancs réguliers "
                "permettent de savoir quand vous inscrire à l'épreuve.",
                "Le code vous fait peur ? Ici, on reprend les bases : panneaux, priorités, "
                "vocabulaire de l'examen. La formation alterne explications collectives et "
                "entraînement sur tablette, et tient compte de vos autres engagements.",
            ),
            rythmes=(Rythme(6, 8), Rythme(4.5, 10)),
            publics=(RSA_JEUNES,),
            payant="Participation de 30 € pour toute la préparation ; prise en charge possible",
            conditions_acces="Avoir un projet d'insertion qui nécessite le permis B.",
        ),
        Offre(
            cle="lecons-de-conduite",
            noms=("Leçons de conduite à pédagogie adaptée",),
            type="formation",
            thematiques=("mobilite--preparer-un-permis",),
            descriptions=(
                "Des leçons de conduite avec un moniteur formé à l'accompagnement de publics "
                "en insertion. Le nombre d'heures est adapté à chacun, et un bilan est fait "
                "toutes les cinq leçons avec la personne et son référent. L'auto-école "
                "présente elle-même les candidats à l'examen pratique.",
            ),
            rythmes=(Rythme(3, 15), Rythme(2, 20)),
            publics=(RSA_JEUNES,),
            payant="Tarif solidaire de 15 € l'heure de conduite, paiement échelonné possible",
            conditions_acces="Avoir obtenu le code de la route.",
        ),
        Offre(
            cle="permis-am",
            noms=("Permis AM (cyclomoteur) en une semaine",),
            type="formation",
            thematiques=("mobilite--preparer-un-permis", "mobilite--acceder-a-un-vehicule"),
            descriptions=(
                "Une semaine pour obtenir le permis AM et pouvoir conduire un scooter de "
                "50 cm³ : théorie, plateau et circulation en ville. À la fin du stage, la "
                "personne peut louer un scooter auprès de la plateforme mobilité pour "
                "rejoindre son emploi ou sa formation.",
            ),
            rythmes=(Rythme(7, 1),),
            publics=(RSA_JEUNES,),
            payant="Participation de 20 €",
            mobilisation="inscription",
        ),
        Offre(
            cle="reprise-conduite",
            noms=("Stage de reprise de conduite", "Remise en confiance au volant"),
            type="formation",
            thematiques=("mobilite--preparer-un-permis",),
            descriptions=(
                "Pour les personnes qui ont le permis mais ne conduisent plus depuis "
                "longtemps, ou qui ont peur de conduire seules. Deux séances sur route avec un "
                "moniteur, sur les trajets dont vous avez besoin, pour reprendre confiance "
                "avant une prise de poste.",
            ),
            rythmes=(Rythme(4, 2),),
            mobilisation="rendez-vous",
        ),
    ),
)

GARAGE_SOLIDAIRE = Porteur(
    cle="garage-solidaire",
    noms=(
        "Garage solidaire {de_commune} (démo)",
        "Atelier mécanique solidaire {de_commune} (démo)",
    ),
    descriptions=(
        "Garage associatif et chantier d'insertion : réparations à prix réduit, vente de "
        "véhicules révisés et transport solidaire pour les personnes à faibles ressources.",
    ),
    horaires=("Mo-Fr 08:00-12:00,13:30-17:30; PH off",),
    reseaux=("aci",),
    offres=(
        Offre(
            cle="reparation-solidaire",
            noms=("Réparations et entretien à prix solidaire",),
            type="aide-materielle",
            thematiques=("mobilite--entretenir-reparer-son-vehicule",),
            descriptions=(
                "Votre voiture est en panne et vous en avez besoin pour travailler ? Le garage "
                "solidaire établit un devis gratuit, répare avec des pièces de réemploi quand "
                "c'est possible et facture la main-d'œuvre à un tarif réduit. Le contrôle "
                "technique peut être préparé sur place.",
            ),
            horaires=("Mo-Fr 08:00-12:00,13:30-17:30",),
            publics=(RSA_DE, TOUS),
            payant="Main-d'œuvre à 20 € de l'heure, pièces au prix d'achat",
            conditions_acces=(
                "Sur orientation d'un travailleur social ou d'un conseiller, pour un véhicule "
                "utilisé pour l'emploi ou la formation."
            ),
            mobilisation="prescription",
            portee="departement",
        ),
        Offre(
            cle="atelier-mecanique",
            noms=("Atelier « Entretenir sa voiture soi-même »",),
            type="atelier",
            thematiques=("mobilite--entretenir-reparer-son-vehicule",),
            descriptions=(
                "Apprendre les gestes simples qui évitent les grosses pannes : niveaux, "
                "pression des pneus, changement d'une ampoule ou des essuie-glaces, repérer un "
                "bruit inquiétant. L'atelier a lieu dans le garage, en bleu de travail, avec un "
                "mécanicien encadrant.",
            ),
            rythmes=(Rythme(3, 4), Rythme(3, 1)),
            mobilisation="inscription",
        ),
        Offre(
            cle="vente-vehicules",
            noms=("Vente et prêt de véhicules d'occasion révisés",),
            type="aide-materielle",
            thematiques=("mobilite--acceder-a-un-vehicule", "mobilite--financer-ma-mobilite"),
            descriptions=(
                "Des voitures d'occasion révisées par le garage, vendues à prix coûtant aux "
                "personnes qui reprennent un emploi. En attendant l'achat, un véhicule de "
                "dépannage peut être prêté pour quelques semaines. Le garage aide à monter un "
                "dossier de microcrédit si nécessaire.",
            ),
            horaires=("Tu,Th 14:00-17:30",),
            publics=(RSA_DE,),
            payant="Véhicules de 1 500 à 3 500 € ; prêt de dépannage à 5 € par jour",
            conditions_acces="Permis B valide et projet d'emploi ou de formation.",
            mobilisation="rendez-vous",
            portee="departement",
        ),
        Offre(
            cle="transport-solidaire",
            noms=("Transport solidaire vers les rendez-vous emploi", "Transport d'utilité sociale"),
            type="aide-materielle",
            thematiques=("mobilite--mobilite-douce-partagee-collective",),
            descriptions=(
                "Un chauffeur bénévole ou salarié vous conduit à un entretien d'embauche, une "
                "formation, un rendez-vous médical ou administratif quand aucun transport en "
                "commun ne le permet. Le service fonctionne sur réservation et s'adresse "
                "surtout aux habitants des communes mal desservies.",
            ),
            horaires=("Mo-Fr 07:00-19:00",),
            publics=(TOUS, ("residents-qpv-frr", "beneficiaires-des-minimas-sociaux")),
            payant="1 € par trajet",
            conditions_acces="Réservation au moins 48 heures à l'avance.",
            mobilisation="rendez-vous",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Parentalité, garde d'enfants (seeds/004 FA 2.8 and action 1.4; seeds/001 fiche 7)
# ---------------------------------------------------------------------------------------------

CRECHE_AVIP = Porteur(
    cle="creche-avip",
    noms=(
        "Multi-accueil à vocation d'insertion {de_commune} (démo)",
        "Crèche insertion emploi {de_commune} (démo)",
    ),
    descriptions=(
        "Établissement d'accueil du jeune enfant qui réserve des places aux parents en "
        "recherche d'emploi ou en formation, en lien avec leurs conseillers.",
    ),
    horaires=("Mo-Fr 07:30-18:30; PH off",),
    reseaux=("creches-avip",),
    offres=(
        Offre(
            cle="place-creche-insertion",
            noms=("Place en crèche pour parents en parcours d'insertion",),
            type="aide-materielle",
            thematiques=("famille--garde-denfants",),
            descriptions=(
                "Une place d'accueil pour votre enfant de moins de trois ans pendant que vous "
                "cherchez un emploi, suivez une formation ou reprenez un travail. La crèche "
                "s'adapte aux horaires des parcours d'insertion et garde la place pendant six "
                "mois après la reprise d'emploi. L'accueil peut commencer en quelques jours.",
                "Sans solution de garde, difficile d'aller aux rendez-vous ou d'accepter un "
                "poste. La crèche accueille en priorité les enfants de parents engagés dans un "
                "accompagnement vers l'emploi, avec une période d'adaptation douce pour "
                "l'enfant et le parent.",
            ),
            horaires=("Mo-Fr 07:30-18:30; PH off", "Mo-Fr 07:00-19:00; PH off"),
            publics=(PARENTS,),
            publics_precisions="Parents d'enfants de 0 à 3 ans, dont familles monoparentales",
            payant="Tarif horaire selon le barème national de la CAF, en fonction des revenus",
            conditions_acces=(
                "Parent en recherche d'emploi ou en formation, suivi par un conseiller ou un "
                "référent."
            ),
            mobilisation="prescription",
        ),
        Offre(
            cle="accompagnement-parents-emploi",
            noms=("Accompagnement vers l'emploi des parents de la crèche",),
            type="accompagnement",
            thematiques=(
                "famille--soutien-a-la-parentalite-et-a-leducation",
                "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
            ),
            descriptions=(
                "Pendant que votre enfant est accueilli, une conseillère vous aide à organiser "
                "votre recherche d'emploi : rythme de la semaine, candidatures, préparation des "
                "entretiens. Les temps d'échange abordent aussi la séparation avec l'enfant et "
                "la conciliation entre vie familiale et vie professionnelle.",
            ),
            rythmes=(Rythme(2, 12), Rythme(3, 8)),
            publics=(PARENTS, ("femmes", "familles")),
        ),
        Offre(
            cle="garde-ponctuelle",
            noms=("Garde ponctuelle pendant vos rendez-vous", "Halte-garderie des parcours"),
            type="aide-materielle",
            thematiques=("famille--garde-denfants",),
            descriptions=(
                "Quelques heures de garde pour aller à un entretien d'embauche, une "
                "information collective ou un rendez-vous médical. Les demi-journées se "
                "réservent la veille au plus tard. Une première visite avec l'enfant est "
                "proposée pour qu'il découvre les lieux.",
            ),
            horaires=("Tu,Th 08:30-12:30; PH off", "Mo,We,Fr 08:30-12:30"),
            publics=(PARENTS,),
            payant="Barème horaire de la CAF, à partir de quelques centimes de l'heure",
            mobilisation="rendez-vous",
            portee="commune",
        ),
        Offre(
            cle="matinees-parents-enfants",
            noms=("Matinées parents-enfants", "Jeux et éveil parents-enfants"),
            type="atelier",
            thematiques=(
                "famille--soutien-a-la-parentalite-et-a-leducation",
                "remobilisation--lien-social",
            ),
            descriptions=(
                "Un moment pour jouer avec votre enfant, rencontrer d'autres parents et "
                "échanger avec une éducatrice de jeunes enfants sur le sommeil, les repas, les "
                "écrans ou les colères. Les enfants jusqu'à six ans sont les bienvenus.",
            ),
            rythmes=(Rythme(2, 26),),
            publics=(("familles",), TOUS),
            mobilisation="libre",
            portee="commune",
        ),
    ),
)

PETITE_ENFANCE = Porteur(
    cle="petite-enfance",
    noms=(
        "Relais parents et petite enfance {de_commune} (démo)",
        "Maison des familles {de_commune} (démo)",
    ),
    descriptions=(
        "Lieu ressource pour les familles : information sur les modes de garde, garde en "
        "horaires décalés et soutien aux parents.",
        "Association d'aide aux familles qui propose des solutions de garde souples et des "
        "temps d'échange entre parents.",
    ),
    horaires=("Mo-Fr 09:00-12:00,13:30-17:30; PH off", "Mo,Tu,Th,Fr 08:30-12:30,13:30-17:00"),
    offres=(
        Offre(
            cle="info-modes-de-garde",
            noms=("Point information modes de garde",),
            type="information",
            thematiques=("famille--garde-denfants",),
            descriptions=(
                "Assistante maternelle, crèche, garde à domicile, accueil périscolaire : une "
                "animatrice vous présente les solutions disponibles près de chez vous, les "
                "places libres et les aides de la CAF. Elle peut vous mettre en relation avec "
                "des assistantes maternelles qui acceptent des horaires atypiques.",
            ),
            horaires=("Mo,We 09:00-12:00,13:30-17:00", "Tu 13:30-17:30; Th 09:00-12:00"),
            publics=(("familles",), TOUS),
            mobilisation="rendez-vous",
            portee="epci",
        ),
        Offre(
            cle="garde-horaires-decales",
            noms=(
                "Garde d'enfants en horaires décalés",
                "Garde à domicile tôt le matin et le soir",
            ),
            type="aide-materielle",
            thematiques=("famille--garde-denfants",),
            descriptions=(
                "Vous commencez à 5 h dans une usine, finissez à 21 h dans un magasin ou "
                "travaillez le samedi ? Une intervenante garde vos enfants à domicile avant "
                "l'ouverture des écoles et des crèches, ou après leur fermeture. Le service est "
                "pensé pour les reprises d'emploi et les formations.",
            ),
            horaires=("Mo-Sa 05:30-22:00",),
            publics=(PARENTS,),
            publics_precisions="Priorité aux familles monoparentales",
            payant="Reste à charge de 1 € de l'heure après les aides de la CAF",
            conditions_acces="Enfants de 0 à 12 ans ; reprise d'emploi ou formation en cours.",
            mobilisation="prescription",
        ),
        Offre(
            cle="groupe-parents",
            noms=("Groupe d'échange entre parents", "Café des parents"),
            type="atelier",
            thematiques=(
                "famille--soutien-a-la-parentalite-et-a-leducation",
                "remobilisation--lien-social",
            ),
            descriptions=(
                "Un temps convivial entre parents, animé par une psychologue ou une "
                "conseillère familiale : poser ses questions, partager ses astuces, souffler un "
                "peu. Les thèmes sont choisis par le groupe. Un espace jeux accueille les "
                "enfants pendant la séance.",
            ),
            rythmes=(Rythme(2, 10), Rythme(1.5, 26)),
            publics=(("familles",),),
            mobilisation="libre",
        ),
        Offre(
            cle="mediation-familiale",
            noms=("Médiation familiale",),
            type="accompagnement",
            thematiques=(
                "famille--surmonter-conflits-separation-violence",
                "famille--soutien-a-la-parentalite-et-a-leducation",
            ),
            descriptions=(
                "En cas de séparation ou de conflit familial, un médiateur diplômé aide les "
                "parents à renouer le dialogue et à organiser la vie des enfants : résidence, "
                "vacances, pension alimentaire. Les entretiens sont confidentiels.",
            ),
            rythmes=(Rythme(1.5, 6),),
            payant="Participation selon les revenus, de 2 à 30 € par séance",
            mobilisation="rendez-vous",
            portee="departement",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Langue et savoirs de base (seeds/004 financing plan "Non-maîtrise de la langue"; seeds/001
# fiche 4 socle de compétences CléA)
# ---------------------------------------------------------------------------------------------

SAVOIRS_DE_BASE = Porteur(
    cle="savoirs-de-base",
    noms=(
        "Atelier des savoirs de base {de_commune} (démo)",
        "Association lire, écrire, compter {de_commune} (démo)",
    ),
    descriptions=(
        "Association de formation qui accompagne les adultes dans l'apprentissage du "
        "français, de la lecture, de l'écriture et du calcul.",
        "Organisme de formation de proximité, spécialisé dans les savoirs de base et le "
        "français langue étrangère pour les adultes.",
    ),
    horaires=("Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00", "Mo-Fr 08:45-12:15,13:30-16:30"),
    offres=(
        Offre(
            cle="fle-debutants",
            noms=("Cours de français langue étrangère (FLE) pour débutants", "Français débutant"),
            type="formation",
            thematiques=("lecture-ecriture-calcul--maitriser-le-francais",),
            descriptions=(
                "Apprendre à se présenter, comprendre un rendez-vous, lire un horaire, remplir "
                "un formulaire simple : les cours partent des situations de la vie "
                "quotidienne. Les groupes sont constitués selon le niveau à l'oral et à "
                "l'écrit, y compris pour les personnes qui n'ont jamais été scolarisées.",
                "Un parcours de français pour les adultes qui arrivent en France ou qui parlent "
                "peu la langue. Chaque module se termine par une évaluation qui permet de "
                "passer au niveau suivant ou d'entrer dans un parcours professionnel.",
            ),
            rythmes=(Rythme(6, 16), Rythme(9, 12)),
            publics=(EXILES, TOUS),
            conditions_acces="Un test de positionnement à l'oral est proposé avant l'entrée.",
            mobilisation="inscription",
        ),
        Offre(
            cle="fle-professionnel",
            noms=("Français à visée professionnelle", "Français pour l'emploi"),
            type="formation",
            thematiques=(
                "lecture-ecriture-calcul--maitriser-le-francais",
                "preparer-sa-candidature--valoriser-ses-competences",
            ),
            descriptions=(
                "Pour les personnes qui ont un premier niveau de français et un projet "
                "d'emploi : vocabulaire des métiers (propreté, bâtiment, aide à la personne, "
                "logistique), consignes de sécurité, échanges avec un employeur. La formation "
                "comprend deux semaines de stage en entreprise.",
            ),
            rythmes=(Rythme(12, 10), Rythme(15, 8)),
            publics=((*EXILES, *RSA_DE),),
            conditions_acces="Niveau A1 acquis à l'oral.",
            mobilisation="prescription",
            portee="departement",
        ),
        Offre(
            cle="lire-ecrire-quotidien",
            noms=("Lire et écrire au quotidien", "Atelier écrits du quotidien"),
            type="atelier",
            thematiques=("lecture-ecriture-calcul--maitriser-le-francais",),
            descriptions=(
                "Vous parlez français mais lire un courrier ou écrire un message vous met en "
                "difficulté ? En petit groupe et sans jugement, l'atelier travaille sur vos "
                "propres documents : lettres, factures, SMS, formulaires. Chacun avance à son "
                "rythme, avec un formateur et des bénévoles.",
            ),
            rythmes=(Rythme(4, 12), Rythme(3, 26)),
            mobilisation="inscription",
        ),
        Offre(
            cle="calcul-quotidien",
            noms=("Calcul et nombres au quotidien",),
            type="atelier",
            thematiques=("lecture-ecriture-calcul--maitriser-le-calcul",),
            descriptions=(
                "Compter sa monnaie, comprendre une fiche de paie, calculer une durée ou une "
                "quantité dans une recette : l'atelier reprend les bases du calcul à partir "
                "d'exemples concrets, utiles au travail comme à la maison.",
            ),
            rythmes=(Rythme(3, 10),),
            mobilisation="inscription",
        ),
        Offre(
            cle="preparation-clea",
            noms=("Préparation au certificat CléA", "Socle de compétences CléA"),
            type="formation",
            thematiques=(
                "lecture-ecriture-calcul--maitriser-le-calcul",
                "lecture-ecriture-calcul--maitriser-le-francais",
                "preparer-sa-candidature--valoriser-ses-competences",
            ),
            descriptions=(
                "Le certificat CléA atteste des connaissances et compétences professionnelles "
                "de base reconnues par les employeurs. Après une évaluation de départ, la "
                "formation ne travaille que les domaines à renforcer : français, calcul, "
                "numérique, travail en équipe, règles de sécurité.",
            ),
            rythmes=(Rythme(12, 8), Rythme(20, 6)),
            publics=(RSA_DE,),
            mobilisation="prescription",
            portee="departement",
        ),
        Offre(
            cle="conversation-distance",
            noms=("Ateliers de conversation en français à distance",),
            type="atelier",
            thematiques=("lecture-ecriture-calcul--maitriser-le-francais",),
            descriptions=(
                "Des séances de conversation en visioconférence, par groupes de cinq, pour "
                "pratiquer le français à l'oral entre deux cours ou quand on ne peut pas se "
                "déplacer. Un téléphone suffit ; l'équipe aide à installer l'application lors "
                "d'un premier appel.",
            ),
            rythmes=(Rythme(1.5, 12),),
            publics=(EXILES, TOUS),
            accueil="distance",
            mobilisation="inscription",
            portee="france",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Numérique (seeds/004 freins "Illectronisme / numérique")
# ---------------------------------------------------------------------------------------------

NUMERIQUE = Porteur(
    cle="numerique",
    noms=(
        "Espace numérique solidaire {de_commune} (démo)",
        "Atelier numérique {de_commune} (démo)",
    ),
    descriptions=(
        "Lieu de médiation numérique : ateliers pour débuter, accès libre aux ordinateurs, "
        "aide aux démarches en ligne et équipement à petit prix.",
    ),
    horaires=("Mo-Fr 09:00-12:00,14:00-17:30; PH off", "Tu-Sa 09:30-12:30,14:00-18:00"),
    reseaux=("conseillers-numeriques", "espaces-publics-numeriques"),
    offres=(
        Offre(
            cle="premiers-pas-ordinateur",
            noms=("Premiers pas sur l'ordinateur", "Débuter avec l'ordinateur"),
            type="atelier",
            thematiques=("numerique--maitriser-les-fondamentaux-du-numerique",),
            descriptions=(
                "Allumer l'ordinateur, utiliser la souris et le clavier, ranger ses fichiers, "
                "créer une adresse mail et s'en servir. Un conseiller numérique anime le cycle "
                "pour six personnes au maximum ; chacun dispose d'un poste.",
                "Un cycle pour celles et ceux qui n'ont jamais utilisé d'ordinateur ou qui "
                "n'osent pas. On apprend par la pratique, avec des exercices utiles : envoyer "
                "un CV par courriel, enregistrer une pièce jointe, imprimer un document.",
            ),
            rythmes=(Rythme(2, 6), Rythme(3, 4)),
            mobilisation="inscription",
        ),
        Offre(
            cle="aide-demarches-en-ligne",
            noms=("Aide aux démarches en ligne",),
            type="accompagnement",
            thematiques=(
                "numerique--acceder-a-des-services-en-ligne",
                "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
            ),
            descriptions=(
                "Déclaration trimestrielle, espace France Travail, compte Ameli, prise de "
                "rendez-vous en préfecture : un médiateur numérique vous aide à faire la "
                "démarche vous-même, ou la fait avec vous si vous n'êtes pas à l'aise. Pensez à "
                "apporter vos identifiants et vos papiers.",
            ),
            rythmes=(Rythme(1, 1),),
            horaires=("Tu,Th 14:00-17:00", "We 09:00-12:00", "Mo 14:00-17:00; Fr 09:00-12:00"),
            mobilisation="libre",
            par_antenne=True,
            portee="commune",
        ),
        Offre(
            cle="acces-libre-internet",
            noms=("Accès libre à internet et aux ordinateurs",),
            type="aide-materielle",
            thematiques=("numerique--acceder-a-une-connexion-internet",),
            descriptions=(
                "Des ordinateurs connectés, une imprimante et un scanner en libre accès, avec "
                "une personne présente pour dépanner. Pratique pour imprimer un CV, consulter "
                "des offres d'emploi ou envoyer un document sans avoir d'équipement chez soi.",
            ),
            horaires=("Mo-Fr 09:00-12:00,14:00-17:30; PH off", "Tu-Sa 09:30-12:30"),
            mobilisation="libre",
            portee="commune",
        ),
        Offre(
            cle="ordinateur-reconditionne",
            noms=("Ordinateurs reconditionnés à petit prix",),
            type="aide-materielle",
            thematiques=("numerique--acquerir-un-equipement",),
            descriptions=(
                "Des ordinateurs portables et des tablettes reconditionnés, avec les logiciels "
                "utiles déjà installés et une heure de prise en main. Le matériel est garanti "
                "un an. Une aide à l'abonnement internet à tarif social est proposée au moment "
                "du retrait.",
            ),
            horaires=("We 14:00-17:00",),
            publics=(RSA_JEUNES,),
            payant="Ordinateur portable à 60 €, tablette à 40 €, paiement en trois fois possible",
            conditions_acces="Justificatif de ressources (RSA, ASS, AAH ou quotient familial).",
            mobilisation="rendez-vous",
            portee="departement",
        ),
        Offre(
            cle="atelier-smartphone",
            noms=("Atelier « Bien utiliser son smartphone »",),
            type="atelier",
            thematiques=(
                "numerique--maitriser-les-fondamentaux-du-numerique",
                "numerique--acceder-a-des-services-en-ligne",
            ),
            descriptions=(
                "Installer une application, scanner un document avec son téléphone, protéger "
                "ses données, éviter les arnaques par SMS. Venez avec votre propre appareil ; "
                "l'animateur adapte l'atelier aux modèles présents.",
            ),
            rythmes=(Rythme(2, 3), Rythme(2, 1)),
            publics=(TOUS, ("seniors",)),
            mobilisation="inscription",
        ),
        Offre(
            cle="entretien-visio",
            noms=("Se préparer à un entretien en visioconférence",),
            type="atelier",
            thematiques=(
                "numerique--maitriser-les-fondamentaux-du-numerique",
                "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
            ),
            descriptions=(
                "De plus en plus de recruteurs proposent un premier entretien en visio. "
                "L'atelier montre comment rejoindre une réunion, régler le son et la caméra, "
                "choisir un endroit calme, puis propose une courte simulation avec un "
                "bénévole qui joue le recruteur.",
            ),
            rythmes=(Rythme(2, 1),),
            publics=(RSA_DE,),
            accueil="mixte",
            mobilisation="inscription",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Accès aux droits (seeds/004 action 3.1; seeds/003 fiche 1)
# ---------------------------------------------------------------------------------------------

ACCES_AUX_DROITS = Porteur(
    cle="acces-aux-droits",
    noms=(
        "Maison des démarches {de_commune} (démo)",
        "Point droits et démarches {de_commune} (démo)",
    ),
    descriptions=(
        "Association de médiation sociale qui aide les habitants à connaître et faire valoir "
        "leurs droits : prestations, santé, logement, papiers.",
        "Lieu d'accueil pour toutes les démarches administratives, avec des permanences "
        "juridiques et une aide aux dossiers compliqués.",
    ),
    horaires=("Mo-Fr 09:00-12:30,13:30-17:00; PH off", "Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00"),
    offres=(
        Offre(
            cle="permanence-acces-aux-droits",
            noms=("Permanence d'accès aux droits", "Permanence droits sociaux"),
            type="accompagnement",
            thematiques=(
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            ),
            descriptions=(
                "RSA, prime d'activité, complémentaire santé solidaire, aides au logement, "
                "retraite : un médiateur vérifie avec vous les droits auxquels vous pouvez "
                "prétendre, fait les simulations et vous aide à constituer les dossiers. Il "
                "peut contacter directement la CAF ou la CPAM quand un dossier est bloqué.",
                "Un droit non demandé est un droit perdu. Lors de la permanence, vous faites le "
                "point sur votre situation et repartez avec la liste des démarches à faire, les "
                "pièces à réunir et, si besoin, un rendez-vous pour les faire ensemble.",
            ),
            horaires=(
                "Tu 09:00-12:00",
                "Mo,Th 14:00-17:00; PH off",
                "We 09:00-12:00,13:30-16:30",
                "Tu[1,3] 14:00-17:00",
            ),
            mobilisation="libre",
            par_antenne=True,
            portee="commune",
        ),
        Offre(
            cle="accompagnement-demarches",
            noms=("Accompagnement aux démarches administratives",),
            type="accompagnement",
            thematiques=(
                "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
                "numerique--acceder-a-des-services-en-ligne",
            ),
            descriptions=(
                "Quand un dossier demande plusieurs rendez-vous (renouvellement de titre, "
                "dossier de retraite, rappel d'indus), un médiateur vous suit de bout en bout : "
                "il classe les papiers avec vous, prépare les courriers et vous accompagne si "
                "besoin aux rendez-vous.",
            ),
            rythmes=(Rythme(1.5, 4), Rythme(2, 3)),
            mobilisation="rendez-vous",
        ),
        Offre(
            cle="droits-reprise-emploi",
            noms=("Atelier « Mes droits quand je reprends un emploi »",),
            type="atelier",
            thematiques=(
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                "trouver-un-emploi--maintien-dans-lemploi",
            ),
            descriptions=(
                "Que devient mon RSA si je reprends un travail ? Ai-je droit à la prime "
                "d'activité, à une aide pour la garde des enfants ou pour les frais de "
                "transport ? L'atelier répond à ces questions avec des simulations sur des "
                "exemples, pour reprendre un emploi sans mauvaise surprise.",
            ),
            rythmes=(Rythme(2, 1),),
            publics=(RSA,),
            mobilisation="inscription",
        ),
        Offre(
            cle="comprendre-ses-courriers",
            noms=("Atelier « Comprendre ses courriers administratifs »",),
            type="atelier",
            thematiques=(
                "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
                "lecture-ecriture-calcul--maitriser-le-francais",
            ),
            descriptions=(
                "Avis d'imposition, notification de la CAF, relance d'un fournisseur d'énergie : "
                "en groupe, on apprend à repérer l'essentiel d'un courrier, les délais à "
                "respecter et à qui répondre. Apportez les courriers qui vous posent question.",
            ),
            rythmes=(Rythme(2, 4),),
            mobilisation="inscription",
        ),
        Offre(
            cle="permanence-juridique",
            noms=("Permanence juridique gratuite", "Consultation juridique avec un juriste"),
            type="information",
            thematiques=(
                "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
                "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination",
            ),
            descriptions=(
                "Un juriste répond à vos questions de droit du travail, de la famille, du "
                "logement ou de la consommation, et vous informe sur les suites possibles "
                "(médiation, aide juridictionnelle, avocat). L'entretien dure trente minutes et "
                "reste confidentiel.",
            ),
            horaires=("Th 14:00-17:00", "We[2] 09:00-12:00"),
            mobilisation="rendez-vous",
            portee="epci",
        ),
        Offre(
            cle="dossier-mdph",
            noms=("Aide à la constitution d'un dossier MDPH",),
            type="accompagnement",
            thematiques=(
                "sante--constituer-un-dossier-mdph-invalidite",
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            ),
            descriptions=(
                "Reconnaissance de la qualité de travailleur handicapé, allocation adulte "
                "handicapé, carte mobilité inclusion : une conseillère vous aide à remplir le "
                "formulaire, à décrire votre quotidien et à réunir les certificats médicaux. "
                "Elle suit le dossier jusqu'à la décision.",
            ),
            rythmes=(Rythme(2, 2),),
            publics=(TOUS, ("personnes-en-situation-de-handicap",)),
            mobilisation="rendez-vous",
            portee="departement",
        ),
        Offre(
            cle="titre-de-sejour",
            noms=("Accompagnement au titre de séjour et à la naturalisation",),
            type="accompagnement",
            thematiques=(
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete",
            ),
            descriptions=(
                "Premier titre, renouvellement, regroupement familial ou demande de "
                "naturalisation : une juriste explique les conditions, vérifie le dossier et "
                "aide à prendre rendez-vous en préfecture. Un interprète peut être présent "
                "sur demande.",
            ),
            rythmes=(Rythme(1, 3),),
            horaires=("Fr 09:00-12:00",),
            publics=(EXILES,),
            mobilisation="rendez-vous",
            portee="departement",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Santé (seeds/004 FA 2.10 pack médiation insertion santé; seeds/001 fiche 5; seeds/003 fiche 3)
# ---------------------------------------------------------------------------------------------

SANTE = Porteur(
    cle="sante",
    noms=(
        "Espace santé insertion {de_commune} (démo)",
        "Point santé et bien-être {de_commune} (démo)",
    ),
    descriptions=(
        "Association de prévention qui facilite l'accès aux soins des personnes en parcours "
        "d'insertion : bilans de santé, accompagnement vers les soins, ateliers bien-être.",
    ),
    horaires=("Mo-Fr 09:00-12:30,13:30-17:00; PH off",),
    offres=(
        Offre(
            cle="bilan-de-sante",
            noms=("Bilan de santé gratuit", "Examen de prévention en santé"),
            type="accompagnement",
            thematiques=("sante--acces-aux-soins",),
            descriptions=(
                "Une demi-journée pour faire le point sur votre santé : prise de sang, vue, "
                "audition, vaccins, entretien avec un médecin. Les résultats sont expliqués et "
                "envoyés à votre médecin traitant ; si vous n'en avez pas, l'équipe vous aide "
                "à en trouver un.",
                "Beaucoup de personnes repoussent leurs soins faute de temps ou d'argent. Ce "
                "bilan complet, sans avance de frais, permet de repérer les problèmes qui "
                "gênent la reprise d'activité et de les traiter avant qu'ils ne s'aggravent.",
            ),
            rythmes=(Rythme(3, 1), Rythme(4, 1)),
            publics=(RSA_DE, TOUS),
            mobilisation="prescription",
            portee="departement",
        ),
        Offre(
            cle="accompagnement-soins",
            noms=("Accompagnement individuel vers les soins", "Médiation santé"),
            type="accompagnement",
            thematiques=(
                "sante--acces-aux-soins",
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            ),
            descriptions=(
                "Une médiatrice santé vous aide à ouvrir vos droits à l'assurance maladie, à "
                "trouver un médecin, un dentiste ou un ophtalmologiste, à préparer les "
                "rendez-vous et, si besoin, à vous y accompagner. L'accompagnement s'arrête "
                "quand vous êtes à l'aise pour continuer seul.",
            ),
            rythmes=(Rythme(2, 8), Rythme(1.5, 12)),
            publics=(RSA,),
            mobilisation="prescription",
        ),
        Offre(
            cle="groupe-moral",
            noms=("Groupe de parole « Prendre soin de son moral »",),
            type="atelier",
            thematiques=("sante--sante-mentale", "remobilisation--bien-etre-confiance-en-soi"),
            descriptions=(
                "Fatigue, stress, découragement après une longue période sans emploi : un "
                "groupe animé par une psychologue pour en parler, comprendre ce qui se passe "
                "et trouver des appuis. On peut venir sans parler lors des premières séances.",
            ),
            rythmes=(Rythme(2, 10),),
            mobilisation="inscription",
        ),
        Offre(
            cle="ateliers-bien-etre",
            noms=("Ateliers bien-être : sommeil, alimentation, stress",),
            type="atelier",
            thematiques=("remobilisation--bien-etre-confiance-en-soi", "sante--acces-aux-soins"),
            descriptions=(
                "Un cycle d'ateliers pratiques avec une infirmière et une diététicienne : mieux "
                "dormir, manger équilibré avec un petit budget, gérer le stress par la "
                "respiration. Les séances se terminent par un moment d'échange autour d'une "
                "boisson.",
            ),
            rythmes=(Rythme(2, 6),),
            mobilisation="inscription",
        ),
        Offre(
            cle="sante-sexuelle",
            noms=("Consultation santé sexuelle et contraception",),
            type="information",
            thematiques=("sante--sante-sexuelle",),
            descriptions=(
                "Contraception, dépistage, grossesse, questions sur la sexualité : une "
                "sage-femme et une infirmière reçoivent de façon confidentielle et gratuite, y "
                "compris les personnes sans couverture maladie.",
            ),
            horaires=("We 13:30-17:00",),
            mobilisation="rendez-vous",
        ),
    ),
)

ADDICTIONS = Porteur(
    cle="addictions",
    noms=("Point écoute addictions {de_commune} (démo)",),
    descriptions=(
        "Centre de consultation et de prévention des addictions : alcool, tabac, cannabis, "
        "jeux, médicaments. Accueil anonyme et gratuit.",
    ),
    horaires=("Mo-Fr 09:00-12:30,13:30-18:00; PH off",),
    reseaux=("csapa",),
    offres=(
        Offre(
            cle="consultation-addictologie",
            noms=("Consultations d'addictologie", "Accompagnement alcool, tabac, cannabis"),
            type="accompagnement",
            thematiques=("sante--addictions",),
            descriptions=(
                "Un médecin, une infirmière et un psychologue vous reçoivent pour faire le "
                "point sur une consommation qui vous inquiète, sans jugement et sans obligation "
                "d'arrêter. Ensemble, vous fixez des objectifs réalistes, compatibles avec un "
                "projet de reprise d'activité. L'entourage peut aussi être reçu.",
            ),
            rythmes=(Rythme(1, 12),),
            horaires=("Mo-Fr 09:00-12:30,13:30-18:00; PH off",),
            mobilisation="rendez-vous",
            portee="departement",
        ),
        Offre(
            cle="groupe-entraide-addictions",
            noms=("Groupe d'entraide addictions",),
            type="atelier",
            thematiques=("sante--addictions", "sante--sante-mentale"),
            descriptions=(
                "Un groupe de parole animé par un éducateur et un ancien usager, pour partager "
                "son expérience, tenir dans la durée et reprendre des activités. Le groupe est "
                "ouvert : on peut le rejoindre à tout moment de l'année.",
            ),
            rythmes=(Rythme(2, 26),),
            mobilisation="libre",
        ),
        Offre(
            cle="ecoute-telephonique-addictions",
            noms=("Écoute téléphonique addictions",),
            type="information",
            thematiques=("sante--addictions",),
            descriptions=(
                "Une ligne d'écoute tenue par des professionnels pour les personnes concernées "
                "et leurs proches : information, premier conseil et orientation vers une "
                "consultation proche de chez vous. L'appel est anonyme.",
            ),
            horaires=("Mo-Fr 09:00-19:00",),
            accueil="distance",
            mobilisation="libre",
            portee="departement",
        ),
    ),
)

SANTE_MENTALE_EMPLOI = Porteur(
    cle="sante-mentale-emploi",
    noms=("Dispositif santé psychique et emploi {de_commune} (démo)",),
    descriptions=(
        "Service médico-social qui accompagne vers l'emploi les personnes vivant avec des "
        "troubles psychiques, en lien avec les équipes de soin.",
    ),
    horaires=("Mo-Fr 09:00-12:30,13:30-17:30",),
    offres=(
        Offre(
            cle="accompagnement-psychique-emploi",
            noms=("Accompagnement vers l'emploi et santé psychique",),
            type="accompagnement",
            thematiques=(
                "sante--sante-mentale",
                "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
            ),
            descriptions=(
                "Pour les personnes dont la souffrance psychique freine l'insertion : une "
                "conseillère et une psychologue construisent avec vous un projet réaliste, "
                "cherchent les aménagements possibles et préparent les mises en situation. "
                "Quand l'emploi n'est pas encore possible, d'autres activités sont proposées "
                "(bénévolat, activité adaptée).",
            ),
            rythmes=(Rythme(3, 26),),
            publics=(RSA, (*HANDICAP, *RSA)),
            mobilisation="prescription",
            portee="departement",
        ),
        Offre(
            cle="gestion-stress",
            noms=("Atelier gestion du stress et des émotions",),
            type="atelier",
            thematiques=("sante--sante-mentale", "remobilisation--bien-etre-confiance-en-soi"),
            descriptions=(
                "Repérer les signes du stress, apprendre des techniques simples de relaxation "
                "et de respiration, préparer une situation qui fait peur (entretien, reprise "
                "de poste). Six séances en groupe restreint avec une sophrologue.",
            ),
            rythmes=(Rythme(2, 6),),
            mobilisation="inscription",
        ),
        Offre(
            cle="entretiens-psychologue",
            noms=("Entretiens avec un psychologue",),
            type="accompagnement",
            thematiques=("sante--sante-mentale",),
            descriptions=(
                "Des entretiens individuels gratuits avec un psychologue, sans passer par un "
                "médecin, pour les personnes accompagnées dans un parcours d'insertion. Les "
                "rendez-vous peuvent se faire par téléphone.",
            ),
            rythmes=(Rythme(1, 8),),
            accueil="mixte",
            mobilisation="prescription",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Logement (seeds/004 actions 1.2, 3.2, 3.3; seeds/001 fiche 2 "premières heures")
# ---------------------------------------------------------------------------------------------

LOGEMENT = Porteur(
    cle="logement",
    noms=(
        "Service d'accompagnement logement {de_commune} (démo)",
        "Association habitat et insertion {de_commune} (démo)",
    ),
    descriptions=(
        "Association qui accompagne l'accès et le maintien dans le logement : conseils, "
        "accompagnement social, prévention des expulsions et hébergement temporaire.",
    ),
    horaires=("Mo-Fr 09:00-12:00,13:30-17:30; PH off",),
    reseaux=("federation-des-acteurs-de-la-solidarite",),
    offres=(
        Offre(
            cle="accompagnement-social-logement",
            noms=("Accompagnement social lié au logement",),
            type="accompagnement",
            thematiques=(
                "logement-hebergement--se-maintenir-dans-le-logement",
                "logement-hebergement--louer-un-logement",
            ),
            descriptions=(
                "Une travailleuse sociale vous accompagne pour entrer dans un logement ou vous "
                "y maintenir : dossier de demande, ouverture des compteurs, aides à "
                "l'installation, relations avec le bailleur, gestion des charges. Les "
                "rendez-vous ont lieu au bureau ou à domicile.",
            ),
            rythmes=(Rythme(1.5, 12), Rythme(2, 8)),
            publics=(RSA, TOUS),
            mobilisation="prescription",
        ),
        Offre(
            cle="devenir-locataire",
            noms=("Atelier « Devenir locataire »",),
            type="atelier",
            thematiques=(
                "logement-hebergement--louer-un-logement",
                "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
            ),
            descriptions=(
                "Bail, état des lieux, dépôt de garantie, assurance, aides de la CAF : tout ce "
                "qu'il faut savoir avant de signer. L'atelier se termine par la simulation d'un "
                "budget logement et la visite d'un appartement témoin.",
            ),
            rythmes=(Rythme(3, 3), Rythme(3, 1)),
            publics=(TOUS, ("jeunes",)),
            mobilisation="inscription",
        ),
        Offre(
            cle="permanence-logement",
            noms=("Permanence information logement",),
            type="information",
            thematiques=(
                "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
                "logement-hebergement--changer-de-logement",
            ),
            descriptions=(
                "Demande de logement social, mutation, logement trop petit ou insalubre, "
                "garantie de loyer : un conseiller logement répond à vos questions et vous "
                "oriente vers le bon interlocuteur. Il peut enregistrer votre demande de "
                "logement social avec vous.",
            ),
            horaires=("Mo 14:00-17:00", "Th 09:00-12:00", "Tu[2,4] 09:30-12:00"),
            mobilisation="libre",
            portee="epci",
        ),
        Offre(
            cle="hebergement-temporaire",
            noms=("Hébergement temporaire et orientation", "Mise à l'abri et hébergement"),
            type="aide-materielle",
            thematiques=("logement-hebergement--rechercher-une-solution-dhebergement-temporaire",),
            descriptions=(
                "Des places d'hébergement temporaire en logement partagé, avec un "
                "accompagnement pour construire la suite : ouverture des droits, reprise de "
                "soins, recherche d'un logement durable, premières heures de travail. Les "
                "demandes passent par le service intégré d'accueil et d'orientation.",
            ),
            horaires=("24/7",),
            publics=(("personnes-en-situation-durgence",),),
            conditions_acces="Orientation par le service intégré d'accueil et d'orientation (115).",
            mobilisation="prescription",
            portee="departement",
        ),
        Offre(
            cle="prevention-expulsions",
            noms=("Prévention des expulsions et impayés de loyer",),
            type="accompagnement",
            thematiques=(
                "logement-hebergement--reduire-les-impayes-de-loyer",
                "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
            ),
            descriptions=(
                "Dès le premier impayé, mieux vaut agir. Une conseillère reprend avec vous le "
                "budget, contacte le bailleur pour un plan d'apurement, monte les demandes "
                "d'aide (fonds de solidarité logement) et vous prépare si une audience est "
                "prévue au tribunal.",
            ),
            rythmes=(Rythme(1.5, 6),),
            mobilisation="rendez-vous",
            portee="departement",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Difficultés financières (seeds/004 action 4.1 précarité énergétique; CLS budget)
# ---------------------------------------------------------------------------------------------

BUDGET = Porteur(
    cle="budget",
    noms=(
        "Point budget et solidarité {de_commune} (démo)",
        "Conseil budget familial {de_commune} (démo)",
    ),
    descriptions=(
        "Service de conseil budgétaire gratuit et confidentiel : gestion du budget, "
        "surendettement, microcrédit, énergie.",
    ),
    horaires=("Mo-Th 09:00-12:00,13:30-17:00", "Tu-Fr 09:00-12:30,14:00-17:00"),
    reseaux=("points-conseil-budget",),
    offres=(
        Offre(
            cle="atelier-budget",
            noms=("Atelier « Mon budget, mes priorités »", "Atelier gestion du budget"),
            type="atelier",
            thematiques=(
                "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
                "difficultes-financieres--acquerir-une-autonomie-budgetaire",
            ),
            descriptions=(
                "Faire ses comptes sans s'y perdre : lister ses ressources et ses charges, "
                "repérer les dépenses qui peuvent baisser (énergie, abonnements, assurance), "
                "anticiper les grosses échéances. Chaque participant repart avec un tableau de "
                "budget adapté à sa situation.",
                "Un atelier pratique et sans jugement pour reprendre la main sur son argent, "
                "surtout lors d'un changement (reprise d'emploi, séparation, départ à la "
                "retraite). Les exemples viennent des participants.",
            ),
            rythmes=(Rythme(2, 4), Rythme(3, 3)),
            mobilisation="inscription",
        ),
        Offre(
            cle="surendettement",
            noms=("Accompagnement surendettement",),
            type="accompagnement",
            thematiques=("difficultes-financieres--situation-dendettement-surendettement",),
            descriptions=(
                "Crédits, retards de factures, huissier : une conseillère fait l'état de vos "
                "dettes, négocie avec les créanciers et, si nécessaire, vous aide à déposer un "
                "dossier de surendettement auprès de la Banque de France, puis à suivre le plan.",
            ),
            rythmes=(Rythme(1.5, 6), Rythme(1, 10)),
            horaires=("Tu 09:00-12:00; Th 14:00-17:00",),
            mobilisation="rendez-vous",
            portee="epci",
        ),
        Offre(
            cle="microcredit-personnel",
            noms=("Microcrédit personnel accompagné",),
            type="aide-financiere",
            thematiques=(
                "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
                "mobilite--financer-ma-mobilite",
            ),
            descriptions=(
                "Un petit prêt, de 300 à 5 000 € dans cette démonstration, pour financer un "
                "projet qui favorise l'insertion : permis, véhicule, équipement, dépôt de "
                "garantie, formation. Le dossier est monté avec une conseillère qui vérifie que "
                "le remboursement reste supportable.",
            ),
            publics=(RSA_DE, TOUS),
            conditions_acces=(
                "Ne pas avoir accès au crédit bancaire classique ; capacité de remboursement."
            ),
            mobilisation="rendez-vous",
            portee="departement",
        ),
        Offre(
            cle="atelier-energie",
            noms=("Atelier « Réduire ses factures d'énergie »", "Atelier éco-gestes et énergie"),
            type="atelier",
            thematiques=(
                "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
                "logement-hebergement--se-maintenir-dans-le-logement",
            ),
            descriptions=(
                "Lire une facture d'électricité ou de gaz, comprendre le chèque énergie, "
                "choisir un contrat, repérer les gestes qui font baisser la consommation sans "
                "avoir froid. Chaque participant repart avec un petit kit d'économies d'eau et "
                "d'énergie et, si besoin, un rendez-vous pour une visite à domicile.",
            ),
            rythmes=(Rythme(2, 1), Rythme(2, 2)),
            mobilisation="inscription",
        ),
        Offre(
            cle="conseil-budget-telephone",
            noms=("Conseil budgétaire par téléphone",),
            type="information",
            thematiques=(
                "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
                "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
            ),
            descriptions=(
                "Une ligne pour poser une question d'argent sans se déplacer : facture "
                "d'énergie trop élevée, prélèvement refusé, prêt proposé par un magasin. Le "
                "conseiller répond ou propose un rendez-vous. Les appels sont confidentiels.",
            ),
            horaires=("Mo-Fr 09:00-12:00",),
            accueil="distance",
            mobilisation="libre",
            portee="france",
        ),
        Offre(
            cle="protection-juridique-majeurs",
            noms=("Information sur les mesures de protection (curatelle, tutelle)",),
            type="information",
            thematiques=(
                "difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere",
                "difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte",
            ),
            descriptions=(
                "Pour une personne qui n'arrive plus à gérer seule son argent, ou pour un "
                "proche inquiet : explication des mesures possibles (accompagnement social "
                "personnalisé, curatelle, tutelle), de la procédure et du rôle de chacun.",
            ),
            horaires=("Th 14:00-17:00",),
            mobilisation="rendez-vous",
            portee="departement",
        ),
    ),
)

EPICERIE = Porteur(
    cle="epicerie-solidaire",
    noms=("Épicerie solidaire {de_commune} (démo)",),
    descriptions=(
        "Épicerie associative à petits prix pour les ménages aux ressources limitées, avec un "
        "vestiaire et des ateliers cuisine.",
    ),
    horaires=("Tu,Th 14:00-18:00; Sa 09:00-12:00",),
    offres=(
        Offre(
            cle="epicerie",
            noms=("Épicerie solidaire",),
            type="aide-materielle",
            thematiques=("equipement-et-alimentation--alimentation",),
            descriptions=(
                "Des produits alimentaires et d'hygiène à 10 à 30 % du prix habituel, choisis "
                "librement en rayon comme dans un magasin. L'accès est accordé pour quelques "
                "mois, le temps de réaliser un projet (rembourser une dette, financer un "
                "permis, s'équiper).",
            ),
            horaires=("Tu,Th 14:00-18:00; Sa 09:00-12:00",),
            publics=(TOUS, RSA),
            payant="Produits vendus de 10 à 30 % de leur prix habituel",
            conditions_acces=(
                "Sur orientation d'un travailleur social, selon le reste à vivre ; accès de 3 à "
                "6 mois renouvelable."
            ),
            mobilisation="prescription",
            portee="epci",
        ),
        Offre(
            cle="cuisine-petit-budget",
            noms=("Atelier cuisine à petit budget", "Cuisiner malin"),
            type="atelier",
            thematiques=(
                "equipement-et-alimentation--alimentation",
                "remobilisation--lien-social",
                "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
            ),
            descriptions=(
                "On cuisine ensemble un repas complet pour moins de deux euros par personne, "
                "avec les produits de saison de l'épicerie, puis on le partage. Les recettes "
                "sont distribuées et adaptables aux régimes de chacun.",
            ),
            rythmes=(Rythme(3, 1), Rythme(3, 8)),
            mobilisation="inscription",
            portee="commune",
        ),
        Offre(
            cle="vestiaire-solidaire",
            noms=("Vestiaire solidaire et tenue pour l'entretien",),
            type="aide-materielle",
            thematiques=(
                "equipement-et-alimentation--habillement",
                "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
            ),
            descriptions=(
                "Des vêtements propres et en bon état pour toute la famille, à petit prix. Pour "
                "un entretien d'embauche ou une prise de poste, une tenue complète est prêtée ou "
                "donnée, avec les conseils d'une bénévole.",
            ),
            horaires=("We 14:00-17:00",),
            payant="Vêtements de 0,50 à 5 € ; tenue d'entretien prêtée gratuitement",
            mobilisation="libre",
            portee="commune",
        ),
        Offre(
            cle="benevolat-epicerie",
            noms=("Devenir bénévole à l'épicerie",),
            type="accompagnement",
            thematiques=(
                "remobilisation--benevolat-action-citoyenne",
                "remobilisation--lien-social",
            ),
            descriptions=(
                "Accueil des clients, mise en rayon, tenue de la caisse, collectes : les "
                "bénévoles font vivre l'épicerie. Une bonne façon de reprendre un rythme, de "
                "rencontrer du monde et de valoriser ses compétences sur un CV.",
            ),
            rythmes=(Rythme(3, 26),),
            mobilisation="libre",
            portee="commune",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Isolement social, autonomie, remobilisation (seeds/004 FA 2.7, action 1.5; seeds/003 fiche 2, 7)
# ---------------------------------------------------------------------------------------------

CENTRE_SOCIAL = Porteur(
    cle="centre-social",
    noms=(
        "Centre social et culturel {de_commune} (démo)",
        "Maison des habitants {de_commune} (démo)",
        "Foyer rural {de_commune} (démo)",
    ),
    descriptions=(
        "Centre social associatif ouvert à tous les habitants : activités collectives, "
        "sorties, jardin, bénévolat et soutien aux familles.",
        "Lieu de vie du quartier où l'on vient pour rencontrer d'autres habitants, participer "
        "à des activités et monter des projets ensemble.",
    ),
    horaires=("Mo-Fr 09:00-12:00,14:00-18:30", "Tu-Sa 09:30-12:00,14:00-18:00"),
    reseaux=("fcsf",),
    offres=(
        Offre(
            cle="cafe-des-habitants",
            noms=("Café des habitants", "Temps d'accueil convivial"),
            type="atelier",
            thematiques=("remobilisation--lien-social",),
            descriptions=(
                "Un café, des jeux de société, le journal et des personnes avec qui parler : le "
                "café des habitants est ouvert à tous, sans inscription. C'est souvent la "
                "première porte d'entrée vers les autres activités du centre.",
                "Vous vous sentez seul ou vous venez d'arriver dans la commune ? Passez prendre "
                "un café. L'animatrice présente les activités de la semaine et les projets en "
                "cours, et l'on peut simplement discuter.",
            ),
            rythmes=(Rythme(2, 26), Rythme(2.5, 52)),
            mobilisation="libre",
            portee="commune",
        ),
        Offre(
            cle="sorties-culturelles",
            noms=("Sorties culturelles et de loisirs",),
            type="atelier",
            thematiques=(
                "remobilisation--activites-sportives-et-culturelles",
                "remobilisation--lien-social",
            ),
            descriptions=(
                "Musée, concert, match, journée à la mer ou à la montagne : les sorties sont "
                "choisies et préparées en groupe, avec un tarif réduit et un transport "
                "collectif. Les familles peuvent venir avec leurs enfants.",
            ),
            rythmes=(Rythme(3, 12), Rythme(6, 4)),
            payant="2 € par sortie et par personne, transport compris",
            mobilisation="inscription",
        ),
        Offre(
            cle="jardin-partage",
            noms=("Jardin partagé", "Potager collectif"),
            type="atelier",
            thematiques=(
                "remobilisation--lien-social",
                "remobilisation--bien-etre-confiance-en-soi",
                "equipement-et-alimentation--alimentation",
            ),
            descriptions=(
                "Semer, planter, récolter et partager les légumes : le jardin accueille les "
                "débutants comme les jardiniers confirmés, avec un animateur nature. Travailler "
                "dehors, en groupe, aide à retrouver un rythme et à reprendre confiance.",
            ),
            rythmes=(Rythme(3, 26),),
            mobilisation="libre",
            portee="commune",
        ),
        Offre(
            cle="benevolat",
            noms=("S'engager comme bénévole", "Mission bénévole accompagnée"),
            type="accompagnement",
            thematiques=("remobilisation--benevolat-action-citoyenne",),
            descriptions=(
                "Aide aux devoirs, distribution alimentaire, animation d'un atelier, "
                "organisation d'une fête de quartier : le centre vous aide à trouver une "
                "mission bénévole qui vous plaît, près de chez vous, et fait le point "
                "régulièrement avec vous. Les compétences acquises sont notées dans un "
                "passeport bénévole.",
            ),
            rythmes=(Rythme(3, 26), Rythme(4, 12)),
            mobilisation="rendez-vous",
        ),
        Offre(
            cle="confiance-en-soi",
            noms=("Atelier confiance en soi", "Atelier estime de soi"),
            type="atelier",
            thematiques=("remobilisation--bien-etre-confiance-en-soi",),
            descriptions=(
                "Des exercices en groupe pour apprendre à parler de soi, repérer ses qualités, "
                "oser dire non et s'exprimer devant les autres. Théâtre d'improvisation et "
                "jeux de rôle, dans une ambiance bienveillante.",
            ),
            rythmes=(Rythme(3, 6),),
            mobilisation="inscription",
        ),
        Offre(
            cle="repit-aidants",
            noms=("Temps d'échange et de répit pour les aidants",),
            type="atelier",
            thematiques=(
                "famille--soutien-aidants",
                "famille--prise-en-charge-personne-dependante",
            ),
            descriptions=(
                "Vous vous occupez d'un parent âgé, d'un conjoint malade ou d'un enfant en "
                "situation de handicap ? Un groupe pour souffler, s'informer sur les aides "
                "(aide à domicile, accueil de jour, congé de proche aidant) et sortir de "
                "l'isolement.",
            ),
            rythmes=(Rythme(2, 8),),
            mobilisation="inscription",
            portee="epci",
        ),
        Offre(
            cle="parlons-francais",
            noms=("Atelier de conversation « Parlons français »",),
            type="atelier",
            thematiques=(
                "lecture-ecriture-calcul--maitriser-le-francais",
                "remobilisation--lien-social",
            ),
            descriptions=(
                "Un moment convivial pour pratiquer le français à l'oral avec des bénévoles et "
                "d'autres habitants : se présenter, parler de son quartier, de sa cuisine, de "
                "son métier. Aucun niveau n'est demandé.",
            ),
            rythmes=(Rythme(2, 26),),
            publics=(TOUS, EXILES),
            mobilisation="libre",
            portee="commune",
        ),
    ),
)

SPORT = Porteur(
    cle="sport-insertion",
    noms=("Association sport et insertion {de_commune} (démo)",),
    descriptions=(
        "Association sportive qui utilise le sport comme outil de remobilisation et de "
        "retour à l'emploi.",
    ),
    horaires=("Mo-Fr 09:00-12:00,13:30-17:00",),
    offres=(
        Offre(
            cle="sport-sante",
            noms=("Sport santé adapté", "Activité physique douce"),
            type="atelier",
            thematiques=(
                "remobilisation--activites-sportives-et-culturelles",
                "remobilisation--bien-etre-confiance-en-soi",
            ),
            descriptions=(
                "Gymnastique douce, renforcement musculaire, étirements : des séances adaptées "
                "à la condition physique de chacun, encadrées par un éducateur sportif. Pas "
                "besoin d'être sportif, ni d'avoir un équipement particulier.",
            ),
            rythmes=(Rythme(2, 12), Rythme(3, 26)),
            payant="Adhésion de 10 € pour l'année",
            mobilisation="inscription",
        ),
        Offre(
            cle="marche-collective",
            noms=("Marche collective et découverte du territoire",),
            type="atelier",
            thematiques=(
                "remobilisation--activites-sportives-et-culturelles",
                "remobilisation--lien-social",
            ),
            descriptions=(
                "Une marche accessible de cinq à huit kilomètres, chaque semaine sur un "
                "itinéraire différent, pour découvrir les environs, bouger et discuter. Le "
                "rendez-vous est donné devant l'association ; un covoiturage est organisé.",
            ),
            rythmes=(Rythme(2.5, 26),),
            mobilisation="libre",
        ),
        Offre(
            cle="sport-et-emploi",
            noms=("Sport et emploi : se remobiliser par le sport",),
            type="accompagnement",
            thematiques=(
                "remobilisation--activites-sportives-et-culturelles",
                "remobilisation--bien-etre-confiance-en-soi",
                "preparer-sa-candidature--valoriser-ses-competences",
            ),
            descriptions=(
                "Six semaines qui mêlent séances de sport collectif, ateliers sur le savoir-être "
                "et rencontres avec des employeurs sur un terrain de sport plutôt que dans un "
                "bureau. Ponctualité, esprit d'équipe et persévérance se travaillent sur le "
                "terrain et se valorisent ensuite en entretien.",
            ),
            rythmes=(Rythme(12, 6),),
            publics=(RSA_JEUNES,),
            mobilisation="prescription",
            portee="departement",
        ),
    ),
)

REMOBILISATION = Porteur(
    cle="remobilisation",
    noms=(
        "Atelier de remobilisation {de_commune} (démo)",
        "Collectif pouvoir d'agir {de_commune} (démo)",
    ),
    descriptions=(
        "Association qui accompagne les personnes éloignées de l'emploi vers la reprise "
        "d'activité, par le collectif et le développement du pouvoir d'agir.",
    ),
    horaires=("Mo-Fr 09:00-12:00,13:30-16:30",),
    offres=(
        Offre(
            cle="parcours-remobilisation",
            noms=("Parcours de remobilisation sociale", "Parcours « Reprendre pied »"),
            type="accompagnement",
            thematiques=(
                "remobilisation--bien-etre-confiance-en-soi",
                "remobilisation--lien-social",
                "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
            ),
            descriptions=(
                "Un parcours collectif de trois mois pour les personnes qui ont besoin de "
                "retrouver un rythme avant de chercher un emploi : ateliers créatifs, sport, "
                "sorties, temps d'échange, visites d'entreprises. Le volume horaire commence à "
                "sept heures par semaine et augmente selon les possibilités de chacun.",
                "Reprendre confiance, sortir de chez soi, retrouver l'envie : le parcours "
                "combine activités de groupe et entretiens individuels. Chaque participant "
                "construit son planning avec l'animatrice et son référent.",
            ),
            rythmes=(Rythme(7, 12), Rythme(15, 12), Rythme(10, 12)),
            publics=(RSA,),
            publics_precisions="Bénéficiaires du RSA orientés dans un parcours social",
            mobilisation="prescription",
        ),
        Offre(
            cle="pouvoir-d-agir",
            noms=("Atelier collectif « Pouvoir d'agir »",),
            type="atelier",
            thematiques=(
                "remobilisation--benevolat-action-citoyenne",
                "remobilisation--bien-etre-confiance-en-soi",
            ),
            descriptions=(
                "Le groupe choisit un projet utile au quartier ou à la commune (repair café, "
                "boîte à livres, journée de nettoyage, fête) et le mène de A à Z. Chacun y "
                "prend un rôle selon ses envies et découvre ce qu'il sait faire.",
            ),
            rythmes=(Rythme(4, 8),),
            mobilisation="inscription",
        ),
        Offre(
            cle="image-de-soi",
            noms=("Atelier image de soi et communication",),
            type="atelier",
            thematiques=(
                "remobilisation--bien-etre-confiance-en-soi",
                "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
            ),
            descriptions=(
                "Prendre soin de soi, choisir une tenue, travailler sa voix et sa posture : "
                "avec une socio-esthéticienne et une comédienne, l'atelier aide à se sentir à "
                "l'aise face à un recruteur ou dans un nouveau groupe.",
            ),
            rythmes=(Rythme(3, 4),),
            publics=(TOUS, ("femmes",)),
            mobilisation="inscription",
        ),
        Offre(
            cle="ateliers-creatifs",
            noms=("Ateliers créatifs : théâtre, arts plastiques, écriture",),
            type="atelier",
            thematiques=(
                "remobilisation--activites-sportives-et-culturelles",
                "remobilisation--bien-etre-confiance-en-soi",
            ),
            descriptions=(
                "Des ateliers animés par des artistes, qui aboutissent à une petite "
                "exposition ou un spectacle en fin de cycle. On y apprend à s'exprimer, à "
                "travailler en groupe et à aller au bout d'un projet.",
            ),
            rythmes=(Rythme(3, 10),),
            mobilisation="inscription",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Emploi, formation, création (seeds/001 fiches 1-4, 6, 8; seeds/004 FA 2.4-2.6, 2.11-2.13;
# seeds/000 relation entreprises; seeds/003 fiches 4-6)
# ---------------------------------------------------------------------------------------------

CHANTIER = Porteur(
    cle="chantier-insertion",
    noms=(
        "Chantier d'insertion espaces verts {de_commune} (démo)",
        "Recyclerie solidaire {de_commune} (démo)",
        "Chantier d'insertion bâtiment {de_commune} (démo)",
    ),
    descriptions=(
        "Atelier et chantier d'insertion qui salarie des personnes éloignées de l'emploi sur "
        "des activités utiles au territoire, avec un accompagnement socio-professionnel.",
        "Structure d'insertion par l'activité économique : collecte, tri, réparation et "
        "revente d'objets, avec un accompagnement vers l'emploi durable.",
    ),
    horaires=("Mo-Fr 08:00-12:00,13:00-16:00",),
    reseaux=("aci", "chantier-ecole"),
    offres=(
        Offre(
            cle="cddi",
            noms=(
                "Emploi en chantier d'insertion (CDDI)",
                "Contrat à durée déterminée d'insertion",
            ),
            type="accompagnement",
            thematiques=(
                "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
                "preparer-sa-candidature--valoriser-ses-competences",
                "trouver-un-emploi--repondre-a-des-offres-demploi",
            ),
            descriptions=(
                "Un contrat de travail de quatre mois renouvelable, payé au SMIC, pour "
                "reprendre une activité encadrée : entretien d'espaces verts, tri et "
                "valorisation d'objets ou second œuvre du bâtiment selon le site. Un "
                "accompagnateur socio-professionnel aide à lever les freins et à préparer la "
                "suite (formation, emploi).",
                "Travailler en équipe, apprendre un geste professionnel, obtenir un premier "
                "certificat (sauveteur secouriste, CACES) : le chantier est une étape "
                "salariée vers l'emploi durable, avec des périodes d'immersion en entreprise.",
            ),
            rythmes=(Rythme(26, 26), Rythme(24, 26), Rythme(20, 26)),
            publics=(RSA_DE, RSA_JEUNES),
            conditions_acces=(
                "Être éligible à l'insertion par l'activité économique (diagnostic fait par le "
                "prescripteur)."
            ),
            mobilisation="prescription",
        ),
        Offre(
            cle="premieres-heures",
            noms=("Reprise progressive d'activité en chantier", "Quelques heures pour recommencer"),
            type="accompagnement",
            thematiques=(
                "remobilisation--bien-etre-confiance-en-soi",
                "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
            ),
            descriptions=(
                "Pour les personnes qui ont connu la rue ou l'hébergement d'urgence et pour qui "
                "un contrat à temps plein est trop tôt : quelques heures de travail rémunérées "
                "par semaine, sans sélection ni prérequis, qui augmentent progressivement. Un "
                "référent social suit la personne et prépare l'accès à un hébergement stable.",
            ),
            rythmes=(Rythme(4, 12), Rythme(6, 12)),
            publics=(URGENCE, (*URGENCE, *RSA)),
            mobilisation="prescription",
        ),
        Offre(
            cle="immersion-chantier",
            noms=("Immersion découverte en chantier (PMSMP)",),
            type="accompagnement",
            thematiques=(
                "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
                "choisir-un-metier--confirmer-son-choix-de-metier",
            ),
            descriptions=(
                "Une à deux semaines en situation réelle de travail, sans contrat, dans le "
                "cadre d'une période de mise en situation en milieu professionnel : découvrir "
                "les métiers du chantier, vérifier qu'ils vous conviennent avant de vous "
                "engager.",
            ),
            rythmes=(Rythme(24, 2), Rythme(21, 1)),
            publics=(RSA_DE,),
            conditions_acces="Convention PMSMP signée par le prescripteur.",
            mobilisation="prescription",
        ),
        Offre(
            cle="visite-chantier",
            noms=("Visite du chantier et information collective",),
            type="information",
            thematiques=(
                "choisir-un-metier--connaitre-les-opportunites-demploi",
                "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
            ),
            descriptions=(
                "Une matinée pour visiter les ateliers, rencontrer les encadrants et les "
                "salariés en insertion, et comprendre comment fonctionne le recrutement. Les "
                "personnes intéressées peuvent déposer leur candidature sur place.",
            ),
            rythmes=(Rythme(2, 1),),
            publics=(TOUS,),
            mobilisation="inscription",
        ),
    ),
)

EMPLOI = Porteur(
    cle="emploi",
    noms=("Espace emploi {de_commune} (démo)", "Club emploi {de_commune} (démo)"),
    descriptions=(
        "Association d'aide à la recherche d'emploi : ateliers CV, simulations d'entretien, "
        "rencontres avec les employeurs et immersions en entreprise.",
        "Lieu ressource pour les personnes en recherche d'emploi, en lien avec les "
        "entreprises qui recrutent sur le territoire.",
    ),
    horaires=("Mo-Fr 09:00-12:00,13:30-17:00; PH off",),
    reseaux=("plie",),
    offres=(
        Offre(
            cle="atelier-cv",
            noms=("Atelier CV et lettre de motivation", "Atelier « Un CV qui me ressemble »"),
            type="atelier",
            thematiques=("preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",),
            descriptions=(
                "Vous repartez avec un CV à jour, imprimé et enregistré sur une clé ou dans "
                "votre messagerie. L'animatrice vous aide à mettre en valeur toutes vos "
                "expériences, y compris le bénévolat et les petits boulots, et à adapter une "
                "lettre à une offre précise.",
                "Pas de CV, ou un CV qui date ? En une matinée, on construit ensemble un CV "
                "clair et une lettre type. Apportez vos dates d'emploi et de formation si vous "
                "les avez ; sinon, on les retrouve ensemble.",
            ),
            rythmes=(Rythme(3, 1), Rythme(3, 2)),
            mobilisation="inscription",
        ),
        Offre(
            cle="job-dating",
            noms=("Job dating des métiers qui recrutent", "Rencontres employeurs"),
            type="atelier",
            thematiques=(
                "trouver-un-emploi--repondre-a-des-offres-demploi",
                "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
                "preparer-sa-candidature--developper-son-reseau",
            ),
            descriptions=(
                "Une demi-journée pour rencontrer directement des employeurs qui recrutent : "
                "logistique, propreté, aide à domicile, restauration, bâtiment, agriculture. "
                "Entretiens de dix minutes, sans rendez-vous, CV en main. Une préparation est "
                "proposée la veille pour ceux qui le souhaitent.",
            ),
            rythmes=(Rythme(3, 1),),
            publics=(RSA_DE, TOUS),
            mobilisation="inscription",
            portee="departement",
        ),
        Offre(
            cle="club-recherche-emploi",
            noms=("Club de recherche d'emploi",),
            type="atelier",
            thematiques=(
                "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
                "trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs",
                "trouver-un-emploi--faire-des-candidatures-spontanees",
            ),
            descriptions=(
                "Un groupe qui se retrouve plusieurs fois par semaine pour chercher un emploi "
                "ensemble : repérer les offres, envoyer des candidatures, relancer les "
                "employeurs, préparer les entretiens. L'énergie du groupe aide à tenir dans la "
                "durée, et une conseillère fait le point avec chacun.",
            ),
            rythmes=(Rythme(6, 8), Rythme(9, 6)),
            publics=(RSA_DE,),
            mobilisation="prescription",
        ),
        Offre(
            cle="simulation-entretien",
            noms=("Simulations d'entretien d'embauche",),
            type="atelier",
            thematiques=("trouver-un-emploi--convaincre-un-recruteur-en-entretien",),
            descriptions=(
                "S'entraîner face à de vrais recruteurs bénévoles, être filmé si on le souhaite "
                "et recevoir des conseils précis : se présenter en deux minutes, parler d'une "
                "période sans emploi, répondre aux questions difficiles.",
            ),
            rythmes=(Rythme(2, 1), Rythme(3, 2)),
            mobilisation="inscription",
        ),
        Offre(
            cle="decouverte-metiers",
            noms=("Découverte des métiers qui recrutent", "Visites d'entreprises"),
            type="atelier",
            thematiques=(
                "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
                "choisir-un-metier--connaitre-les-opportunites-demploi",
            ),
            descriptions=(
                "Visites d'entreprises et rencontres avec des professionnels des secteurs en "
                "tension : industrie, aide à la personne, transport et logistique, hôtellerie-"
                "restauration. Pour se faire une idée concrète des conditions de travail avant "
                "de choisir une piste.",
            ),
            rythmes=(Rythme(6, 2), Rythme(3, 4)),
            publics=(RSA_JEUNES,),
            mobilisation="inscription",
            portee="departement",
        ),
        Offre(
            cle="immersion-entreprise",
            noms=("Immersion professionnelle en entreprise (PMSMP)",),
            type="accompagnement",
            thematiques=(
                "choisir-un-metier--confirmer-son-choix-de-metier",
                "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
            ),
            descriptions=(
                "L'équipe trouve avec vous une entreprise d'accueil et prépare la convention "
                "de mise en situation en milieu professionnel. Pendant une à deux semaines, "
                "vous découvrez le métier de l'intérieur ; un bilan avec le tuteur permet de "
                "confirmer le projet ou d'en changer.",
            ),
            rythmes=(Rythme(30, 2), Rythme(35, 1)),
            publics=(RSA_DE,),
            mobilisation="prescription",
        ),
        Offre(
            cle="coaching-candidature-distance",
            noms=("Coaching candidature à distance",),
            type="accompagnement",
            thematiques=(
                "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
                "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
            ),
            descriptions=(
                "Quatre rendez-vous d'une heure en visio ou par téléphone avec une coach "
                "bénévole : relecture du CV, ciblage des entreprises, préparation d'un "
                "entretien. Utile quand on habite loin ou qu'on a des contraintes horaires.",
            ),
            rythmes=(Rythme(1, 4),),
            accueil="distance",
            mobilisation="inscription",
            portee="france",
        ),
    ),
)

CREATION = Porteur(
    cle="creation-activite",
    noms=("Couveuse d'entreprises {de_commune} (démo)", "Incubateur solidaire {de_commune} (démo)"),
    descriptions=(
        "Association d'appui à la création d'activité : information, accompagnement du "
        "projet, test en couveuse et microcrédit professionnel.",
    ),
    horaires=("Mo-Fr 09:00-12:30,14:00-18:00",),
    offres=(
        Offre(
            cle="reunion-creation",
            noms=("Réunion d'information : créer son activité",),
            type="information",
            thematiques=("creer-une-entreprise--definir-son-projet-de-creation-dentreprise",),
            descriptions=(
                "Micro-entreprise, société, coopérative : quelles formes possibles, quelles "
                "démarches, quelles aides, quel impact sur le RSA ? Une réunion pour poser "
                "toutes vos questions avant de vous lancer, en salle ou en visio.",
            ),
            rythmes=(Rythme(3, 1),),
            accueil="mixte",
            mobilisation="inscription",
            portee="departement",
        ),
        Offre(
            cle="accompagnement-creation",
            noms=("Accompagnement à la création d'entreprise",),
            type="accompagnement",
            thematiques=(
                "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",
                "creer-une-entreprise--definir-son-projet-de-creation-dentreprise",
            ),
            descriptions=(
                "Étude de marché, prix, prévisionnel, statut, financement : un conseiller "
                "vous aide à construire et vérifier votre projet, en rendez-vous individuels "
                "et en ateliers collectifs. À la fin, vous savez si le projet tient la route et "
                "comment le financer.",
            ),
            rythmes=(Rythme(4, 12), Rythme(3, 16)),
            publics=(RSA_DE, TOUS),
            mobilisation="rendez-vous",
        ),
        Offre(
            cle="microcredit-professionnel",
            noms=("Microcrédit professionnel",),
            type="aide-financiere",
            thematiques=(
                "creer-une-entreprise--developper-son-entreprise",
                "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",
            ),
            descriptions=(
                "Un prêt pour démarrer ou développer une petite activité quand la banque ne "
                "suit pas : achat de matériel, stock, véhicule, trésorerie de départ. Le prêt "
                "s'accompagne d'un suivi pendant la première année d'activité.",
            ),
            publics=(RSA_DE, ("actifs", "beneficiaires-des-minimas-sociaux")),
            publics_precisions="Créateurs et travailleurs indépendants",
            conditions_acces="Projet de création ou activité de moins de trois ans.",
            mobilisation="rendez-vous",
            portee="departement",
        ),
        Offre(
            cle="test-activite",
            noms=("Tester son activité en couveuse",),
            type="accompagnement",
            thematiques=(
                "creer-une-entreprise--developper-son-entreprise",
                "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",
            ),
            descriptions=(
                "Démarrer son activité sans créer tout de suite son entreprise : la couveuse "
                "vous prête son numéro de SIRET, gère la comptabilité et vous forme à la "
                "gestion. Vous trouvez vos premiers clients en étant suivi chaque semaine.",
            ),
            rythmes=(Rythme(10, 26),),
            publics=(RSA_DE,),
            conditions_acces="Projet validé par un premier accompagnement.",
            mobilisation="prescription",
            portee="departement",
        ),
    ),
)

FORMATION = Porteur(
    cle="formation",
    noms=(
        "Centre de préqualification {de_commune} (démo)",
        "Organisme de formation solidaire {de_commune} (démo)",
    ),
    descriptions=(
        "Organisme de formation qui prépare les personnes éloignées de l'emploi à entrer en "
        "formation qualifiante, notamment vers les métiers du soin, du social et du grand âge.",
    ),
    horaires=("Mo-Fr 08:30-12:30,13:30-17:00",),
    offres=(
        Offre(
            cle="prequalification-soin",
            noms=(
                "Préqualification aux métiers du soin et de l'aide à domicile",
                "Préparation aux métiers de l'aide à la personne",
            ),
            type="formation",
            thematiques=(
                "se-former--trouver-sa-formation",
                "choisir-un-metier--confirmer-son-choix-de-metier",
            ),
            descriptions=(
                "Trois mois pour se préparer à une formation qualifiante d'assistant de vie, "
                "d'aide-soignant ou d'accompagnant éducatif : remise à niveau, découverte des "
                "métiers, stages en structure, accompagnement pour lever les freins (garde "
                "d'enfants, mobilité). Le rythme est de quatre jours par semaine, sans cours le "
                "mercredi.",
                "La formation valorise les savoirs tirés de l'expérience de vie et "
                "d'engagement. Elle alterne ateliers collectifs, modules sur les métiers, "
                "périodes de stage et préparation des épreuves de sélection.",
            ),
            rythmes=(Rythme(24, 12), Rythme(20, 16)),
            publics=(RSA_DE,),
            mobilisation="prescription",
            portee="departement",
        ),
        Offre(
            cle="dossier-de-formation",
            noms=("Monter son dossier de formation",),
            type="accompagnement",
            thematiques=("se-former--monter-son-dossier-de-formation",),
            descriptions=(
                "Compte personnel de formation, aides de la Région, rémunération pendant la "
                "formation, maintien du RSA : une conseillère vous aide à trouver le bon "
                "financement et à déposer le dossier à temps.",
            ),
            rythmes=(Rythme(2, 2),),
            mobilisation="rendez-vous",
        ),
        Offre(
            cle="information-formations",
            noms=("Information collective sur les formations du territoire",),
            type="information",
            thematiques=("se-former--trouver-sa-formation",),
            descriptions=(
                "Quelles formations commencent dans les prochains mois près de chez vous, "
                "pour quels métiers, avec quels prérequis ? Une présentation suivie d'un temps "
                "de questions, en présence d'anciens stagiaires.",
            ),
            rythmes=(Rythme(2, 1),),
            accueil="mixte",
            mobilisation="inscription",
            portee="departement",
        ),
        Offre(
            cle="numerique-professionnel",
            noms=("Initiation aux outils numériques professionnels",),
            type="formation",
            thematiques=(
                "numerique--maitriser-les-fondamentaux-du-numerique",
                "se-former--trouver-sa-formation",
            ),
            descriptions=(
                "Traitement de texte, tableur, messagerie, outils de planning : les bases "
                "demandées dans la plupart des emplois aujourd'hui, avec une attention "
                "particulière aux femmes qui accèdent peu aux formations du numérique. La "
                "formation prépare à la certification Pix.",
            ),
            rythmes=(Rythme(12, 6),),
            publics=(RSA_DE, ("femmes", "beneficiaires-des-minimas-sociaux")),
            mobilisation="prescription",
        ),
        Offre(
            cle="metiers-grand-age",
            noms=("Parcours découverte des métiers du grand âge",),
            type="formation",
            thematiques=(
                "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
                "se-former--trouver-sa-formation",
            ),
            descriptions=(
                "Un parcours qui alterne formation et périodes d'immersion en établissement "
                "pour personnes âgées, avec un accompagnement socio-professionnel renforcé. À "
                "l'issue, les participants peuvent entrer en formation qualifiante ou être "
                "recrutés.",
            ),
            rythmes=(Rythme(20, 8),),
            publics=(RSA_DE,),
            mobilisation="prescription",
            portee="departement",
        ),
    ),
)

ACCOMPAGNEMENT_EMPLOI = Porteur(
    cle="accompagnement-emploi",
    noms=(
        "Service d'accompagnement renforcé vers l'emploi {de_commune} (démo)",
        "Médiation emploi {de_commune} (démo)",
    ),
    descriptions=(
        "Équipe de conseillers qui accompagne de façon intensive les personnes au RSA vers "
        "l'emploi, et les suit après l'embauche.",
    ),
    horaires=("Mo-Fr 08:30-12:30,13:30-17:30",),
    offres=(
        Offre(
            cle="accompagnement-intensif",
            noms=("Accompagnement intensif vers l'emploi", "Accompagnement global emploi"),
            type="accompagnement",
            thematiques=(
                "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
                "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
            ),
            descriptions=(
                "Un conseiller unique, au moins deux rendez-vous par mois et des ateliers "
                "collectifs pour construire un projet professionnel réaliste et avancer vite. "
                "Les freins (garde, mobilité, santé, logement) sont traités en même temps que "
                "la recherche d'emploi, avec les partenaires du territoire.",
                "Un accompagnement de six mois qui mêle entretiens, ateliers, immersions et "
                "mises en relation avec des employeurs. Le plan d'action est écrit avec vous et "
                "revu à chaque étape.",
            ),
            rythmes=(Rythme(4, 26), Rythme(6, 26)),
            publics=(RSA,),
            mobilisation="prescription",
        ),
        Offre(
            cle="suivi-dans-l-emploi",
            noms=("Suivi dans l'emploi après l'embauche",),
            type="accompagnement",
            thematiques=("trouver-un-emploi--maintien-dans-lemploi",),
            descriptions=(
                "Les premiers mois dans un nouvel emploi sont décisifs. Le conseiller reste "
                "joignable, rencontre le salarié et l'employeur si besoin, et aide à régler "
                "les difficultés du quotidien : horaires, transport, garde d'enfants, "
                "relations avec l'équipe.",
            ),
            rythmes=(Rythme(1, 26),),
            publics=(RSA_DE,),
            mobilisation="prescription",
        ),
        Offre(
            cle="mediation-employeurs",
            noms=("Médiation emploi et rencontres employeurs",),
            type="accompagnement",
            thematiques=(
                "preparer-sa-candidature--developper-son-reseau",
                "trouver-un-emploi--faire-des-candidatures-spontanees",
                "choisir-un-metier--connaitre-les-opportunites-demploi",
            ),
            descriptions=(
                "Plutôt que le CV, la rencontre : le médiateur présente les candidats aux "
                "employeurs à partir de leurs compétences et de leur motivation, organise des "
                "visites et des essais, et négocie si besoin un aménagement du poste.",
            ),
            rythmes=(Rythme(3, 12),),
            publics=(RSA_DE,),
            mobilisation="prescription",
        ),
        Offre(
            cle="emploi-au-feminin",
            noms=("Parcours emploi au féminin",),
            type="atelier",
            thematiques=(
                "preparer-sa-candidature--valoriser-ses-competences",
                "remobilisation--bien-etre-confiance-en-soi",
                "famille--garde-denfants",
            ),
            descriptions=(
                "Un parcours réservé aux femmes éloignées de l'emploi : confiance en soi, "
                "découverte de métiers, y compris ceux dits masculins, organisation de la "
                "garde des enfants et sport. Les séances ont lieu pendant les horaires "
                "d'école.",
            ),
            rythmes=(Rythme(9, 8), Rythme(12, 8)),
            publics=(("femmes",),),
            publics_precisions="Femmes éloignées de l'emploi, dont mères isolées",
            mobilisation="prescription",
            portee="departement",
        ),
    ),
)

VIOLENCES = Porteur(
    cle="ecoute-familles",
    noms=("Espace d'écoute et d'information des familles {de_commune} (démo)",),
    descriptions=(
        "Association d'information sur les droits des femmes et des familles, d'écoute et "
        "d'accompagnement des victimes de violences.",
    ),
    horaires=("Mo-Fr 09:00-12:30,13:30-17:30",),
    offres=(
        Offre(
            cle="ecoute-violences",
            noms=("Écoute et accompagnement des victimes de violences conjugales",),
            type="accompagnement",
            thematiques=(
                "famille--surmonter-conflits-separation-violence",
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            ),
            descriptions=(
                "Une écoute confidentielle, une information sur vos droits (plainte, "
                "ordonnance de protection, logement, garde des enfants) et un accompagnement "
                "dans les démarches, à votre rythme. En cas de danger immédiat, appelez le 17.",
            ),
            rythmes=(Rythme(1.5, 12),),
            horaires=("Mo-Fr 09:00-12:30,13:30-17:30",),
            publics=(("femmes",), TOUS),
            mobilisation="rendez-vous",
            portee="departement",
        ),
        Offre(
            cle="information-juridique-famille",
            noms=("Information juridique : droit de la famille et discriminations",),
            type="information",
            thematiques=(
                "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination",
                "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
            ),
            descriptions=(
                "Divorce, pension alimentaire, autorité parentale, discrimination à l'embauche "
                "ou au logement : une juriste vous explique vos droits et les recours "
                "possibles, gratuitement et en toute confidentialité.",
            ),
            horaires=("Tu 14:00-17:00", "Mo 09:00-12:00"),
            mobilisation="rendez-vous",
        ),
        Offre(
            cle="groupe-de-parole-femmes",
            noms=("Groupe de parole pour femmes",),
            type="atelier",
            thematiques=(
                "remobilisation--bien-etre-confiance-en-soi",
                "famille--surmonter-conflits-separation-violence",
            ),
            descriptions=(
                "Un groupe animé par une psychologue pour les femmes qui ont vécu des "
                "violences ou une séparation difficile : reprendre confiance, rompre "
                "l'isolement, se projeter. La garde des enfants peut être organisée pendant "
                "les séances.",
            ),
            rythmes=(Rythme(2, 10),),
            publics=(("femmes",),),
            mobilisation="rendez-vous",
        ),
    ),
)

JEUNES = Porteur(
    cle="accueil-jeunes",
    noms=("Point accueil jeunes {de_commune} (démo)",),
    descriptions=(
        "Lieu d'accueil et d'accompagnement pour les jeunes de 16 à 25 ans sans solution : "
        "écoute, logement, santé, projet professionnel.",
    ),
    horaires=("Mo-Fr 10:00-12:30,13:30-18:30", "Tu-Sa 13:30-19:00"),
    reseaux=("reseau-information-jeunesse",),
    offres=(
        Offre(
            cle="accompagnement-proximite-jeunes",
            noms=("Accompagnement de proximité des jeunes", "Coach jeunesse"),
            type="accompagnement",
            thematiques=(
                "remobilisation--lien-social",
                "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
            ),
            descriptions=(
                "Un éducateur va à la rencontre des jeunes là où ils sont (quartier, réseaux "
                "sociaux, événements) et les accompagne à leur rythme : retrouver confiance, "
                "régler une urgence, puis construire un projet de formation ou d'emploi.",
            ),
            rythmes=(Rythme(3, 12), Rythme(2, 26)),
            publics=(("jeunes",),),
            publics_precisions="Jeunes de 16 à 25 ans sans emploi ni formation",
            mobilisation="libre",
        ),
        Offre(
            cle="logement-jeunes",
            noms=("Aide à l'accès au logement des jeunes",),
            type="accompagnement",
            thematiques=(
                "logement-hebergement--louer-un-logement",
                "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
            ),
            descriptions=(
                "Premier logement, colocation, foyer de jeunes travailleurs, garantie Visale : "
                "une conseillère aide les jeunes à trouver une solution adaptée à leurs "
                "ressources et les accompagne jusqu'à l'entrée dans les lieux.",
            ),
            horaires=("We 14:00-18:00",),
            publics=(("jeunes",),),
            mobilisation="rendez-vous",
        ),
        Offre(
            cle="aide-urgence-jeunes",
            noms=("Aide financière d'urgence pour les jeunes",),
            type="aide-financiere",
            thematiques=(
                "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
                "equipement-et-alimentation--alimentation",
            ),
            descriptions=(
                "Une aide ponctuelle pour faire face à une urgence (alimentation, transport "
                "pour un entretien, facture) ou pour financer le démarrage d'un projet "
                "(équipement de travail, dépôt de garantie). La demande est présentée par un "
                "professionnel qui accompagne le jeune.",
            ),
            publics=(("jeunes",),),
            conditions_acces="Avoir entre 18 et 25 ans et être accompagné par un professionnel.",
            mobilisation="prescription",
            portee="departement",
        ),
    ),
)

PORTEURS: dict[str, Porteur] = {
    p.cle: p
    for p in (
        PLATEFORME_MOBILITE,
        AUTO_ECOLE_SOCIALE,
        GARAGE_SOLIDAIRE,
        CRECHE_AVIP,
        PETITE_ENFANCE,
        SAVOIRS_DE_BASE,
        NUMERIQUE,
        ACCES_AUX_DROITS,
        SANTE,
        ADDICTIONS,
        SANTE_MENTALE_EMPLOI,
        LOGEMENT,
        BUDGET,
        EPICERIE,
        CENTRE_SOCIAL,
        SPORT,
        REMOBILISATION,
        CHANTIER,
        EMPLOI,
        CREATION,
        FORMATION,
        ACCOMPAGNEMENT_EMPLOI,
        VIOLENCES,
        JEUNES,
    )
}

# ---------------------------------------------------------------------------------------------
# Where: communes chosen by INSEE code (names, postal codes, EPCI come from the COG at run time)
# ---------------------------------------------------------------------------------------------

#: Approximate centre (latitude, longitude) of the chosen communes, rounded by hand from public
#: maps; precise enough for a 50 km search radius, not for routing.
CENTRES: dict[str, tuple[float, float]] = {
    "62498": (50.432, 2.833),  # Lens
    "62510": (50.423, 2.779),  # Liévin
    "62427": (50.422, 2.951),  # Hénin-Beaumont
    "62041": (50.291, 2.777),  # Arras
    "62193": (50.951, 1.859),  # Calais
    "62160": (50.726, 1.614),  # Boulogne-sur-Mer
    "62119": (50.530, 2.641),  # Béthune
    "35238": (48.117, -1.678),  # Rennes
    "35288": (48.649, -2.026),  # Saint-Malo
    "35115": (48.352, -1.199),  # Fougères
    "35360": (48.124, -1.209),  # Vitré
    "35236": (47.651, -2.084),  # Redon
    "48095": (44.518, 3.501),  # Mende
    "48092": (44.554, 3.291),  # Marvejols
    "48061": (44.324, 3.593),  # Florac Trois Rivières
    "48080": (44.727, 3.855),  # Langogne
    "48140": (44.802, 3.276),  # Saint-Chély-d'Apcher
}

LENS, LIEVIN, HENIN, ARRAS = "62498", "62510", "62427", "62041"
CALAIS, BOULOGNE, BETHUNE = "62193", "62160", "62119"
RENNES, SAINT_MALO, FOUGERES, VITRE, REDON = "35238", "35288", "35115", "35360", "35236"
MENDE, MARVEJOLS, FLORAC, LANGOGNE, SAINT_CHELY = "48095", "48092", "48061", "48080", "48140"

IMPLANTATIONS: dict[str, tuple[Implantation, ...]] = {
    "62": (
        Implantation("plateforme-mobilite", LENS, (LIEVIN, HENIN)),
        Implantation("plateforme-mobilite", CALAIS, (BOULOGNE,)),
        Implantation("auto-ecole-sociale", ARRAS, (BETHUNE,)),
        Implantation("garage-solidaire", HENIN, (LENS,)),
        Implantation("creche-avip", LENS),
        Implantation("creche-avip", CALAIS),
        Implantation("petite-enfance", BETHUNE, (ARRAS,)),
        Implantation("savoirs-de-base", LENS, (LIEVIN,)),
        Implantation("savoirs-de-base", CALAIS, (BOULOGNE,)),
        Implantation("numerique", LIEVIN, (LENS, HENIN)),
        Implantation("numerique", BOULOGNE, (CALAIS,)),
        Implantation("acces-aux-droits", HENIN, (LENS, LIEVIN)),
        Implantation("acces-aux-droits", ARRAS, (BETHUNE,)),
        Implantation("sante", LENS, (LIEVIN,)),
        Implantation("sante", BOULOGNE, (CALAIS,)),
        Implantation("addictions", ARRAS),
        Implantation("sante-mentale-emploi", BETHUNE),
        Implantation("logement", ARRAS, (LENS,)),
        Implantation("logement", CALAIS, (BOULOGNE,)),
        Implantation("budget", LENS, (HENIN,)),
        Implantation("epicerie-solidaire", CALAIS),
        Implantation("centre-social", LENS),
        Implantation("centre-social", BOULOGNE),
        Implantation("sport-insertion", LIEVIN),
        Implantation("remobilisation", BETHUNE, (LENS,)),
        Implantation("chantier-insertion", HENIN),
        Implantation("chantier-insertion", CALAIS),
        Implantation("emploi", LENS, (LIEVIN,)),
        Implantation("emploi", ARRAS),
        Implantation("creation-activite", ARRAS, (LENS,)),
        Implantation("formation", BETHUNE),
        Implantation("accompagnement-emploi", LENS, (HENIN,)),
        Implantation("accueil-jeunes", LIEVIN, (LENS,)),
        Implantation("ecoute-familles", ARRAS, (CALAIS,)),
    ),
    "35": (
        Implantation("plateforme-mobilite", RENNES, (VITRE, FOUGERES)),
        Implantation("auto-ecole-sociale", FOUGERES, (VITRE,)),
        Implantation("garage-solidaire", REDON),
        Implantation("creche-avip", RENNES),
        Implantation("petite-enfance", SAINT_MALO, (REDON,)),
        Implantation("savoirs-de-base", RENNES),
        Implantation("savoirs-de-base", SAINT_MALO),
        Implantation("numerique", RENNES, (REDON,)),
        Implantation("acces-aux-droits", RENNES, (SAINT_MALO,)),
        Implantation("acces-aux-droits", FOUGERES),
        Implantation("sante", RENNES, (FOUGERES,)),
        Implantation("addictions", SAINT_MALO),
        Implantation("sante-mentale-emploi", RENNES),
        Implantation("logement", RENNES, (SAINT_MALO,)),
        Implantation("budget", FOUGERES, (VITRE,)),
        Implantation("epicerie-solidaire", REDON),
        Implantation("centre-social", RENNES),
        Implantation("centre-social", FOUGERES),
        Implantation("sport-insertion", SAINT_MALO),
        Implantation("remobilisation", REDON),
        Implantation("chantier-insertion", RENNES),
        Implantation("chantier-insertion", SAINT_MALO),
        Implantation("emploi", RENNES),
        Implantation("emploi", VITRE),
        Implantation("creation-activite", RENNES, (SAINT_MALO, REDON)),
        Implantation("formation", RENNES, (FOUGERES, REDON)),
        Implantation("accompagnement-emploi", SAINT_MALO),
        Implantation("ecoute-familles", RENNES),
        Implantation("accueil-jeunes", RENNES),
    ),
    "48": (
        Implantation("plateforme-mobilite", MENDE, (MARVEJOLS, LANGOGNE, SAINT_CHELY)),
        Implantation("auto-ecole-sociale", MARVEJOLS, (SAINT_CHELY,)),
        Implantation("garage-solidaire", SAINT_CHELY, (FLORAC,)),
        Implantation("creche-avip", MENDE),
        Implantation("petite-enfance", LANGOGNE, (SAINT_CHELY,)),
        Implantation("savoirs-de-base", MENDE, (MARVEJOLS, FLORAC)),
        Implantation("numerique", MENDE, (LANGOGNE, FLORAC)),
        Implantation("acces-aux-droits", MARVEJOLS, (MENDE, SAINT_CHELY)),
        Implantation("sante-mentale-emploi", FLORAC, (LANGOGNE,)),
        Implantation("sante", MENDE, (MARVEJOLS, FLORAC)),
        Implantation("addictions", MENDE),
        Implantation("logement", MENDE, (MARVEJOLS,)),
        Implantation("budget", MENDE, (LANGOGNE, SAINT_CHELY)),
        Implantation("epicerie-solidaire", LANGOGNE),
        Implantation("centre-social", FLORAC),
        Implantation("centre-social", SAINT_CHELY),
        Implantation("sport-insertion", MARVEJOLS),
        Implantation("remobilisation", SAINT_CHELY, (MENDE,)),
        Implantation("chantier-insertion", FLORAC),
        Implantation("chantier-insertion", MENDE),
        Implantation("emploi", MENDE, (MARVEJOLS,)),
        Implantation("creation-activite", MENDE, (FLORAC,)),
        Implantation("formation", MARVEJOLS, (MENDE,)),
        Implantation("accompagnement-emploi", MENDE, (LANGOGNE,)),
        Implantation("ecoute-familles", MENDE),
    ),
}


def verifier() -> None:
    """Fail loudly when a slug is unknown to the schema package or a table is inconsistent."""
    connus = {champ: vocabulaires.valeurs(champ) for champ in vocabulaires.PAR_CHAMP}
    for porteur in PORTEURS.values():
        _verifier_slugs(porteur.cle, "reseaux_porteurs", porteur.reseaux, connus)
        for offre in porteur.offres:
            _verifier_offre(offre, connus)
    for departement, implantations in IMPLANTATIONS.items():
        for implantation in implantations:
            for code in (implantation.commune, *implantation.antennes):
                if code not in CENTRES or not code.startswith(departement):
                    raise ValueError(f"{implantation}: {code} hors de CENTRES ou de {departement}")
            if implantation.porteur not in PORTEURS:
                raise ValueError(f"{implantation}: porteur inconnu")


def _verifier_offre(offre: Offre, connus: dict[str, frozenset[str]]) -> None:
    _verifier_slugs(offre.cle, "type", (offre.type,), connus)
    _verifier_slugs(offre.cle, "thematiques", offre.thematiques, connus)
    for publics in offre.publics:
        _verifier_slugs(offre.cle, "publics", publics, connus)
        if "tous-publics" in publics and len(publics) > 1:
            raise ValueError(f"{offre.cle}: tous-publics doit être seul")
    mobilisation = MOBILISATIONS[offre.mobilisation]
    _verifier_slugs(offre.cle, "modes_mobilisation", mobilisation.modes, connus)
    _verifier_slugs(offre.cle, "mobilisable_par", mobilisation.par, connus)
    if not 1 <= len(offre.thematiques) <= 3:
        raise ValueError(f"{offre.cle}: 1 à 3 thématiques attendues")


def _verifier_slugs(
    ou: str, champ: str, slugs: tuple[str, ...], connus: dict[str, frozenset[str]]
) -> None:
    inconnus = set(slugs) - connus[champ]
    if inconnus:
        raise ValueError(f"{ou}: {champ} inconnus du schéma {sorted(inconnus)}")


verifier()
