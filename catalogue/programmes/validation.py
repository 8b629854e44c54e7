"""What a référent may write into a programme: one function per form, every error naming its field.

Used by the service layer, hence by the pages, the CLI and the JSON import alike. Values may come
typed (JSON, Python) or as form strings: numbers accept a decimal comma, lists a comma-separated
string, dates `AAAA-MM-JJ`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from catalogue.formats import decimal
from catalogue.programmes import heures as h
from catalogue.programmes.erreurs import ErreurChamp, SaisieInvalide
from catalogue.programmes.models import MotifReduction, Parcours
from catalogue.programmes.plan import CIBLE_LEGALE, PLANCHER_REMOBILISATION
from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import territoires, vocabulaires

T = TypeVar("T")

LIBELLE_MAX = 80
LIBELLE_ACTIVITE_MAX = 150
#: 7 digits or more in a row (spaces and dots ignored): a social security number (13-15 digits) or
#: a France Travail identifier (7-8 digits and a letter) has no place in a label
_NUMERO = re.compile(r"\d{7,}")
CIBLE_MIN = 1.0
HEURES_MIN_SAISIE = 0.25


class _Collecte:
    """Reads every field and keeps every error, so a form shows them all at once."""

    def __init__(self) -> None:
        self.erreurs: list[ErreurChamp] = []

    def lire(self, lecteur: Callable[..., T], *args: Any) -> T | None:
        try:
            return lecteur(*args)
        except SaisieInvalide as exc:
            self.erreurs += exc.erreurs
            return None

    def erreur(self, champ: str, message: str) -> None:
        self.erreurs.append(ErreurChamp(champ, message))

    def verifier(self) -> None:
        if self.erreurs:
            raise SaisieInvalide(self.erreurs)


# ------------------------------------------------------------------------------------------------
# Field readers


def _vide(valeur: Any) -> bool:
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


def lire_texte(valeur: Any, champ: str, maximum: int, minimum: int = 1) -> str:
    texte = " ".join(str(valeur).split()) if not _vide(valeur) else ""
    if len(texte) < minimum:
        raise SaisieInvalide.sur(champ, "champ obligatoire" if not texte
                                 else f"au moins {minimum} caractères")
    if len(texte) > maximum:
        raise SaisieInvalide.sur(champ, f"{maximum} caractères au plus ({len(texte)} saisis)")
    return texte


def lire_libelle(valeur: Any, champ: str = "libelle") -> str:
    """A pseudonym: refuses e-mail addresses and long numbers (NIR, identifiant France Travail)."""
    texte = lire_texte(valeur, champ, LIBELLE_MAX)
    if "@" in texte or _NUMERO.search(re.sub(r"[\s.\-/]", "", texte)):
        raise SaisieInvalide.sur(champ, "pas d'adresse ni de numéro (sécurité sociale, identifiant "
                                        "France Travail) : un pseudonyme ou des initiales suffisent")
    return texte


def lire_nombre(valeur: Any, champ: str, minimum: float, maximum: float) -> float:
    try:
        nombre = float(str(valeur).replace(",", ".").strip()) if not isinstance(valeur, bool) else None
    except ValueError:
        nombre = None
    if nombre is None or nombre != nombre:
        raise SaisieInvalide.sur(champ, f"nombre attendu, reçu « {valeur} »")
    if not minimum <= nombre <= maximum:
        raise SaisieInvalide.sur(champ, f"entre {decimal(minimum)} et {decimal(maximum)}")
    return round(nombre, 2)


def lire_entier(valeur: Any, champ: str, minimum: int, maximum: int) -> int:
    try:
        nombre = int(str(valeur).strip()) if not isinstance(valeur, bool | float) else None
    except ValueError:
        nombre = None
    if nombre is None:
        raise SaisieInvalide.sur(champ, f"nombre entier attendu, reçu « {valeur} »")
    if not minimum <= nombre <= maximum:
        raise SaisieInvalide.sur(champ, f"entre {minimum} et {maximum}")
    return nombre


def lire_date(valeur: Any, champ: str) -> dt.date:
    if isinstance(valeur, dt.date) and not isinstance(valeur, dt.datetime):
        return valeur
    try:
        return dt.date.fromisoformat(str(valeur).strip())
    except ValueError:
        raise SaisieInvalide.sur(champ, f"date attendue au format AAAA-MM-JJ, reçu « {valeur} »"
                                 ) from None


def lire_liste(valeur: Any, champ: str, permises: Mapping[str, Any] | frozenset[str]) -> list[str]:
    """Slugs from a list (or a comma-separated string), in order, without repeats."""
    if _vide(valeur):
        return []
    elements = valeur.split(",") if isinstance(valeur, str) else valeur
    if not isinstance(elements, list | tuple):
        raise SaisieInvalide.sur(champ, "liste attendue")
    slugs = [str(e).strip() for e in elements if str(e).strip()]
    inconnus = [s for s in slugs if s not in permises]
    if inconnus:
        raise SaisieInvalide.sur(champ, f"valeur inconnue « {inconnus[0]} »")
    return list(dict.fromkeys(slugs))


def lire_commune(valeur: Any, champ: str = "commune") -> str:
    code = str(valeur).strip().upper() if not _vide(valeur) else ""
    if not code:
        raise SaisieInvalide.sur(champ, "champ obligatoire (code INSEE de la commune)")
    if territoires.commune(code) is None:
        raise SaisieInvalide.sur(champ, f"code INSEE de commune inconnu « {valeur} »")
    return code


def lire_choix(valeur: Any, champ: str, choix: type[Any], defaut: str | None) -> str | None:
    if _vide(valeur):
        return defaut
    permis = [c.value for c in choix]
    if str(valeur) not in permis:
        raise SaisieInvalide.sur(champ, f"valeur inconnue « {valeur} » ({', '.join(permis)})")
    return str(valeur)


# ------------------------------------------------------------------------------------------------
# Programme


def publics_permis() -> frozenset[str]:
    """A person's publics: every v1 public except `tous-publics`, which describes offers."""
    return vocabulaires.valeurs("publics") - {vocabulaires.TOUS_PUBLICS}


def valider_programme(donnees: Mapping[str, Any]) -> dict[str, Any]:
    """Column values of a `Programme`, or `SaisieInvalide` listing every wrong field."""
    c = _Collecte()
    valeurs: dict[str, Any] = {
        "libelle": c.lire(lire_libelle, donnees.get("libelle")),
        "code_commune": c.lire(lire_commune, donnees.get("commune")),
        "publics": c.lire(lire_liste, donnees.get("publics"), "publics", publics_permis()) or [],
        "freins": c.lire(lire_liste, donnees.get("freins"), "freins", ref_freins.PAR_SLUG) or [],
        "debut": c.lire(lire_date, donnees.get("debut"), "debut"),
        "nombre_semaines": c.lire(lire_entier, _ou(donnees.get("nombre_semaines"), 26),
                                  "nombre_semaines", 1, h.SEMAINES_MAX),
        "indisponibilites": [x.as_dict() for x in c.lire(
            h.lire_creneaux, donnees.get("indisponibilites"), "indisponibilites", True) or ()],
    }
    ailleurs = c.lire(lire_liste, donnees.get("freins_ailleurs"), "freins_ailleurs",
                      ref_freins.PAR_SLUG) or []
    hors = [f for f in ailleurs if f not in valeurs["freins"]]
    if hors:
        c.erreur("freins_ailleurs", f"« {hors[0]} » n'est pas parmi les freins de la personne")
    valeurs["freins_ailleurs"] = ailleurs
    valeurs.update(_cible(c, donnees))
    c.verifier()
    return valeurs


def _ou(valeur: Any, defaut: Any) -> Any:
    return defaut if _vide(valeur) else valeur


def _cible(c: _Collecte, donnees: Mapping[str, Any]) -> dict[str, Any]:
    """15 h unless reduced for a recorded reason; a remobilisation path never below 7 h."""
    parcours = c.lire(lire_choix, donnees.get("parcours"), "parcours", Parcours,
                      Parcours.SOCIO_PROFESSIONNEL.value)
    cible = c.lire(lire_nombre, _ou(donnees.get("cible_heures"), CIBLE_LEGALE), "cible_heures",
                   CIBLE_MIN, h.HEURES_MAX_SEMAINE)
    motif = c.lire(lire_choix, donnees.get("motif_reduction"), "motif_reduction", MotifReduction, None)
    if cible is not None and cible < CIBLE_LEGALE:
        if motif is None:
            c.erreur("motif_reduction", f"un objectif inférieur à {CIBLE_LEGALE:g} h demande un motif "
                                        "(santé, handicap, parent isolé sans garde, autre)")
        if parcours == Parcours.REMOBILISATION_SOCIALE.value and cible < PLANCHER_REMOBILISATION:
            c.erreur("cible_heures", f"{PLANCHER_REMOBILISATION:g} h au moins en remobilisation "
                                     "sociale")
    else:
        motif = None  # no reduction, no reason to keep
    return {"parcours": parcours, "cible_heures": cible, "motif_reduction": motif}


# ------------------------------------------------------------------------------------------------
# Activity


def valider_activite(donnees: Mapping[str, Any], offre: Mapping[str, Any] | None,
                     debut_programme: dt.date, nombre_semaines: int) -> dict[str, Any]:
    """Column values of an `Activite`. `offre` is the offer's v1 fields, None for a free activity."""
    c = _Collecte()
    creneaux = c.lire(h.lire_creneaux, donnees.get("creneaux"), "creneaux") or ()
    debut = c.lire(lire_entier, _ou(donnees.get("semaine_debut"), 1), "semaine_debut", 1,
                   nombre_semaines)
    fin = None
    if not _vide(donnees.get("semaine_fin")):
        fin = c.lire(lire_entier, donnees.get("semaine_fin"), "semaine_fin", debut or 1,
                     nombre_semaines)
    saisies = None
    if not _vide(donnees.get("heures_saisies")):
        saisies = c.lire(lire_nombre, donnees.get("heures_saisies"), "heures_saisies",
                         HEURES_MIN_SAISIE, h.HEURES_MAX_SEMAINE)
    valeurs = {"creneaux": [x.as_dict() for x in creneaux], "semaine_debut": debut,
               "semaine_fin": fin, "heures_saisies": saisies}
    if offre is None:
        valeurs.update(_activite_libre(c, donnees, creneaux, saisies))
    else:
        valeurs.update(_activite_offre(c, offre, saisies))
        if debut is not None:
            semaines = h.semaines_actives(debut, fin, offre.get("nombre_semaines"), nombre_semaines)
            _dans_horaires(c, offre.get("horaires_accueil"), creneaux, debut_programme, semaines)
    c.verifier()
    return valeurs


def _activite_libre(c: _Collecte, donnees: Mapping[str, Any], creneaux: tuple[h.Creneau, ...],
                    saisies: float | None) -> dict[str, Any]:
    if not creneaux and saisies is None:
        c.erreur("heures_saisies", "indiquez des créneaux ou un nombre d'heures par semaine")
    return {
        "offer_id": None,
        "libelle": c.lire(lire_texte, donnees.get("libelle"), "libelle", LIBELLE_ACTIVITE_MAX, 3),
        "freins": c.lire(lire_liste, donnees.get("freins"), "freins", ref_freins.PAR_SLUG) or [],
    }


def _activite_offre(c: _Collecte, offre: Mapping[str, Any], saisies: float | None) -> dict[str, Any]:
    volume = offre.get("volume_horaire_hebdomadaire")
    if saisies is not None and volume is not None:
        c.erreur("heures_saisies", f"l'offre indique déjà {h.duree_lisible(volume)} par semaine : "
                                   "choisissez plutôt des créneaux")
    return {"offer_id": str(offre["id"]), "libelle": None, "freins": []}


def _dans_horaires(c: _Collecte, horaires: str | None, creneaux: tuple[h.Creneau, ...],
                   debut_programme: dt.date, semaines: range) -> None:
    """A slot must be inside the offer's opening hours at least in some of its weeks (the checks
    then flag the weeks where it is not); without readable opening hours, any slot goes."""
    if not horaires or not h.horaires_lisibles(horaires) or not semaines:
        return
    for i, creneau in enumerate(creneaux):
        hors = h.semaines_hors_horaires(creneau, horaires, debut_programme, semaines)
        if len(hors) == len(semaines):
            ouvert = h.ouvertures(horaires, h.debut_semaine(debut_programme, semaines.start))
            c.erreur(f"creneaux[{i}]", f"{creneau.court()} est en dehors des horaires d'accueil de "
                                       f"l'offre ({h.decrire_ouvertures(ouvert or ())})")
