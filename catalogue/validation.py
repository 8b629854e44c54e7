"""The data·inclusion v1 rules, as marshmallow schemas with French messages.

One set of rules for every write path: importers, curation forms and the API all call
`valider_service` / `valider_structure`. A record goes through three steps:

1. `nettoyer`: what spreadsheets and old exports do to data (empty strings, stray spaces, HTML in text,
   comma-separated lists, decimal commas) is repaired, each repair reported as a warning;
2. the marshmallow schema: types, lengths, vocabularies, code formats, dates, hours; errors name the field;
3. the schema package's pydantic model (`data_inclusion.schema.v1`): the last word, so that whatever we
   accept also exports valid. Its warnings (`avertissement`) stay warnings.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import pydantic
from data_inclusion.schema import v1
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, utils, validate, validates

from catalogue import formats
from catalogue.models import CHAMPS_SERVICE, CHAMPS_STRUCTURE, CHAMPS_TEXTE_LIBRE
from catalogue.referentiels import territoires, vocabulaires
from catalogue.texte import contient_html, texte_brut

# --------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Probleme:
    """One error or warning about one field of one record."""

    champ: str | None
    valeur: Any
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.champ, "value": _apercu(self.valeur), "message": self.message}


def _apercu(valeur: Any, limite: int = 200) -> Any:
    """Values are echoed in reports; a 50 kB description is cut so the report stays readable."""
    if isinstance(valeur, str) and len(valeur) > limite:
        return valeur[:limite] + f"… ({len(valeur)} caractères)"
    return valeur


@dataclass
class Resultat:
    """A validated record (or None when rejected) and what was said about it."""

    donnees: dict[str, Any] | None
    erreurs: list[Probleme] = field(default_factory=list)
    avertissements: list[Probleme] = field(default_factory=list)
    #: the schema package's pydantic instance (reused for the quality score)
    modele: Any = None
    #: (score, criteria) of the official quality score, when computed
    qualite: tuple[float, dict[str, float | None]] | None = None
    #: fingerprint of `donnees` and the raw record as JSON, when computed (import workers)
    empreinte: str | None = None
    brut_json: str | None = None
    #: the search index's analysis of the text (`catalogue.recherche.analyse_prealable`)
    analyse: Any = None

    @property
    def valide(self) -> bool:
        return self.donnees is not None and not self.erreurs


# --------------------------------------------------------------------------------------------
# Fields with French messages

_COMMUNS = {
    "required": "Champ obligatoire manquant.",
    "null": "Champ obligatoire vide.",
    "validator_failed": "Valeur invalide.",
}


_TEXTE_ATTENDU = "Texte attendu."


class _ValidateursFixes(fields.Field):
    """marshmallow 4 combines a field's validators into a new `And` for every value it checks;
    ours never change once the schema is built, so they are combined once."""

    @cached_property
    def _validate_all(self) -> Callable[[Any], Any]:
        return validate.And(*self.validators)

    def _validate(self, value: Any) -> None:
        if self.validators:  # most fields have none: no call at all
            self._validate_all(value)


class Texte(_ValidateursFixes, fields.String):
    default_error_messages = {**_COMMUNS, "invalid": _TEXTE_ATTENDU}


class Decimal(_ValidateursFixes, fields.Float):
    default_error_messages = {
        **_COMMUNS,
        "invalid": "Nombre attendu (par exemple 3 ou 2.5).",
        "special": "Nombre attendu.",
        "too_large": "Nombre trop grand.",
    }


class Entier(_ValidateursFixes, fields.Integer):
    default_error_messages = {
        **_COMMUNS,
        "invalid": "Nombre entier attendu.",
        "too_large": "Nombre trop grand.",
    }


class Date(_ValidateursFixes, fields.Date):
    default_error_messages = {
        **_COMMUNS,
        "invalid": "Date attendue au format AAAA-MM-JJ.",
        "format": "Date impossible à écrire.",
    }


class Liste(_ValidateursFixes, fields.List):
    default_error_messages = {**_COMMUNS, "invalid": "Liste de valeurs attendue."}


class Courriel(_ValidateursFixes, fields.Email):
    default_error_messages = {**_COMMUNS, "invalid": "Adresse de courriel invalide."}


class Lien(_ValidateursFixes, fields.Url):
    default_error_messages = {
        **_COMMUNS,
        "invalid": "Lien invalide : une adresse complète est attendue (https://…).",
    }


def _longueur(mini: int | None, maxi: int | None) -> validate.Length:
    if mini and maxi:
        message = f"Entre {mini} et {maxi} caractères attendus."
    elif maxi:
        message = f"Au plus {maxi} caractères."
    else:
        message = f"Au moins {formats.compte(mini or 0, 'élément attendu')}."
    return validate.Length(min=mini, max=maxi, error=message)


def _message_vocabulaire(champ: str) -> str:
    return ("Valeur inconnue « {input} » : elle n'existe pas dans le référentiel "
            f"data·inclusion « {champ} ».")


def _vocabulaire(champ: str) -> validate.OneOf:
    # a frozenset: `OneOf` tests membership on every call, a sorted list would be scanned
    return validate.OneOf(vocabulaires.valeurs(champ), error=_message_vocabulaire(champ))


class Slugs(Liste):
    """A list of slugs of one vocabulary, checked in one pass.

    Same messages, keyed by position, as a `List` of validated `Texte` would give; but that costs
    a field call and a validator call per item, about a quarter of an import's validation time."""

    def __init__(self, champ: str, **kwargs: Any) -> None:
        super().__init__(Texte(), **kwargs)
        self.valeurs = vocabulaires.valeurs(champ)
        self.message = _message_vocabulaire(champ)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if not utils.is_collection(value):
            raise self.make_error("invalid")
        value = list(value)
        if _tous_dans(value, self.valeurs):
            return value
        messages = [self._erreur(v) for v in value]
        raise ValidationError({i: [m] for i, m in enumerate(messages) if m is not None},
                              valid_data=[v for v, m in zip(value, messages, strict=True) if m is None])

    def _erreur(self, valeur: Any) -> str | None:
        if valeur is None:
            return _COMMUNS["null"]
        if not isinstance(valeur, str):
            return _TEXTE_ATTENDU
        return None if valeur in self.valeurs else self.message.format(input=valeur)


def _tous_dans(valeurs: list[Any], connues: frozenset[str]) -> bool:
    """Every item is a known slug (one C-level pass; unhashable items are left to the slow path,
    which names them)."""
    try:
        return connues.issuperset(valeurs)
    except TypeError:
        return False


def _motif(regex: str, attendu: str) -> validate.Regexp:
    return validate.Regexp(regex, error=f"Format invalide « {{input}} » : {attendu}.")


def _slugs(champ: str, **kwargs: Any) -> Slugs:
    return Slugs(champ, allow_none=True, **kwargs)


_CODE_POSTAL = _motif(r"^\d{5}$", "5 chiffres attendus")
_CODE_INSEE = _motif(r"^\w{5}$", "code commune INSEE à 5 caractères attendu (ex. 62498)")
_SIRET = _motif(r"^\d{14}$", "14 chiffres attendus")
class _Intervalle(validate.Range):
    """`validate.Range` writing the value the French way in its message (« ici -3 », not « -3.0 »)."""

    def _format_error(self, value: Any, message: str) -> str:
        return super()._format_error(formats.decimal(value), message)



# --------------------------------------------------------------------------------------------
# Schemas


class _SchemaPlat(Schema):
    """A marshmallow schema whose field loop is lean, for flat records (every v1 schema).

    For each field, marshmallow's `Schema._deserialize` builds a closure and a keyword dict, then
    goes through `_call_and_store` and `set_value`: five Python calls around the field's own
    `deserialize`, about a third of an import's validation time. This loop calls the same
    `Field.deserialize` and stores values and errors exactly as `_call_and_store` does; any case it
    does not cover (several records, `partial`, unknown keys kept or refused, dotted attributes)
    goes to marshmallow's own loop. `tests/test_validation_schema.py` checks both give the same."""

    @cached_property
    def _plan(self) -> tuple[tuple[str, fields.Field, str], ...] | None:
        plan = []
        for nom, champ in self.load_fields.items():
            cle = champ.data_key if champ.data_key is not None else nom
            attribut = champ.attribute or nom
            if "." in attribut:
                return None
            plan.append((cle, champ, attribut))
        return tuple(plan)

    def _deserialize(self, data: Any, *, error_store: Any, many: bool = False,
                     partial: Any = None, unknown: Any = None, index: Any = None) -> Any:
        plan = self._plan
        if many or partial is not None or unknown != EXCLUDE or plan is None or not isinstance(
                data, Mapping):
            return super()._deserialize(data, error_store=error_store, many=many,
                                        partial=partial, unknown=unknown, index=index)
        index = index if self.opts.index_errors else None
        sortie = self.dict_class()
        for cle, champ, attribut in plan:
            try:
                valeur = champ.deserialize(data.get(cle, utils.missing), cle, data)
            except ValidationError as erreur:
                error_store.store_error(erreur.messages, cle, index=index)
                valeur = erreur.valid_data or utils.missing
            if valeur is not utils.missing:
                sortie[attribut] = valeur
        return sortie


class _Commun(_SchemaPlat):
    """Fields and checks shared by services and structures."""

    class Meta:
        unknown = EXCLUDE

    source = Texte(required=True, validate=[_longueur(1, 100), _motif(r"^[\w.-]+$", "lettres, "
                   "chiffres, tirets ou points sans espace")])
    id = Texte(required=True, validate=_longueur(1, 250))
    nom = Texte(required=True, validate=_longueur(3, 150))
    date_maj = Date(required=True)
    lien_source = Lien(allow_none=True)
    commune = Texte(allow_none=True, validate=_longueur(None, 200))
    code_postal = Texte(allow_none=True, validate=_CODE_POSTAL)
    code_insee = Texte(allow_none=True, validate=_CODE_INSEE)
    adresse = Texte(allow_none=True, validate=_longueur(None, 500))
    complement_adresse = Texte(allow_none=True, validate=_longueur(None, 500))
    longitude = Decimal(allow_none=True, validate=_Intervalle(
        -180, 180, error="Longitude entre -180 et 180 attendue (ici {input})."))
    latitude = Decimal(allow_none=True, validate=_Intervalle(
        -90, 90, error="Latitude entre -90 et 90 attendue (ici {input})."))
    telephone = Texte(allow_none=True, validate=_longueur(None, 50))
    courriel = Courriel(allow_none=True)
    horaires_accueil = Texte(allow_none=True, validate=_longueur(None, 500))

    @validates("date_maj")
    def _date_passee(self, value: date, **_: Any) -> None:
        if value > date.today():
            raise ValidationError(f"Date dans le futur ({value.isoformat()}).")
        if value < date(2000, 1, 1):
            raise ValidationError(f"Date antérieure à l'an 2000 ({value.isoformat()}).")

    @validates("code_insee")
    def _commune_existe(self, value: str | None, **_: Any) -> None:
        if value and territoires.commune(value) is None:
            raise ValidationError(f"Code commune « {value} » inconnu du COG INSEE.")


class ServiceSchema(_Commun):
    structure_id = Texte(required=True, validate=_longueur(1, 250))
    description = Texte(required=True, validate=_longueur(5, 10000))
    type = Texte(allow_none=True, validate=_vocabulaire("type"))
    thematiques = _slugs("thematiques")
    frais = Texte(allow_none=True, validate=_vocabulaire("frais"))
    frais_precisions = Texte(allow_none=True, validate=_longueur(None, 2000))
    publics = _slugs("publics", validate=_longueur(1, None))
    publics_precisions = Texte(allow_none=True, validate=_longueur(None, 2000))
    conditions_acces = Texte(allow_none=True, validate=_longueur(None, 5000))
    modes_accueil = _slugs("modes_accueil")
    zone_eligibilite = Liste(Texte(), allow_none=True, validate=_longueur(1, None))
    contact_nom_prenom = Texte(allow_none=True, validate=_longueur(None, 200))
    lien_mobilisation = Lien(allow_none=True)
    modes_mobilisation = _slugs("modes_mobilisation", validate=_longueur(1, None))
    mobilisable_par = _slugs("mobilisable_par", validate=_longueur(1, None))
    mobilisation_precisions = Texte(allow_none=True, validate=_longueur(None, 5000))
    volume_horaire_hebdomadaire = Decimal(
        allow_none=True,
        validate=_Intervalle(min=0, max=168, error="Heures par semaine entre 0 et 168 "
                                "attendues (ici {input})."),
    )
    nombre_semaines = Entier(
        allow_none=True,
        validate=_Intervalle(min=1, max=520, error="Nombre de semaines entre 1 et 520 "
                                "attendu (ici {input})."),
    )

    @validates("publics")
    def _tous_publics_seul(self, value: list[str] | None, **_: Any) -> None:
        if value and vocabulaires.TOUS_PUBLICS in value and len(value) > 1:
            raise ValidationError("« tous-publics » ne peut pas être combiné à d'autres publics.")

    @post_load
    def _ordonner(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return _ensembles_tries(data)


class StructureSchema(_Commun):
    description = Texte(allow_none=True, validate=_longueur(5, 10000))
    siret = Texte(allow_none=True, validate=_SIRET)
    site_web = Lien(allow_none=True)
    accessibilite_lieu = Lien(allow_none=True)
    reseaux_porteurs = _slugs("reseaux_porteurs")

    @post_load
    def _ordonner(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return _ensembles_tries(data)


#: v1 fields that are sets: stored sorted, so the same record always has the same fingerprint
_ENSEMBLES = ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par",
              "reseaux_porteurs")


def _ensembles_tries(data: dict[str, Any]) -> dict[str, Any]:
    for nom in _ENSEMBLES:
        if data.get(nom):
            data[nom] = sorted(set(data[nom]))
    return data


_SCHEMA_SERVICE = ServiceSchema()
_SCHEMA_STRUCTURE = StructureSchema()

# --------------------------------------------------------------------------------------------
# Cleaning

_CHAMPS_LISTE = {"thematiques", "publics", "modes_accueil", "zone_eligibilite",
                 "modes_mobilisation", "mobilisable_par", "reseaux_porteurs"}
_CHAMPS_NOMBRE = {"volume_horaire_hebdomadaire", "nombre_semaines", "longitude", "latitude"}


def _en_liste(valeur: Any) -> Any:
    """CSV and spreadsheets give lists as `a, b`; JSON gives real lists. Both end up as lists."""
    if isinstance(valeur, str):
        morceaux = [m.strip() for m in valeur.split(",")]
        return [m for m in morceaux if m] or None
    if isinstance(valeur, list):
        vus: list[Any] = []
        for v in valeur:
            v = v.strip() if isinstance(v, str) else v
            if v not in vus and v != "":
                vus.append(v)
        return vus or None
    return valeur


def _en_nombre(valeur: Any) -> Any:
    if isinstance(valeur, str):
        valeur = valeur.strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
        return valeur or None
    return valeur


def nettoyer(brut: Mapping[str, Any], connus: Iterable[str]) -> tuple[dict[str, Any],
                                                                      list[Probleme]]:
    """Repair what is safe to repair; each repair of substance is reported as a warning."""
    connus = set(connus)
    avertissements = [
        Probleme(cle, _apercu(valeur), f"Champ « {cle} » inconnu du schéma data·inclusion v1 : "
                 "ignoré.")
        for cle, valeur in brut.items()
        if cle not in connus and not str(cle).startswith("_") and valeur not in (None, "")
    ]
    propre: dict[str, Any] = {}
    for cle in connus & set(brut):
        valeur = _nettoyer_valeur(cle, brut[cle], avertissements)
        if valeur is not None:
            propre[cle] = valeur
    return propre, avertissements


def _nettoyer_valeur(cle: str, valeur: Any, avertissements: list[Probleme]) -> Any:
    if isinstance(valeur, str):
        valeur = valeur.strip()
        if cle in CHAMPS_TEXTE_LIBRE and contient_html(valeur):
            brut = texte_brut(valeur)
            if brut != html.unescape(valeur):
                avertissements.append(Probleme(cle, valeur, "Balises HTML retirées du texte."))
            valeur = brut
        if valeur == "":
            return None
    if cle in _CHAMPS_LISTE:
        return _en_liste(valeur)
    if cle in _CHAMPS_NOMBRE:
        return _en_nombre(valeur)
    return valeur


# --------------------------------------------------------------------------------------------
# Entry points


def valider_service(brut: Mapping[str, Any]) -> Resultat:
    """Validate one v1 service record: French errors per field, warnings kept apart."""
    propre, avertissements = nettoyer(brut, CHAMPS_SERVICE)
    if "zone_eligibilite" not in propre and brut.get("zone_eligibilite") in ([], ""):
        avertissements.append(Probleme("zone_eligibilite", brut["zone_eligibilite"], ZONE_VIDE))
    zone, erreurs_zone, avertissements_zone = _verifier_zone(propre.get("zone_eligibilite"))
    resultat = _charger(_SCHEMA_SERVICE, propre, avertissements + avertissements_zone)
    if erreurs_zone:
        resultat.erreurs += erreurs_zone
        resultat.donnees = None
    elif resultat.donnees is not None and zone is not None:
        resultat.donnees["zone_eligibilite"] = zone
    if resultat.donnees is not None:
        _verifier_modele(v1.Service, resultat)
    if resultat.donnees is not None:
        _verifier_id(resultat.donnees, resultat.avertissements)
    return resultat


def valider_structure(brut: Mapping[str, Any]) -> Resultat:
    """Validate one v1 structure record."""
    propre, avertissements = nettoyer(brut, CHAMPS_STRUCTURE)
    resultat = _charger(_SCHEMA_STRUCTURE, propre, avertissements)
    if resultat.donnees is not None:
        _verifier_modele(v1.Structure, resultat)
    if resultat.donnees is not None:
        _verifier_id(resultat.donnees, resultat.avertissements)
    return resultat


def _charger(schema: Schema, propre: dict[str, Any], avertissements: list[Probleme]) -> Resultat:
    try:
        donnees = _schema_pour(schema, propre).load(propre)
    except ValidationError as exc:
        erreurs = list(_problemes(exc.messages, propre))
        return Resultat(None, erreurs, avertissements)
    return Resultat(dict(donnees), [], avertissements)


#: (schema class, fields of a record) -> that schema restricted to them, see `_schema_pour`
_RESTREINTS: dict[tuple[type[Schema], frozenset[str]], Schema] = {}
_RESTREINTS_MAX = 256


def _schema_pour(schema: Schema, propre: Mapping[str, Any]) -> Schema:
    """`schema` restricted (marshmallow's `only`) to the fields this record has, plus the required
    ones: marshmallow calls every declared field on every record, and an absent optional field
    costs a call that gives nothing (a third of a typical record's fields). The rules, errors and
    output are those of the full schema. A file has few distinct sets of fields; past
    `_RESTREINTS_MAX` of them, new sets simply use the full schema."""
    cle = (type(schema), frozenset(propre))
    restreint = _RESTREINTS.get(cle)
    if restreint is None:
        if len(_RESTREINTS) >= _RESTREINTS_MAX:
            return schema
        champs = [nom for nom, champ in schema.declared_fields.items()
                  if nom in propre or champ.required]
        restreint = _RESTREINTS[cle] = type(schema)(only=champs)
    return restreint


def _problemes(messages: Any, donnees: Mapping[str, Any], prefixe: str = "") -> Iterable[Probleme]:
    """Flatten marshmallow's nested error dict into (field path, value, message)."""
    if not isinstance(messages, dict):
        return
    for cle, contenu in messages.items():
        chemin = f"{prefixe}{cle}" if not isinstance(cle, int) else f"{prefixe[:-1]}[{cle}]"
        valeur = donnees.get(cle) if isinstance(donnees, Mapping) else None
        if isinstance(cle, int) and isinstance(donnees, list) and cle < len(donnees):
            valeur = donnees[cle]
        if isinstance(contenu, dict):
            yield from _problemes(contenu, valeur if valeur is not None else {}, f"{chemin}.")
        else:
            for message in contenu:
                yield Probleme(chemin, _apercu(valeur), message)


#: an empty list and a missing zone mean the same thing everywhere (import, search, export)
ZONE_VIDE = ("Zone d'éligibilité vide : lue comme absente, c'est-à-dire sans restriction "
             "géographique (toute la France) ; elle est enregistrée absente.")


def _verifier_zone(zone: Any) -> tuple[list[str] | None, list[Probleme], list[Probleme]]:
    """Malformed zone codes are errors; well-formed but unknown ones are dropped with a warning,
    as data·inclusion does — unless nothing is left, which would widen the zone to everywhere.
    Returns (codes kept, errors, warnings)."""
    if not isinstance(zone, list) or not zone:
        return None, [], []
    gardes: list[str] = []
    erreurs: list[Probleme] = []
    avertissements: list[Probleme] = []
    for i, code in enumerate(zone):
        chemin, code = f"zone_eligibilite[{i}]", str(code)
        if territoires.format_de_zone(code) is None:
            erreurs.append(Probleme(chemin, code, f"Code de zone « {code} » malformé : code "
                                    "commune (5), département (2-3), EPCI (9 chiffres), pays "
                                    "(99xxx) ou « france » attendu."))
        elif territoires.type_de_zone(code) is None:
            avertissements.append(Probleme(chemin, code, f"Code « {code} » inconnu du COG INSEE : "
                                           "retiré de la zone."))
        else:
            gardes.append(code)
    if not erreurs and not gardes:
        erreurs.append(Probleme("zone_eligibilite", zone, "Aucun code de zone connu : la zone "
                                "d'éligibilité serait vide (toute la France)."))
    return gardes, erreurs, avertissements


def _verifier_modele(modele: type[pydantic.BaseModel], resultat: Resultat) -> None:
    """The schema package has the last word; its `avertissement` errors are warnings."""
    donnees = resultat.donnees
    assert donnees is not None
    try:
        resultat.modele = modele.model_validate(donnees, context={"ignore_warnings": False})
        return
    except pydantic.ValidationError as exc:
        details = exc.errors()
    erreurs = [e for e in details if e["type"] != "avertissement"]
    for e in details:
        champ = ".".join(str(p) for p in e["loc"]) or None
        probleme = Probleme(champ, _apercu(e.get("input")), _message_pydantic(e))
        (resultat.erreurs if e in erreurs else resultat.avertissements).append(probleme)
    if erreurs:
        resultat.donnees = None
    else:
        resultat.modele = modele.model_validate(donnees)


def _message_pydantic(erreur: Mapping[str, Any]) -> str:
    if erreur["type"] == "avertissement":
        return str(erreur["msg"])
    return f"Refusé par le schéma data·inclusion v1 : {erreur['msg']}."


def _verifier_id(donnees: Mapping[str, Any], avertissements: list[Probleme]) -> None:
    if not str(donnees["id"]).startswith(f"{donnees['source']}--"):
        avertissements.append(Probleme("id", donnees["id"], "L'identifiant devrait commencer par "
                                       f"« {donnees['source']}-- » (source--identifiant)."))
