"""Query-string parameters of the API, as marshmallow schemas with French messages.

The same schemas validate the requests and describe them in the contract (`contrat.py` hands them to
apispec): a parameter cannot be documented one way and read another. Names follow data·inclusion's
API (`code_commune`, `thematiques`, `size`…); the project's own additions (`commune` by name or
postal code, `freins`, hours…) are extra parameters, each saying so in its description.

Lists come repeated (`thematiques=a&thematiques=b`, as data·inclusion reads them) or comma-separated
(`thematiques=a,b`, as the project's links write them). Unknown parameters are ignored, as
data·inclusion does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from catalogue.referentiels import freins, territoires, vocabulaires
from catalogue.validation import Decimal, Entier, Liste, Texte

#: the page size of listings and searches (the search service's own limit: `search.PAR_PAGE_MAX`)
TAILLE_DEFAUT = 20
TAILLE_MAX = 100

EXTENSION = "Extension propre à ce catalogue (absente de l'API data·inclusion). "


class Booleen(fields.Boolean):
    default_error_messages = {"invalid": "« true » ou « false » attendu."}


def _choix(valeurs: Iterable[str], quoi: str) -> validate.OneOf:
    return validate.OneOf(sorted(valeurs), error=f"Valeur inconnue « {{input}} » : voir {quoi}.")


def _liste_de(valeurs: Iterable[str], quoi: str, description: str) -> Liste:
    return Liste(Texte(validate=_choix(valeurs, quoi)), metadata={"description": description})


def slug(nom: str) -> str:
    """`Hauts-de-France` -> `hauts-de-france`, `Côte-d'Or` -> `cote-d-or` (data·inclusion's slugs)."""
    ascii_ = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _departements() -> dict[str, str]:
    return {d.code: slug(d.nom) for d in territoires.departements()}


def _regions() -> dict[str, str]:
    return {r.code: slug(r.nom) for r in territoires.regions()}


def _descr(texte: str) -> dict[str, str]:
    return {"description": texte}


# ------------------------------------------------------------------------------------------------
# Building blocks


class Pagination(Schema):
    class Meta:
        unknown = EXCLUDE

    page = Entier(load_default=1, validate=validate.Range(min=1, error="Entier à partir de 1 attendu."),
                  metadata=_descr("Numéro de la page (à partir de 1)."))
    size = Entier(load_default=None, validate=validate.Range(
        min=1, max=TAILLE_MAX, error=f"Entre 1 et {TAILLE_MAX} résultats par page."),
        metadata=_descr(f"Résultats par page ({TAILLE_DEFAUT} par défaut, {TAILLE_MAX} au plus)."))


class Territoire(Schema):
    """Where the offer or structure itself is (data·inclusion's listing filters)."""

    code_commune = Texte(validate=validate.Regexp(r"^\w{5}$", error="Code INSEE à 5 caractères "
                         "attendu."), metadata=_descr("Code INSEE de la commune du lieu."))
    code_departement = Texte(validate=_choix(_departements(), "les codes INSEE des départements"),
                             metadata=_descr("Code INSEE du département du lieu."))
    slug_departement = Texte(validate=_choix(_departements().values(), "les noms de départements"),
                             metadata=_descr("Nom du département du lieu, en minuscules et tirets."))
    code_region = Texte(validate=_choix(_regions(), "les codes INSEE des régions"),
                        metadata=_descr("Code INSEE de la région du lieu."))
    slug_region = Texte(validate=_choix(_regions().values(), "les noms de régions"),
                        metadata=_descr("Nom de la région du lieu, en minuscules et tirets."))
    sources = Liste(Texte(validate=validate.Length(1, 100, error="Identifiant de source attendu.")),
                    metadata=_descr("Identifiants de source (voir /api/v1/sources) : résultats "
                                    "limités à ces sources."))

    @validates_schema
    def _commune_connue(self, data: Mapping[str, Any], **_: Any) -> None:
        code = data.get("code_commune")
        if code and territoires.commune(code) is None:
            raise ValidationError("Cette commune n'existe pas dans le Code officiel géographique.",
                                  "code_commune")


_THEMATIQUES = (vocabulaires.valeurs("thematiques")
                | {c.value for c in vocabulaires.CATEGORIES})


class FiltresServices(Schema):
    """The service filters shared by the listing and the search."""

    thematiques = _liste_de(_THEMATIQUES, "/api/v1/doc/thematiques",
                            "Thématiques (ou catégories) : chaque résultat a au moins l'une d'elles.")
    frais = _liste_de(vocabulaires.valeurs("frais"), "/api/v1/doc/frais",
                      "Frais : chaque résultat a l'un d'eux.")
    publics = _liste_de(vocabulaires.valeurs("publics"), "/api/v1/doc/publics",
                        "Publics : chaque résultat en a au moins un, ou est « tous-publics ».")
    modes_accueil = _liste_de(vocabulaires.valeurs("modes_accueil"), "/api/v1/doc/modes-accueil",
                              "Modes d'accueil : chaque résultat en a au moins un.")
    types = _liste_de(vocabulaires.valeurs("type"), "/api/v1/doc/types-services",
                      "Types de service : chaque résultat est de l'un d'eux.")
    score_qualite_minimum = Decimal(validate=validate.Range(
        0, 1, error="Score entre 0 et 1 attendu."),
        metadata=_descr("Score de qualité minimum (0 à 1) : résultats de score supérieur ou égal."))
    freins = _liste_de(freins.PAR_SLUG, "les freins du catalogue",
                       EXTENSION + "Freins à lever (mobilite, parentalite…) : chaque résultat en "
                       "lève au moins un.")
    heures_min = Decimal(validate=validate.Range(0, 168, error="Heures entre 0 et 168 attendues."),
                         metadata=_descr(EXTENSION + "Heures hebdomadaires minimum (les offres "
                                         "aux heures inconnues restent, sauf heures_connues)."))
    heures_max = Decimal(validate=validate.Range(0, 168, error="Heures entre 0 et 168 attendues."),
                         metadata=_descr(EXTENSION + "Heures hebdomadaires maximum."))
    heures_connues = Booleen(metadata=_descr(EXTENSION + "Seulement les offres aux heures "
                                             "hebdomadaires connues (true) ou inconnues (false)."))


class ListeStructures(Pagination, Territoire):
    reseaux_porteurs = _liste_de(vocabulaires.valeurs("reseaux_porteurs"),
                                 "/api/v1/doc/reseaux-porteurs",
                                 "Réseaux porteurs : chaque structure en a au moins un.")
    exclure_doublons = Booleen(load_default=False, metadata=_descr(
        "Parmi des structures en doublon, ne garder que la meilleure. Ce catalogue fusionne les "
        "doublons à la curation : il n'en publie pas, le paramètre est accepté sans effet."))


#: data·inclusion parameters this catalogue cannot serve: refused (422) with the reason, rather than
#: silently ignored; they are not in the contract (see docs/api.md)
NON_PRIS_EN_CHARGE = {
    "recherche_public": "la recherche en texte libre parmi les publics n'est pas prise en charge : "
                        "utilisez `publics` (référentiel) ou `q`.",
}


class ListeServices(Pagination, Territoire, FiltresServices):
    pass


class RechercheServices(Pagination, FiltresServices):
    sources = Territoire._declared_fields["sources"]
    code_commune = Texte(validate=validate.Regexp(r"^\w{5}$", error="Code INSEE à 5 caractères "
                         "attendu."), metadata=_descr(
        "Code INSEE de la commune de la personne : seules les offres auxquelles elle a droit "
        "(zone d'éligibilité) et, sur place, à moins de `rayon_km` de la commune ou du point "
        "lat/lon."))
    lat = Decimal(validate=validate.Range(-90, 90, error="Latitude entre -90 et 90 attendue."),
                  metadata=_descr("Latitude de la personne (avec `lon`)."))
    lon = Decimal(validate=validate.Range(-180, 180, error="Longitude entre -180 et 180 attendue."),
                  metadata=_descr("Longitude de la personne (avec `lat`)."))
    exclure_doublons = Booleen(load_default=False, metadata=_descr(
        "Parmi des offres en doublon (grappes de la curation), ne garder que la meilleure."))
    q = Texte(validate=validate.Length(max=500, error="Texte trop long (500 caractères au plus)."),
              metadata=_descr("Texte libre (mots du nom, de la description, de la structure)."))
    commune = Texte(validate=validate.Length(1, 100, error="Commune attendue."), metadata=_descr(
        EXTENSION + "Commune de la personne par code INSEE, code postal ou nom (« Lens (62) ») ; "
        "`code_commune` a la priorité."))
    rayon_km = Decimal(validate=validate.Range(1, 1000, error="Rayon entre 1 et 1000 km attendu."),
                       metadata=_descr(EXTENSION + "Rayon autour de la personne pour les offres "
                                       "sur place (50 km par défaut, comme data·inclusion)."))
    categories = _liste_de({c.value for c in vocabulaires.CATEGORIES}, "/api/v1/doc/thematiques",
                           EXTENSION + "Catégories de besoins (les thématiques de premier niveau).")
    structure = Texte(validate=validate.Length(1, 250, error="Identifiant de structure attendu."),
                      metadata=_descr(EXTENSION + "Seulement les services de cette structure (id)."))
    par_page = Entier(validate=validate.Range(1, TAILLE_MAX, error=f"Entre 1 et {TAILLE_MAX}."),
                      metadata=_descr(EXTENSION + "Ancien nom de `size`, gardé pour les liens "
                                      "existants."))

    @validates_schema
    def _point_complet(self, data: Mapping[str, Any], **_: Any) -> None:
        if ("lat" in data) != ("lon" in data):
            raise ValidationError("`lat` et `lon` vont ensemble.", "lat" if "lat" in data else "lon")
        code = data.get("code_commune")
        if code and territoires.commune(code) is None:
            raise ValidationError("Cette commune n'existe pas dans le Code officiel géographique.",
                                  "code_commune")


class RechercheTexte(RechercheServices):
    q = Texte(required=True, validate=validate.Length(1, 500, error="Texte de 1 à 500 caractères "
              "attendu."), error_messages={"required": "Paramètre obligatoire : le texte cherché."},
              metadata=_descr("Texte cherché (mots du nom, de la description, de la structure)."))


class Widget(Schema):
    class Meta:
        unknown = EXCLUDE

    code_commune = RechercheServices._declared_fields["code_commune"]
    commune = RechercheServices._declared_fields["commune"]
    thematiques = FiltresServices._declared_fields["thematiques"]
    freins = FiltresServices._declared_fields["freins"]
    publics = FiltresServices._declared_fields["publics"]
    page = Pagination._declared_fields["page"]


class Moissonnage(Pagination):
    depuis = Entier(load_default=0, validate=validate.Range(min=0, error="Entier positif attendu."),
                    metadata=_descr("Dernier numéro de changement déjà lu (`sequence`, 0 au départ)."))


# ------------------------------------------------------------------------------------------------
# Reading a query string


class ParametresInvalides(Exception):
    """The query string does not fit the schema; `erreurs` is [(parameter, French message)]."""

    def __init__(self, erreurs: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{p} : {m}" for p, m in erreurs))
        self.erreurs = erreurs


def lire(schema: Schema, args: Any) -> dict[str, Any]:
    """A query string (`MultiDict`) read with `schema`; raises `ParametresInvalides`."""
    refuses = [(nom, raison) for nom, raison in NON_PRIS_EN_CHARGE.items() if args.get(nom)]
    if refuses and "thematiques" in schema.fields:
        raise ParametresInvalides(refuses)
    brut: dict[str, Any] = {}
    for nom, champ in schema.fields.items():
        if isinstance(champ, fields.List):
            valeurs = [v.strip() for b in args.getlist(nom) for v in b.split(",") if v.strip()]
            if valeurs:
                brut[nom] = valeurs
        elif nom in args and args.get(nom).strip() != "":
            brut[nom] = args.get(nom).strip()
    try:
        return dict(schema.load(brut))
    except ValidationError as exc:
        raise ParametresInvalides(list(_aplatir(exc.messages))) from None


def _aplatir(messages: Any, nom: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(messages, Mapping):
        for cle, sous in messages.items():
            yield from _aplatir(sous, nom if isinstance(cle, int) else str(cle))
    elif isinstance(messages, list | tuple):
        for message in messages:
            yield from _aplatir(message, nom)
    else:
        yield nom or "_schema", str(messages)
