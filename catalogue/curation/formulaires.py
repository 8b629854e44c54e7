"""The edit forms: what each field is, how a posted form becomes a v1 record, and back.

No rule lives here: a posted form becomes a plain record that `catalogue.validation` checks (the
importers' rules, French messages); problems come back per field (`erreurs_par_champ`) and the form
is shown again with what was typed. Only conveniences are added: the place is typed as a commune
("Lens (62)", a postal code or an INSEE code) and resolved to `code_insee` / `commune`; eligibility
zones may be typed as commune names too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from catalogue.referentiels import territoires, vocabulaires
from catalogue.texte import normaliser


@dataclass(frozen=True)
class Champ:
    nom: str
    libelle: str
    sorte: str = "texte"  # texte, long, nombre, cases, choix, commune, zone, courriel, lien
    aide: str = ""
    obligatoire: bool = False

    @property
    def options(self) -> list[tuple[str, str]]:
        return sorted(vocabulaires.libelles(self.vocabulaire).items(), key=lambda kv: kv[1])

    @property
    def vocabulaire(self) -> str:
        return self.nom


#: the offer form, by section (legend, fields)
SECTIONS_OFFRE: tuple[tuple[str, tuple[Champ, ...]], ...] = (
    ("L'offre", (
        Champ("nom", "Nom de l'offre", obligatoire=True, aide="Entre 3 et 150 caractères."),
        Champ("description", "Description", "long", obligatoire=True,
              aide="Ce que la personne y fera, concrètement ; 200 caractères au moins conseillés."),
        Champ("type", "Type de service", "choix"),
        Champ("thematiques", "Thématiques", "cases"),
    )),
    ("Temps d'activité (15 heures)", (
        Champ("volume_horaire_hebdomadaire", "Heures par semaine", "nombre",
              aide="Atelier unique de 3 h : 3 h pendant 1 semaine ; moins d'une heure : 1."),
        Champ("nombre_semaines", "Nombre de semaines", "nombre"),
        Champ("horaires_accueil", "Horaires", aide="Format OpenStreetMap, par exemple "
              "« Mo-Fr 09:00-12:00; PH off »."),
    )),
    ("Pour qui", (
        Champ("publics", "Publics", "cases"),
        Champ("publics_precisions", "Précisions sur les publics", "long"),
        Champ("conditions_acces", "Conditions d'accès", "long"),
        Champ("frais", "Frais", "choix"),
        Champ("frais_precisions", "Précisions sur les frais", "long"),
    )),
    ("Où", (
        Champ("modes_accueil", "Modes d'accueil", "cases"),
        Champ("adresse", "Adresse"),
        Champ("complement_adresse", "Complément d'adresse"),
        Champ("code_postal", "Code postal"),
        Champ("commune", "Commune", "commune", aide="Nom, code postal ou code INSEE ; par exemple "
              "« Lens (62) »."),
        Champ("zone_eligibilite", "Zone d'éligibilité", "zone", aide="Séparées par des virgules : "
              "communes (« Lens (62) »), intercommunalités (« CA de Lens - Liévin »), départements "
              "(« Pas-de-Calais (62) ») ou « France entière » ; les codes sont acceptés aussi."),
    )),
    ("Comment mobiliser", (
        Champ("modes_mobilisation", "Modes de mobilisation", "cases"),
        Champ("mobilisable_par", "Mobilisable par", "cases"),
        Champ("mobilisation_precisions", "Précisions sur la mobilisation", "long"),
        Champ("lien_mobilisation", "Lien de mobilisation", "lien"),
        Champ("contact_nom_prenom", "Contact (nom et prénom)"),
        Champ("telephone", "Téléphone"),
        Champ("courriel", "Courriel", "courriel"),
    )),
)

SECTIONS_STRUCTURE: tuple[tuple[str, tuple[Champ, ...]], ...] = (
    ("La structure", (
        Champ("nom", "Nom", obligatoire=True),
        Champ("description", "Description", "long"),
        Champ("siret", "SIRET", aide="14 chiffres."),
        Champ("reseaux_porteurs", "Réseaux porteurs", "cases"),
    )),
    ("Coordonnées", (
        Champ("adresse", "Adresse"),
        Champ("complement_adresse", "Complément d'adresse"),
        Champ("code_postal", "Code postal"),
        Champ("commune", "Commune", "commune", aide="Nom, code postal ou code INSEE."),
        Champ("telephone", "Téléphone"),
        Champ("courriel", "Courriel", "courriel"),
        Champ("site_web", "Site web", "lien"),
        Champ("horaires_accueil", "Horaires", aide="Format OpenStreetMap."),
        Champ("accessibilite_lieu", "Lien vers l'accessibilité du lieu", "lien"),
    )),
)


def champs(sections: tuple[tuple[str, tuple[Champ, ...]], ...]) -> list[Champ]:
    return [c for _, groupe in sections for c in groupe]


def lire(formulaire: Mapping[str, Any], sections: tuple[tuple[str, tuple[Champ, ...]], ...]
         ) -> dict[str, Any]:
    """A posted form as a v1 record (text as typed; validation does the rest). Every field of the
    form is present, so emptying a field empties it."""
    saisie: dict[str, Any] = {}
    for c in champs(sections):
        if c.sorte == "cases":
            saisie[c.nom] = _liste(formulaire, c.nom) or None
        elif c.sorte == "zone":
            saisie[c.nom] = zone_en_codes(str(formulaire.get(c.nom) or "")) or None
        elif c.sorte == "commune":
            saisie.update(_lieu(str(formulaire.get(c.nom) or "").strip()))
        else:
            saisie[c.nom] = _texte(formulaire.get(c.nom))
    return saisie


def _texte(valeur: Any) -> str | None:
    """Browsers send text areas with CRLF line ends: stored as LF, so an untouched description
    is not a change."""
    return str(valeur or "").replace("\r\n", "\n").replace("\r", "\n").strip() or None


def _liste(formulaire: Mapping[str, Any], nom: str) -> list[str]:
    valeurs = formulaire.getlist(nom) if hasattr(formulaire, "getlist") else formulaire.get(nom, [])
    return [str(v) for v in valeurs if str(v).strip()]


def _lieu(texte: str) -> dict[str, Any]:
    """"Lens (62)" → code_insee 62498 and the commune's name; unknown text is kept as the code, so
    validation says it is unknown."""
    if not texte:
        return {"code_insee": None, "commune": None}
    trouvee = territoires.resoudre_commune(texte)
    if trouvee is None:
        return {"code_insee": texte[:20], "commune": None}
    return {"code_insee": trouvee.code, "commune": trouvee.nom}


def zone_en_codes(texte: str) -> list[str]:
    """The zone field, as typed or as shown (`zone_lisible`), back to codes: codes, commune names
    (`Lens (62)`), EPCI names, département names (`Pas-de-Calais (62)`), « France entière ». What
    is not recognised is kept as typed, for the validation to refuse with its message."""
    return [zone_du_texte(m) for m in (m.strip() for m in texte.replace(";", ",").split(",")) if m]


_ENTRE_PARENTHESES = re.compile(r"^(?P<nom>.+?)\s*\((?P<code>[0-9AB]{2,9})\)$")


def zone_du_texte(morceau: str) -> str:
    if territoires.format_de_zone(morceau) is not None:
        return morceau
    if normaliser(morceau) == normaliser("France entière"):
        return "france"
    if (m := _ENTRE_PARENTHESES.match(morceau)) and (
            (d := territoires.departement(m["code"])) and normaliser(d.nom) == normaliser(m["nom"])
            or territoires.epci(m["code"])):
        return m["code"]
    if c := territoires.resoudre_commune(morceau):
        return c.code
    return _epcis_par_nom().get(normaliser(morceau), morceau)


@lru_cache(maxsize=1)
def _epcis_par_nom() -> dict[str, str]:
    """EPCI names (normalised) -> SIREN, for names borne by one EPCI only."""
    par_nom: dict[str, list[str]] = {}
    for dep in territoires.departements():
        for e in territoires.epcis_du_departement(dep.code):
            par_nom.setdefault(normaliser(e.nom), []).append(e.code)
    return {nom: codes[0] for nom, codes in par_nom.items() if len(set(codes)) == 1}


def zone_lisible(code: str) -> str:
    """A zone code as the form shows it, by name, read back by `zone_du_texte`."""
    if territoires.type_de_zone(code) == "epci" and (e := territoires.epci(code)):
        return e.nom if _epcis_par_nom().get(normaliser(e.nom)) == code else f"{e.nom} ({code})"
    return territoires.nom_zone(code)


def suggestions_de_zones(texte: str, limite: int = 10) -> list[str]:
    """Zones whose name starts with (or contains) the text: départements, EPCI, then communes."""
    cle = normaliser(texte)
    if len(cle) < 2:
        return []
    departements = [f"{d.nom} ({d.code})" for d in territoires.departements()
                    if cle in normaliser(d.nom) or d.code == texte.strip().upper()]
    epcis = sorted((e.nom for e in _toutes_les_epcis() if cle in normaliser(e.nom)),
                   key=lambda nom: (not normaliser(nom).startswith(cle), nom))
    communes = [f"{c.nom} ({c.departement})" for c in territoires.rechercher_communes(texte, limite)]
    return list(dict.fromkeys(departements + epcis[:limite] + communes))[:limite]


@lru_cache(maxsize=1)
def _toutes_les_epcis() -> tuple[territoires.Epci, ...]:
    return tuple(e for dep in territoires.departements()
                 for e in territoires.epcis_du_departement(dep.code))


def valeurs(enregistrement: Mapping[str, Any]) -> dict[str, Any]:
    """A record as the form shows it (what the fields hold)."""
    sortie = dict(enregistrement)
    zones = enregistrement.get("zone_eligibilite") or []
    sortie["zone_eligibilite"] = ", ".join(zone_lisible(z) for z in zones)
    code = enregistrement.get("code_insee")
    c = territoires.commune(code) if code else None
    sortie["commune"] = f"{c.nom} ({c.departement})" if c else (enregistrement.get("commune") or "")
    return sortie


def valeurs_saisies(formulaire: Mapping[str, Any],
                    sections: tuple[tuple[str, tuple[Champ, ...]], ...]) -> dict[str, Any]:
    """What was typed, to show again after an error (lists as lists, text as typed)."""
    return {c.nom: (_liste(formulaire, c.nom) if c.sorte == "cases" else formulaire.get(c.nom, ""))
            for c in champs(sections)}


#: a validation error on these record fields is shown next to this form field
CHAMP_DU_FORMULAIRE = {"code_insee": "commune"}
