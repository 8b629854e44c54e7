"""One v0 record (service or structure) -> one v1 record, field by field, nothing silently lost.

The tables are in `importers.v0_tables`; this module applies them. What v1 cannot hold goes to the
matching `*_precisions` field, or, when v1 has none (types, thématiques, typologie…), to a last
paragraph of the description ("Informations reprises de l'ancien format"); each such case is a
warning naming the v0 field and value. The v0 record itself rides along under `_v0` (keys starting
with "_" are not validated and are stored with the raw record, for audit).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from catalogue.referentiels import territoires, vocabulaires
from catalogue.validation import Probleme
from importers import v0_tables as tables
from importers.horaires_fr import vers_osm

DESCRIPTION_MAX = 10_000
TITRE_COMPLEMENTS = "Informations reprises de l'ancien format (data·inclusion v0) :"

#: fields whose name and meaning did not change
COMMUNS = ("source", "nom", "lien_source", "commune", "code_postal", "code_insee", "adresse",
           "complement_adresse", "longitude", "latitude", "telephone", "courriel")
COMMUNS_SERVICE = (*COMMUNS, "contact_nom_prenom", "modes_accueil", "volume_horaire_hebdomadaire",
                   "nombre_semaines", "zone_eligibilite", "lien_mobilisation", "type",
                   "publics", "mobilisable_par", "modes_mobilisation")
COMMUNS_STRUCTURE = (*COMMUNS, "siret", "site_web", "horaires_accueil", "accessibilite_lieu",
                     "reseaux_porteurs", "description")
#: v0 fields read by the mapping below
LUS_SERVICE = {"id", "structure_id", "date_maj", "presentation_resume", "presentation_detail",
               "description", "types", "thematiques", "frais", "frais_autres", "frais_precisions",
               "profils", "profils_precisions", "publics_precisions", "pre_requis", "justificatifs",
               "conditions_acces", "cumulable", "recurrence", "horaires_accueil", "contact_public",
               "modes_orientation_accompagnateur", "modes_orientation_accompagnateur_autres",
               "modes_orientation_beneficiaire", "modes_orientation_beneficiaire_autres",
               "zone_diffusion_type", "zone_diffusion_code", "zone_diffusion_nom", "prise_rdv",
               "formulaire_en_ligne", "page_web", "mobilisation_precisions", "date_suspension"}
LUS_STRUCTURE = {"id", "date_maj", "presentation_resume", "presentation_detail", "typologie",
                 "labels_nationaux", "labels_autres", "horaires_ouverture", "accessibilite"}
#: technical fields of API dumps: no content, kept in `_v0` only, not reported
TECHNIQUES = {"score_qualite", "distance", "doublons", "structure", "antenne", "date_creation",
              "structure_parente", "adresse_certifiee"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Conversion:
    """A v1 record being built from a v0 one, with what was said along the way."""

    v0: dict[str, Any]
    donnees: dict[str, Any] = field(default_factory=dict)
    avertissements: list[Probleme] = field(default_factory=list)
    complements: list[str] = field(default_factory=list)

    def dire(self, champ: str | None, valeur: Any, message: str) -> None:
        self.avertissements.append(Probleme(champ, valeur, message))

    def mettre(self, champ: str, valeur: Any) -> None:
        if valeur not in (None, "", [], ()):
            self.donnees[champ] = valeur


# ------------------------------------------------------------------------------------------------
# Entry points


def service_v1(v0: dict[str, Any]) -> tuple[dict[str, Any], list[Probleme]]:
    """A v0 service -> (v1 service with `_v0`, warnings)."""
    c = Conversion(v0)
    _copier(c, COMMUNS_SERVICE)
    _identifiants(c, ("id", "structure_id"))
    c.mettre("date_maj", _date(v0.get("date_maj")))
    _publics(c)
    _frais(c)
    _type(c)
    _thematiques(c)
    _conditions_acces(c)
    _mobilisation(c)
    _zone(c)
    _horaires(c, "recurrence")
    _contact(c)
    _suspension(c)
    _description(c)
    _sans_equivalent(c, set(COMMUNS_SERVICE) | LUS_SERVICE)
    return _avec_origine(c), c.avertissements


def structure_v1(v0: dict[str, Any]) -> tuple[dict[str, Any], list[Probleme]]:
    """A v0 structure -> (v1 structure with `_v0`, warnings)."""
    c = Conversion(v0)
    _copier(c, COMMUNS_STRUCTURE)
    _identifiants(c, ("id",))
    c.mettre("date_maj", _date(v0.get("date_maj")))
    _reseaux_porteurs(c)
    _horaires(c, "horaires_ouverture")
    if not c.donnees.get("accessibilite_lieu"):
        c.mettre("accessibilite_lieu", _texte(v0.get("accessibilite")))
    _description(c, obligatoire=False)
    _sans_equivalent(c, set(COMMUNS_STRUCTURE) | LUS_STRUCTURE, supprimes_en_v1=("thematiques",
                                                                              "rna"))
    return _avec_origine(c), c.avertissements


def _avec_origine(c: Conversion) -> dict[str, Any]:
    origine = {k: v for k, v in c.v0.items() if k != "structure"}
    return {**c.donnees, "_v0": origine}


# ------------------------------------------------------------------------------------------------
# Plain values


def _texte(valeur: Any) -> str | None:
    if valeur is None:
        return None
    texte = str(valeur).strip()
    return texte or None


def _liste(valeur: Any) -> list[str]:
    """v0 sets come as JSON lists, sometimes as a comma-separated string."""
    if valeur is None:
        return []
    morceaux = valeur.split(",") if isinstance(valeur, str) else valeur
    if not isinstance(morceaux, list | tuple):
        morceaux = [morceaux]
    return list(dict.fromkeys(t for m in morceaux if (t := _texte(m))))


def _date(valeur: Any) -> Any:
    """`2023-05-12T10:00:00+00:00` -> `2023-05-12`; anything else is left to the validation."""
    texte = _texte(valeur)
    if texte and _DATE.match(texte):
        return texte[:10]
    return valeur


def _copier(c: Conversion, champs: Iterable[str]) -> None:
    for champ in champs:
        c.mettre(champ, c.v0.get(champ))


def _identifiants(c: Conversion, cles: tuple[str, ...]) -> None:
    """v0 ids are the producer's own; v1 ids are `source--id`."""
    source = _texte(c.v0.get("source"))
    for cle in cles:
        ident = _texte(c.v0.get(cle))
        if ident and source and not ident.startswith(f"{source}--"):
            ident = f"{source}--{ident}"
        c.mettre(cle, ident)


def _libelles(champ: str, slugs: Iterable[str]) -> str:
    return ", ".join(vocabulaires.libelles(champ).get(s, s) for s in slugs)


# ------------------------------------------------------------------------------------------------
# Service fields


def _publics(c: Conversion) -> None:
    """profils (28) -> publics (14); a narrower profil keeps its wording in publics_precisions."""
    publics: list[str] = list(c.donnees.get("publics") or [])
    precisions: list[str] = []
    for profil in _liste(c.v0.get("profils")):
        correspondance = tables.PROFILS.get(profil)
        if correspondance is None:
            precisions.append(profil)
            c.dire("profils", profil, f"Profil v0 « {profil} » inconnu : repris tel quel dans "
                   "publics_precisions.")
            continue
        publics += correspondance.v1
        if correspondance.precision:
            precisions.append(correspondance.precision)
        if not correspondance.v1:
            c.dire("profils", profil, f"Profil v0 « {profil} » sans public v1 équivalent : repris "
                   f"dans publics_precisions (« {correspondance.precision} »).")
    publics = _tous_publics_seul(c, list(dict.fromkeys(publics)), precisions)
    c.mettre("publics", publics)
    textes = [_texte(c.v0.get("profils_precisions")), _texte(c.v0.get("publics_precisions")),
              " ; ".join(dict.fromkeys(precisions)) or None]
    c.mettre("publics_precisions", "\n".join(t for t in textes if t) or None)


def _tous_publics_seul(c: Conversion, publics: list[str], precisions: list[str]) -> list[str]:
    """v0 allowed `tous-publics` with other profils; v1 does not: the service is open to all, the
    other publics are said in the precisions."""
    if vocabulaires.TOUS_PUBLICS not in publics or len(publics) == 1:
        return publics
    autres = [p for p in publics if p != vocabulaires.TOUS_PUBLICS]
    precisions.append(f"Publics visés en particulier : {_libelles('publics', autres)}")
    c.dire("profils", c.v0.get("profils"), "« tous-publics » avec d'autres profils : le service reste "
           "ouvert à tous, les autres publics sont repris dans publics_precisions.")
    return [vocabulaires.TOUS_PUBLICS]


def _frais(c: Conversion) -> None:
    """frais (set of 5) -> frais (one) + frais_precisions."""
    valeurs: set[str] = set()
    precisions: list[str] = []
    for frais in _liste(c.v0.get("frais")):
        correspondance = tables.FRAIS.get(frais, tables.Correspondance((), frais))
        valeurs |= set(correspondance.v1)
        if correspondance.precision:
            precisions.append(correspondance.precision)
            c.dire("frais", frais, f"Frais v0 « {frais} » sans équivalent exact en v1 : "
                   f"« {correspondance.precision} » repris dans frais_precisions.")
    choisi = next((f for f in tables.ORDRE_FRAIS if f in valeurs), None)
    if len(valeurs) > 1:
        c.dire("frais", c.v0.get("frais"), f"Frais v0 à la fois gratuits et payants : « {choisi} » "
               "retenu, le détail est dans frais_precisions.")
    c.mettre("frais", choisi)
    textes = [_texte(c.v0.get("frais_autres")), _texte(c.v0.get("frais_precisions")),
              " ; ".join(precisions) or None]
    c.mettre("frais_precisions", "\n".join(t for t in textes if t) or None)


def _type(c: Conversion) -> None:
    """types (set) -> type (one); the other types and those without equivalent are written out."""
    if c.donnees.get("type"):
        return
    types = _liste(c.v0.get("types"))
    cibles = {t: tables.TYPES.get(t, tables.Correspondance(())).v1 for t in types}
    choisi = next((t for t in tables.ORDRE_TYPES if any(t in v1 for v1 in cibles.values())), None)
    c.mettre("type", choisi)
    restes = [t for t in types if choisi not in cibles[t]]
    if restes:
        libelles = [tables.TYPES[t].precision if t in tables.TYPES else t for t in restes]
        c.complements.append(f"Types : {', '.join(str(x) for x in libelles)}.")
        retenu = f" ; « {choisi} » retenu" if choisi else ""
        c.dire("types", restes, f"Types v0 non repris dans « type » (une seule valeur en v1{retenu}) : "
               f"{', '.join(restes)} ; écrits dans la description.")


def _thematiques(c: Conversion) -> None:
    v1: list[str] = []
    sans: list[str] = []
    for thematique in _liste(c.v0.get("thematiques")):
        if thematique in tables.THEMATIQUES:
            cibles = tables.THEMATIQUES[thematique]
        elif thematique in vocabulaires.valeurs("thematiques"):
            cibles = (thematique,)
        else:
            cibles = ()
        v1 += cibles
        if not cibles:
            sans.append(thematique)
    c.mettre("thematiques", list(dict.fromkeys(v1)) or None)
    if sans:
        libelles = [tables.LIBELLES_THEMATIQUES_SANS_EQUIVALENT.get(t, t) for t in sans]
        c.complements.append(f"Thématiques : {', '.join(libelles)}.")
        c.dire("thematiques", sans, f"Thématiques v0 sans équivalent v1 : {', '.join(sans)} ; "
               "écrites dans la description.")


def _conditions_acces(c: Conversion) -> None:
    """pre_requis / justificatifs (lists) -> conditions_acces (text)."""
    parties = [_texte(c.v0.get("conditions_acces"))]
    if pre_requis := _liste(c.v0.get("pre_requis")):
        parties.append(f"Pré-requis : {' ; '.join(pre_requis)}.")
    if justificatifs := _liste(c.v0.get("justificatifs")):
        parties.append(f"Justificatifs à fournir : {' ; '.join(justificatifs)}.")
    if c.v0.get("cumulable") is False:
        parties.append("Non cumulable avec d'autres services.")
        c.dire("cumulable", False, "Champ v0 « cumulable » sans équivalent v1 : « Non cumulable "
               "avec d'autres services » écrit dans conditions_acces.")
    c.mettre("conditions_acces", "\n".join(p for p in parties if p) or None)


def _mobilisation(c: Conversion) -> None:
    """modes_orientation_* -> modes_mobilisation + mobilisable_par + mobilisation_precisions."""
    lien = next((lien for cle in ("lien_mobilisation", "prise_rdv", "formulaire_en_ligne", "page_web")
                 if (lien := _texte(c.v0.get(cle)))), None)
    c.mettre("lien_mobilisation", lien)
    modes: list[str] = list(c.donnees.get("modes_mobilisation") or [])
    par: list[str] = list(c.donnees.get("mobilisable_par") or [])
    precisions = [_texte(c.v0.get("mobilisation_precisions"))]
    for qui, personne, table in (
            ("accompagnateur", "professionnels", tables.MODES_ORIENTATION_ACCOMPAGNATEUR),
            ("beneficiaire", "usagers", tables.MODES_ORIENTATION_BENEFICIAIRE)):
        valeurs = _liste(c.v0.get(f"modes_orientation_{qui}"))
        autres = _texte(c.v0.get(f"modes_orientation_{qui}_autres"))
        if valeurs or autres:
            par.append(personne)
        textes = _modes(c, qui, valeurs, table, lien, modes) + ([autres] if autres else [])
        if textes:
            precisions.append(f"Pour les {personne} : {' ; '.join(textes)}.")
    c.mettre("modes_mobilisation", list(dict.fromkeys(modes)) or None)
    c.mettre("mobilisable_par", list(dict.fromkeys(par)) or None)
    c.mettre("mobilisation_precisions", "\n".join(p for p in precisions if p) or None)


def _modes(c: Conversion, qui: str, valeurs: list[str], table: dict[str, tables.ModeOrientation],
           lien: str | None, modes: list[str]) -> list[str]:
    """Adds the v1 modes of one side to `modes`; returns the wording for the precisions."""
    textes: list[str] = []
    for valeur in valeurs:
        mode = table.get(valeur) or tables.ModeOrientation(None, valeur)
        if mode.par_lien and lien:
            modes.append("utiliser-lien-mobilisation")
            continue
        if mode.mode:
            modes.append(mode.mode)
        if mode.precision:
            textes.append(mode.precision)
            if not mode.mode:
                c.dire(f"modes_orientation_{qui}", valeur, f"Mode d'orientation v0 « {valeur} » "
                       "sans équivalent v1 (pas de lien) : écrit dans mobilisation_precisions.")
    return textes


def _zone(c: Conversion) -> None:
    """zone_diffusion_type / code -> zone_eligibilite (list of COG codes)."""
    if c.donnees.get("zone_eligibilite"):
        return
    sorte = _texte(c.v0.get("zone_diffusion_type"))
    code = _texte(c.v0.get("zone_diffusion_code"))
    nom = _texte(c.v0.get("zone_diffusion_nom"))
    if sorte is None and code is None:
        return
    zone = _codes_de_zone(sorte, code, _texte(c.v0.get("code_insee")))
    if zone is None:
        zone = [code or nom or str(sorte)]
        c.dire("zone_diffusion_code", code, f"Zone de diffusion v0 « {sorte} » « {code or ''} » "
               f"({nom or 'sans nom'}) impossible à traduire en codes du COG : le service sera "
               "rejeté plutôt qu'ouvert à toute la France.")
    c.mettre("zone_eligibilite", zone)


def _codes_de_zone(sorte: str | None, code: str | None, code_insee: str | None) -> list[str] | None:
    if sorte == "pays":
        return ["france"]
    if sorte == "region" and code:
        codes = [d.code for d in territoires.departements() if d.region == code]
        return codes or None
    if sorte == "departement" and not code and code_insee:
        commune = territoires.commune(code_insee)
        code = commune.departement if commune else None
    if sorte == "commune" and not code:
        code = code_insee
    if code and territoires.type_de_zone(code) is not None:
        return [code]
    return None


def _horaires(c: Conversion, champ_v0: str) -> None:
    """recurrence / horaires_ouverture -> horaires_accueil when it reads as OSM opening hours."""
    if c.donnees.get("horaires_accueil"):
        return
    texte = _texte(c.v0.get(champ_v0))
    if texte is None:
        return
    osm = vers_osm(texte)
    if osm is not None:
        c.mettre("horaires_accueil", osm)
        if osm != texte:
            c.dire(champ_v0, texte, f"« {texte} » traduit en horaires OpenStreetMap « {osm} » : "
                   "vérifiez.")
        return
    c.complements.append(f"Horaires : {texte}")
    c.dire(champ_v0, texte, f"« {champ_v0} » ne se lit pas comme des horaires OpenStreetMap : "
           "écrit dans la description.")


def _contact(c: Conversion) -> None:
    """`contact_public: false` in v0 meant the contact details were not to be shown."""
    if c.v0.get("contact_public") is not False:
        return
    retires = [k for k in ("courriel", "telephone", "contact_nom_prenom") if c.donnees.pop(k, None)]
    if retires:
        c.dire("contact_public", False, "Coordonnées marquées non publiques en v0 : "
               f"{', '.join(retires)} non repris (gardés dans l'enregistrement brut).")


def _suspension(c: Conversion) -> None:
    suspendu = _date(c.v0.get("date_suspension"))
    if isinstance(suspendu, str) and _DATE.fullmatch(suspendu) and suspendu <= date.today().isoformat():
        c.dire("date_suspension", suspendu, f"Service suspendu depuis le {suspendu} selon l'export "
               "v0 : à vérifier avant publication.")


# ------------------------------------------------------------------------------------------------
# Structure fields


def _reseaux_porteurs(c: Conversion) -> None:
    reseaux: list[str] = list(c.donnees.get("reseaux_porteurs") or [])
    typologie = _texte(c.v0.get("typologie"))
    if typologie:
        correspondance = tables.TYPOLOGIES.get(typologie, tables.Correspondance((), typologie))
        reseaux += correspondance.v1
        if not correspondance.v1:
            c.complements.append(f"Typologie : {correspondance.precision}.")
            c.dire("typologie", typologie, f"Typologie v0 « {typologie} » sans réseau porteur v1 : "
                   "écrite dans la description.")
    sans: list[str] = []
    for label in _liste(c.v0.get("labels_nationaux")):
        cibles = tables.LABELS_NATIONAUX.get(label) or (
            (label,) if label in vocabulaires.valeurs("reseaux_porteurs") else ())
        reseaux += cibles
        if not cibles:
            sans.append(label)
    autres = _liste(c.v0.get("labels_autres"))
    if sans or autres:
        c.complements.append(f"Labels : {', '.join(sans + autres)}.")
        c.dire("labels_nationaux", sans + autres, "Labels v0 sans réseau porteur v1 : "
               f"{', '.join(sans + autres)} ; écrits dans la description.")
    c.mettre("reseaux_porteurs", list(dict.fromkeys(reseaux)) or None)


# ------------------------------------------------------------------------------------------------
# Description, last: it carries what v1 has no field for


def _description(c: Conversion, obligatoire: bool = True) -> None:
    resume = _texte(c.v0.get("presentation_resume"))
    detail = _texte(c.v0.get("presentation_detail")) or _texte(c.v0.get("description"))
    parties = [p for p in (resume, detail) if p]
    if resume and detail and resume in detail:
        parties = [detail]
    if not parties and obligatoire:
        c.dire("presentation_resume", None, "Ni presentation_resume ni presentation_detail : "
               "la description v1 est obligatoire.")
        return
    if c.complements:
        parties.append("\n".join([TITRE_COMPLEMENTS, *(f"- {x}" for x in c.complements)]))
    texte = "\n\n".join(parties)
    if len(texte) > DESCRIPTION_MAX:
        c.dire("presentation_detail", None, f"Description de {len(texte)} caractères coupée à "
               f"{DESCRIPTION_MAX} (limite v1).")
        texte = texte[: DESCRIPTION_MAX - 1].rstrip() + "…"
    c.mettre("description", texte)


def _sans_equivalent(c: Conversion, lus: set[str], supprimes_en_v1: tuple[str, ...] = ()) -> None:
    """v0 fields nobody reads: listed once, kept in `_v0`."""
    restes = [k for k, v in c.v0.items()
              if k not in lus and k not in TECHNIQUES and not k.startswith("_")
              and v not in (None, "", [], {})]
    if restes:
        supprimes = [k for k in restes if k in supprimes_en_v1]
        note = f" ({', '.join(supprimes)} : supprimés en v1)" if supprimes else ""
        c.dire(None, restes, f"Champs v0 sans équivalent v1, gardés dans l'enregistrement brut : "
               f"{', '.join(restes)}{note}.")
