"""The fictional demo catalogue: structures and services in data·inclusion v1 shape.

`generer_catalogue()` turns the templates of `catalogue.demo.modeles` into plain, JSON-ready
dicts. Everything is fictional and says so: `source` is "demo", ids start with `demo--`, every
structure name ends with "(démo)" and its description starts with "Structure fictive de
démonstration.", every service description ends with a sentence saying the offer is fictive,
e-mails are at `exemple.org`, and no record links to a website.

Phone numbers are taken from 01 99 00 00 00 - 01 99 00 99 99, a range the ARCEP (the French
telecoms regulator) reserves for fiction: no line can ever be assigned there.

Commune names, postal codes and EPCI come from `catalogue.referentiels.territoires` at run time;
only the choice of communes (by INSEE code) and their approximate centres are ours.

Deterministic: every record draws from its own `random.Random` seeded with its id, so the output
depends only on the templates and on `aujourdhui` (date_maj values go back at most ~20 months).

    python -m catalogue.demo.generateur --out demo.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from catalogue.demo.modeles import (
    CENTRES,
    IMPLANTATIONS,
    MOBILISATIONS,
    PORTEURS,
    Implantation,
    Offre,
    Portee,
    Porteur,
    Rythme,
)
from catalogue.referentiels import territoires
from catalogue.texte import normaliser

SOURCE = "demo"
DOMAINE_COURRIEL = "exemple.org"
#: ARCEP range reserved for fiction (01 99 00 00 00 to 01 99 00 99 99)
PREFIXE_TELEPHONE = "01 99 00"
#: date_maj goes back at most this many days from `aujourdhui` (~20 months)
ANCIENNETE_MAX_JOURS = 600
#: share of services without their own opening hours (the structure's apply)
PART_SANS_HORAIRES = 0.05

Enregistrement = dict[str, Any]

RUES = (
    "rue de l'Entraide",
    "allée des Passerelles",
    "place du Tremplin",
    "rue du Fil-Rouge",
    "avenue des Possibles",
    "chemin des Boussoles",
    "rue de la Ruche",
    "quai des Savoirs",
    "impasse de l'Escale",
    "rue des Coopérateurs",
    "boulevard de l'Horizon",
    "allée des Ateliers",
    "place de la Rencontre",
    "rue du Lien",
    "rue des Bâtisseurs",
    "cours de la Solidarité",
)
COMPLEMENTS = ("Bâtiment B", "Rez-de-chaussée", "1er étage", "Entrée par la cour", "Salle 2")
PRENOMS = (
    "Camille", "Nadia", "Karim", "Sophie", "Yannick", "Inès", "Thomas", "Léa", "Mehdi",
    "Isabelle", "Gwenaëlle", "Julien", "Fatou", "Pierre", "Élodie", "Rachid",
)  # fmt: skip
NOMS_DE_FAMILLE = (
    "Morel", "Benali", "Le Goff", "Dubreuil", "Carpentier", "Roussel", "Vasseur", "Guérin",
    "Boyer", "Lemaire", "Hamon", "Chevalier", "Da Silva", "Fabre", "Rouvière", "Traoré",
)  # fmt: skip

#: sentences for activities (services with weekly hours): sessions somewhere, a group
PHRASES_LIEU_ACTIVITE = (
    "L'action se déroule {a_commune}, dans des locaux accessibles aux personnes à mobilité "
    "réduite.",
    "Rendez-vous {a_commune} ; l'adresse exacte est rappelée au moment de l'inscription.",
    "Les séances ont lieu {a_commune}. Une aide au transport peut être étudiée pour les "
    "personnes qui habitent loin.",
    "Le lieu d'accueil est situé {a_commune} ; l'équipe peut aussi intervenir dans les communes "
    "voisines si un groupe se constitue.",
)
PHRASES_PRATIQUES_ACTIVITE = (
    "Un premier échange permet de vérifier que l'action correspond à vos besoins.",
    "Une attestation de présence est remise à chaque participant, utile pour le suivi du "
    "contrat d'engagement.",
    "Avec l'accord de la personne, le référent de parcours est tenu informé de sa participation.",
    "Les horaires tiennent compte des parents qui déposent leurs enfants à l'école.",
    "Un interprète peut être présent sur demande, en prévenant quelques jours avant.",
    "Les personnes en situation de handicap sont les bienvenues ; signalez-nous vos besoins "
    "d'aménagement.",
)
#: sentences for the other services (aides, permanences, information)
PHRASES_LIEU_ACCUEIL = (
    "Accueil {a_commune}, à quelques minutes à pied d'un arrêt de bus.",
    "Les locaux, situés {a_commune}, sont accessibles aux personnes à mobilité réduite.",
    "Le service est rendu {a_commune} ; une visite à domicile reste possible si la personne ne "
    "peut pas se déplacer.",
)
PHRASES_PRATIQUES_ACCUEIL = (
    "Pensez à apporter une pièce d'identité et vos derniers justificatifs de ressources.",
    "Un professionnel peut faire la demande à la place de la personne, avec son accord.",
    "Un interprète peut être présent sur demande, en prévenant quelques jours avant.",
    "Les personnes en situation de handicap sont les bienvenues ; signalez-nous vos besoins "
    "d'aménagement.",
)
#: only for offers open without prerequisite nor prescription
PHRASE_SANS_PREREQUIS = "Il n'y a pas de prérequis : on peut venir sans rien préparer."
PHRASE_DISTANCE = (
    "Le service se fait à distance, par téléphone ou en visioconférence : pas besoin de se "
    "déplacer."
)
MENTIONS_FICTIVES = (
    "Offre fictive, créée pour la démonstration du catalogue.",
    "Cette offre est fictive : elle sert uniquement à la démonstration.",
    "Donnée de démonstration : cette offre n'existe pas.",
)

JOURS_PAR_NOMBRE: dict[int, tuple[str, ...]] = {
    1: ("Mo", "Tu", "We", "Th", "Fr"),
    2: ("Mo,Th", "Tu,Th", "Tu,Fr", "Mo,We"),
    3: ("Mo,We,Fr", "Mo-We", "Tu-Th"),
    4: ("Mo-Th", "Mo,Tu,Th,Fr"),
    5: ("Mo-Fr",),
}
#: minutes per session above which a day is split into a morning and an afternoon
MAX_SEANCE = 210
#: a full day at most: 09:00-12:00 then 13:30-18:00
MAX_JOURNEE = 450


@dataclass(frozen=True)
class Lieu:
    """A chosen commune: COG data plus our approximate centre."""

    code: str
    nom: str
    code_postal: str
    departement: str
    epci: str | None
    latitude: float
    longitude: float


# --- public API ------------------------------------------------------------------------------


def generer_catalogue(aujourdhui: datetime.date | None = None) -> dict[str, list[Enregistrement]]:
    """The whole demo catalogue: `{"structures": [...], "services": [...]}`.

    `aujourdhui` (default: today) anchors every `date_maj`; none is later than it. The v1 schema
    rejects dates after the real today, so pass a past date, not a future one.
    """
    jour = aujourdhui or datetime.date.today()
    structures: list[Enregistrement] = []
    services: list[Enregistrement] = []
    numero = 0
    for departement in sorted(IMPLANTATIONS):
        vus: dict[str, int] = {}
        for implantation in IMPLANTATIONS[departement]:
            numero += 1
            rang = vus.get(implantation.porteur, 0)
            vus[implantation.porteur] = rang + 1
            structure = _structure(implantation, rang, numero, jour)
            structures.append(structure)
            services.extend(_services(implantation, structure, numero, jour))
    return {"structures": structures, "services": services}


# --- lieux -----------------------------------------------------------------------------------


@cache
def lieu(code: str) -> Lieu:
    """A chosen commune, read from the territories module."""
    commune = territoires.commune(code)
    if commune is None:
        raise LookupError(f"Commune {code} absente du référentiel des territoires")
    latitude, longitude = CENTRES[code]
    return Lieu(
        code=commune.code,
        nom=commune.nom,
        code_postal=commune.codes_postaux[0],
        departement=commune.departement,
        epci=commune.epci,
        latitude=latitude,
        longitude=longitude,
    )


def _elide(nom: str) -> bool:
    return normaliser(nom[:1]) in ("a", "e", "i", "o", "u", "y", "h")


def de(nom: str) -> str:
    """`de Lens`, `d'Arras`, `d'Hénin-Beaumont`, `du Havre`."""
    for article, contraction in (("Le ", "du "), ("Les ", "des ")):
        if nom.startswith(article):
            return contraction + nom[len(article) :]
    return f"d'{nom}" if _elide(nom) else f"de {nom}"


def a(nom: str) -> str:
    """`à Lens`, `au Havre`, `aux Mées`."""
    for article, contraction in (("Le ", "au "), ("Les ", "aux ")):
        if nom.startswith(article):
            return contraction + nom[len(article) :]
    return f"à {nom}"


def enumeration(mots: Sequence[str]) -> str:
    """`Lens, Liévin et Arras`."""
    if len(mots) <= 1:
        return "".join(mots)
    return f"{', '.join(mots[:-1])} et {mots[-1]}"


def _slug(texte: str) -> str:
    return normaliser(texte).replace(" ", "-")


def _contexte(site: Lieu, structure_nom: str) -> dict[str, str]:
    return {
        "commune": site.nom,
        "a_commune": a(site.nom),
        "de_commune": de(site.nom),
        "structure": structure_nom,
    }


def _adresse(rng: random.Random, site: Lieu) -> Enregistrement:
    """Fictional street in a real commune, coordinates jittered around its approximate centre."""
    return {
        "adresse": f"{rng.randint(1, 120)} {rng.choice(RUES)}",
        "complement_adresse": rng.choice(COMPLEMENTS) if rng.random() < 0.3 else None,
        "commune": site.nom,
        "code_postal": site.code_postal,
        "code_insee": site.code,
        "latitude": round(site.latitude + rng.uniform(-0.006, 0.006), 5),
        "longitude": round(site.longitude + rng.uniform(-0.008, 0.008), 5),
    }


def _date_maj(rng: random.Random, aujourdhui: datetime.date) -> str:
    jours = rng.randint(0, ANCIENNETE_MAX_JOURS)
    return (aujourdhui - datetime.timedelta(days=jours)).isoformat()


def _telephone(numero: int, poste: int) -> str:
    """`01 99 00 NN PP`: NN the structure, PP 00 for its switchboard or a service's line."""
    if not 0 <= numero <= 99 or not 0 <= poste <= 99:
        raise ValueError("numéro hors de la plage réservée à la fiction")
    return f"{PREFIXE_TELEPHONE} {numero:02d} {poste:02d}"


def _rng(identifiant: str) -> random.Random:
    # a str seed is hashed with SHA-512: stable across runs and PYTHONHASHSEED values
    return random.Random(f"{SOURCE}:{identifiant}")


# --- structures ------------------------------------------------------------------------------


def _identifiant_structure(implantation: Implantation) -> str:
    return f"{SOURCE}--{implantation.porteur}-{implantation.commune}"


def _structure(
    implantation: Implantation, rang: int, numero: int, aujourdhui: datetime.date
) -> Enregistrement:
    porteur = PORTEURS[implantation.porteur]
    identifiant = _identifiant_structure(implantation)
    rng = _rng(identifiant)
    site = lieu(implantation.commune)
    nom = porteur.noms[rang % len(porteur.noms)].format_map(_contexte(site, ""))
    return {
        "source": SOURCE,
        "id": identifiant,
        "nom": nom,
        "date_maj": _date_maj(rng, aujourdhui),
        "description": _description_structure(porteur, implantation, rang),
        "lien_source": None,
        "siret": None,
        **_adresse(rng, site),
        "telephone": _telephone(numero, 0),
        "courriel": f"{_slug(porteur.cle + ' ' + site.nom)}@{DOMAINE_COURRIEL}",
        "site_web": None,
        "horaires_accueil": rng.choice(porteur.horaires),
        "accessibilite_lieu": None,
        "reseaux_porteurs": _reseaux(porteur, rng),
    }


def _reseaux(porteur: Porteur, rng: random.Random) -> list[str] | None:
    """Most structures of a kind declare its networks; some leave the field empty."""
    return sorted(porteur.reseaux) if porteur.reseaux and rng.random() < 0.7 else None


def _description_structure(porteur: Porteur, implantation: Implantation, rang: int) -> str:
    site = lieu(implantation.commune)
    presence = f"Elle accueille le public {a(site.nom)}"
    if implantation.antennes:
        autres = [lieu(code).nom for code in implantation.antennes]
        presence += f" et intervient aussi {a(enumeration(autres))}"
    return " ".join(
        (
            "Structure fictive de démonstration.",
            porteur.descriptions[rang % len(porteur.descriptions)],
            presence + ".",
            "Son nom, son adresse et ses coordonnées sont inventés.",
        )
    )


# --- services --------------------------------------------------------------------------------


def _services(
    implantation: Implantation, structure: Enregistrement, numero: int, aujourdhui: datetime.date
) -> list[Enregistrement]:
    porteur = PORTEURS[implantation.porteur]
    rng = _rng(structure["id"] + ":offres")
    services = []
    for poste, offre in enumerate(porteur.offres, start=1):
        # the first offer of a kind always runs; each other one is dropped now and then, so two
        # structures of the same kind do not list exactly the same services
        if poste > 1 and rng.random() < 0.15:
            continue
        services += [
            _service(offre, implantation, structure, site, (numero, poste), aujourdhui)
            for site in _sites(implantation, offre, rng)
        ]
    return services


def _sites(implantation: Implantation, offre: Offre, rng: random.Random) -> list[Lieu]:
    """Where an offer runs: every commune of the structure for a permanence, else one of them."""
    codes = (implantation.commune, *implantation.antennes)
    if offre.par_antenne:
        return [lieu(code) for code in codes]
    if implantation.antennes and rng.random() < 0.3:
        return [lieu(rng.choice(implantation.antennes))]
    return [lieu(implantation.commune)]


def _identifiant_service(implantation: Implantation, offre: Offre, site: Lieu) -> str:
    identifiant = f"{_identifiant_structure(implantation)}-{offre.cle}"
    return identifiant if site.code == implantation.commune else f"{identifiant}-{site.code}"


def _service(
    offre: Offre,
    implantation: Implantation,
    structure: Enregistrement,
    site: Lieu,
    numeros: tuple[int, int],
    aujourdhui: datetime.date,
) -> Enregistrement:
    identifiant = _identifiant_service(implantation, offre, site)
    rng = _rng(identifiant)
    rythme = rng.choice(offre.rythmes) if offre.rythmes else None
    nom = rng.choice(offre.noms)
    if offre.par_antenne and implantation.antennes:
        nom = f"{nom} {a(site.nom)}"
    return {
        "source": SOURCE,
        "structure_id": structure["id"],
        "id": identifiant,
        "nom": nom,
        "description": _description_service(offre, rythme, site, structure["nom"], rng),
        "lien_source": None,
        "date_maj": _date_maj(rng, aujourdhui),
        "type": offre.type,
        "thematiques": list(offre.thematiques),
        "frais": "payant" if offre.payant else "gratuit",
        "frais_precisions": offre.payant,
        "publics": list(rng.choice(offre.publics)),
        "publics_precisions": offre.publics_precisions,
        "conditions_acces": offre.conditions_acces,
        **_adresse(rng, site),
        **_contact(rng, structure, offre, site, numeros),
        "modes_accueil": _modes_accueil(offre, rng),
        "zone_eligibilite": _zone(offre, implantation, site, rng),
        "lien_mobilisation": None,
        **_mobilisation(offre, rng),
        "volume_horaire_hebdomadaire": float(rythme.volume) if rythme else None,
        "nombre_semaines": rythme.semaines if rythme else None,
        "horaires_accueil": _horaires(offre, rythme, rng),
    }


def _contact(
    rng: random.Random,
    structure: Enregistrement,
    offre: Offre,
    site: Lieu,
    numeros: tuple[int, int],
) -> Enregistrement:
    """A service line and address for some services, the structure's for the others."""
    if rng.random() < 0.4:
        telephone = _telephone(*numeros)
        courriel = f"{offre.cle}.{_slug(site.nom)}@{DOMAINE_COURRIEL}"
    else:
        telephone, courriel = structure["telephone"], structure["courriel"]
    return {
        "telephone": telephone,
        "courriel": courriel,
        "contact_nom_prenom": (
            f"{rng.choice(PRENOMS)} {rng.choice(NOMS_DE_FAMILLE)}" if rng.random() < 0.35 else None
        ),
    }


def _modes_accueil(offre: Offre, rng: random.Random) -> list[str]:
    accueil = offre.accueil
    if accueil == "presentiel" and offre.type == "accompagnement" and rng.random() < 0.15:
        accueil = "mixte"
    return {
        "presentiel": ["en-presentiel"],
        "distance": ["a-distance"],
        "mixte": ["a-distance", "en-presentiel"],
    }[accueil]


def _mobilisation(offre: Offre, rng: random.Random) -> Enregistrement:
    mobilisation = MOBILISATIONS[offre.mobilisation]
    return {
        "modes_mobilisation": list(mobilisation.modes),
        "mobilisable_par": list(mobilisation.par),
        "mobilisation_precisions": rng.choice(mobilisation.precisions),
    }


# --- zone d'éligibilité ----------------------------------------------------------------------

_ELARGIE: dict[Portee, Portee] = {
    "commune": "epci",
    "epci": "departement",
    "departement": "departement",
    "france": "france",
}


def _zone(offre: Offre, implantation: Implantation, site: Lieu, rng: random.Random) -> list[str]:
    """Commune codes, EPCI SIREN, département code or `france`, from the offer's reach.

    One offer in five reaches one level wider than its template says, so the catalogue mixes
    every kind of code."""
    portee = _ELARGIE[offre.portee] if rng.random() < 0.2 else offre.portee
    if portee == "france":
        return ["france"]
    if portee == "departement":
        return [site.departement]
    codes = (implantation.commune, *implantation.antennes)
    sites = [site] if offre.par_antenne else [lieu(code) for code in codes]
    if portee == "commune":
        return list(dict.fromkeys(s.code for s in sites))
    epcis = [s.epci for s in sites if s.epci]
    return list(dict.fromkeys(epcis)) or [site.departement]


# --- horaires --------------------------------------------------------------------------------


def _horaires(offre: Offre, rythme: Rythme | None, rng: random.Random) -> str | None:
    if rng.random() < PART_SANS_HORAIRES:
        return None
    if offre.horaires:
        return rng.choice(offre.horaires)
    if rythme is not None:
        return creneaux(rythme.volume, rng)
    return None


def creneaux(volume: float, rng: random.Random) -> str:
    """Weekly sessions in OSM opening_hours syntax totalling exactly `volume` hours.

    `creneaux(6, rng)` gives e.g. `Tu,Th 09:00-12:00`; `creneaux(26, rng)` `Mo-Th 09:00-12:00,
    13:30-17:00`."""
    minutes = round(volume * 60)
    jours = _nombre_de_jours(minutes)
    plage = _plage(minutes // jours, rng)
    suffixe = "; PH off" if rng.random() < 0.3 else ""
    return f"{rng.choice(JOURS_PAR_NOMBRE[jours])} {plage}{suffixe}"


def _nombre_de_jours(minutes: int) -> int:
    """The fewest days (preferring 1 for a short session) that split the hours into quarter
    hours and fit in a day."""
    if minutes <= MAX_SEANCE:
        preferes: tuple[int, ...] = (1,)
    elif minutes <= 2 * MAX_SEANCE:
        preferes = (2, 1)
    elif minutes <= 15 * 60:
        preferes = (3, 4, 2, 5)
    else:
        preferes = (4, 5, 3)
    for jours in preferes:
        par_jour = minutes / jours
        if par_jour.is_integer() and par_jour % 15 == 0 and par_jour <= MAX_JOURNEE:
            return jours
    raise ValueError(f"{minutes} minutes ne se répartissent pas en créneaux d'un quart d'heure")


def _plage(minutes: int, rng: random.Random) -> str:
    """One day's opening: a single session, or a morning and an afternoon."""
    if minutes <= MAX_SEANCE:
        debut = rng.choice((9 * 60, 9 * 60 + 30, 13 * 60 + 30, 14 * 60))
        return _intervalle(debut, debut + minutes)
    matin, apres_midi = 9 * 60, 13 * 60 + 30
    duree_matin = 180
    fin = apres_midi + minutes - duree_matin
    return f"{_intervalle(matin, matin + duree_matin)},{_intervalle(apres_midi, fin)}"


def _intervalle(debut: int, fin: int) -> str:
    return f"{debut // 60:02d}:{debut % 60:02d}-{fin // 60:02d}:{fin % 60:02d}"


# --- descriptions ----------------------------------------------------------------------------


def _description_service(
    offre: Offre, rythme: Rythme | None, site: Lieu, structure_nom: str, rng: random.Random
) -> str:
    """The template's text, then hours, place and practical details in varied wording."""
    contexte = _contexte(site, structure_nom)
    parties = [rng.choice(offre.descriptions).format_map(contexte)]
    if rythme is not None:
        parties.append(phrase_rythme(rythme, rng))
    lieux, pratiques = _phrases(offre, activite=rythme is not None)
    if offre.accueil == "distance":
        parties.append(PHRASE_DISTANCE)
    elif rng.random() < 0.7:
        parties.append(rng.choice(lieux).format_map(contexte))
    if rng.random() < 0.5:
        parties.append(rng.choice(pratiques))
    parties.append(rng.choice(MENTIONS_FICTIVES))
    return "\n\n".join(parties)


def _phrases(offre: Offre, activite: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Place and practical sentences that cannot contradict the offer."""
    if not activite:
        return PHRASES_LIEU_ACCUEIL, PHRASES_PRATIQUES_ACCUEIL
    pratiques: tuple[str, ...] = PHRASES_PRATIQUES_ACTIVITE
    if offre.conditions_acces is None and offre.mobilisation in ("libre", "inscription"):
        pratiques += (PHRASE_SANS_PREREQUIS,)
    return PHRASES_LIEU_ACTIVITE, pratiques


def heures(volume: float) -> str:
    """`3 h`, `4 h 30`, `1 h 15`."""
    minutes = round(volume * 60)
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


def phrase_rythme(rythme: Rythme, rng: random.Random) -> str:
    """The weekly hours in words, as the référent will read them."""
    h, n = heures(rythme.volume), rythme.semaines
    choix: tuple[str, ...]
    if n == 1 and rythme.volume <= 4:
        choix = (f"Séance unique de {h}.", f"L'atelier dure {h}, en une seule fois.")
    elif n == 1:
        choix = (f"Sur une seule semaine : {h} au total.", f"Durée : une semaine, soit {h}.")
    elif n >= 26:
        choix = (
            f"Activité régulière : {h} par semaine, sans date de fin (le point est fait tous les "
            "six mois).",
            f"Comptez {h} par semaine ; l'activité se poursuit toute l'année.",
            f"{h} chaque semaine, pendant {n} semaines au moins.",
        )
    else:
        total = heures(rythme.volume * n)
        choix = (
            f"Le parcours dure {n} semaines, à raison de {h} par semaine (soit {total} au total).",
            f"Comptez {h} par semaine pendant {n} semaines.",
            f"Durée : {n} semaines, {h} par semaine.",
        )
    return rng.choice(choix)


# --- command line ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m catalogue.demo.generateur",
        description="Écrit le catalogue fictif de démonstration (JSON, schéma data·inclusion v1).",
    )
    parser.add_argument(
        "--out", type=Path, help="fichier JSON à écrire (par défaut : la sortie standard)"
    )
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        help="date de référence des date_maj, AAAA-MM-JJ (par défaut : aujourd'hui)",
    )
    options = parser.parse_args(argv)
    catalogue = generer_catalogue(options.date)
    texte = json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n"
    if options.out is None:
        sys.stdout.write(texte)
    else:
        options.out.write_text(texte, encoding="utf-8")
        print(
            f"{len(catalogue['structures'])} structures et {len(catalogue['services'])} services "
            f"écrits dans {options.out}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
