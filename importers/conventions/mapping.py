"""Convention fiches -> data·inclusion v1 records (draft offers and their structures).

`fiche_vers_enregistrements(doc, fiche, source)` gives the structure that carries the fiche, then one
service per fiche, or one per sub-action when the fiche has some. Every dict validates with
`data_inclusion.schema.v1` once the keys starting with "_" are left out: `_type` says which model a
dict is ("structure" / "service"), `_provenance` where in which file it was read and which fields
were found (the importer stores it with its report).

Vocabularies come from their owners: freins -> thématiques from `catalogue.referentiels.freins`,
convention publics -> v1 publics from `catalogue.referentiels.publics`, territories from
`catalogue.referentiels.territoires`. Our only table here is the convention "Thématique" choice ->
v1 thématiques (`THEMATIQUES_PAR_CHOIX`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from importlib import import_module
from pathlib import PurePath
from typing import Any

from catalogue.referentiels import vocabulaires
from catalogue.referentiels.freins import PAR_SLUG as FREINS_PAR_SLUG
from catalogue.referentiels.publics import public_convention
from catalogue.texte import cle_compacte, normaliser, sans_accents
from importers.conventions import vocabulaire as voc
from importers.conventions.champs import designe_le_departement
from importers.conventions.modele import Document, Fiche, SousAction

#: the "Thématique — choix unique" of the fiches -> v1 thématiques. Empty for a choice that says
#: how the action is run rather than what it offers a person; the ticked freins add their own.
THEMATIQUES_PAR_CHOIX: dict[str, tuple[str, ...]] = {
    # seeds/004:2134, seeds/000:92: remobilisation sociale of people far from employment
    "Remobilisation": vocabulaires.thematiques_de("remobilisation"),
    # seeds/004:2133: going to people who do not claim their rights
    "Repérage des non recourants": (
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    ),
    # seeds/004:2137: which freins are lifted is said by the ticked freins
    "Levée des freins socio-professionnels": (),
    # seeds/004:2131, seeds/000:243: work with employers, no v1 thématique for the person
    "Relation / mobilisation des entreprises": (),
    # seeds/004:2132, 2135, 2136: ways of running the accompaniment, not a thématique
    "Prévention de l'entrée au RSA et des DE": (),
    "Orientation/ entrée en parcours": (),
    "Renforcement de l'accompagnement": (),
    # seeds/004:2138: a tool for professionals
    "Référencement numérique de l'offre": (),
    # seeds/000:19, 164-165: project management of the Lozère form's volet 1
    "Financement d'une chefferie de projet": (),
    "Financement d'une chefferie de projet numérique": (),
}
_PAR_CLE = {cle_compacte(choix): thematiques for choix, thematiques in THEMATIQUES_PAR_CHOIX.items()}
#: "Oui partiellement" is said in the precision of the public
CIBLES = {"cible_qpv": "Cible QPV", "cible_rurale": "Cible zone rurale"}
#: a name list: the first name carries the action ("Elan Créateur et Armada Production")
SEPARATEURS_DE_NOMS = re.compile(r"\s*(?:,|;|•|/|\bet\b)\s*")
#: the INSEE COG référentiel, imported when needed: without it the zone is the département
TERRITOIRES = "catalogue.referentiels.territoires"
NOM_MAX = 150
DESCRIPTION_MAX = 10_000


def _slug(texte: str) -> str:
    return normaliser(texte).replace(" ", "-")


def _slug_numero(numero: str) -> str:
    """`2.13` keeps its dot: `cie-2.13`."""
    return re.sub(r"[^a-z0-9.]+", "-", sans_accents(numero).lower()).strip("-")


def _tronquer(texte: str, limite: int) -> str:
    texte = " ".join(texte.split()) if limite <= NOM_MAX else texte.strip()
    if len(texte) <= limite:
        return texte
    return texte[: limite - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-") + "…"


# --- thématiques, publics, zone -------------------------------------------------------------------


def thematiques(fiche: Fiche) -> list[str]:
    """v1 thématiques of a fiche: its "Thématique" choice and its freins."""
    slugs: set[str] = set(_PAR_CLE.get(cle_compacte(fiche.thematique or ""), ()))
    freins = list(fiche.freins)
    if fiche.autre_frein and (autre := voc.frein(fiche.autre_frein)):
        freins.append(autre)
    for slug in freins:
        if slug in FREINS_PAR_SLUG:
            slugs |= FREINS_PAR_SLUG[slug].toutes_thematiques()
    return sorted(slugs)


def _publics_coches(fiche: Fiche) -> list[tuple[str, str | None]]:
    """(convention label, nuance) of every ticked public, the QPV / rural targets included."""
    coches: list[tuple[str, str | None]] = [(label, None) for label in fiche.publics]
    for champ, label in CIBLES.items():
        valeur = getattr(fiche, champ)
        if valeur in ("exclusivement", "partiellement"):
            coches.append((label, "exclusivement" if valeur == "exclusivement" else "en partie"))
    return coches


def publics(fiche: Fiche) -> tuple[list[str], str | None]:
    """(v1 publics, publics_precisions): nothing ticked gives no public; no label is dropped."""
    slugs: set[str] = set()
    precisions: list[str] = []
    for label, nuance in _publics_coches(fiche):
        ligne = public_convention(label)
        texte = (ligne.precision if ligne else None) or (None if ligne and ligne.publics else label)
        if ligne:
            slugs |= set(ligne.publics)
        if texte:
            precisions.append(f"{texte} ({nuance})" if nuance else texte)
    if fiche.publics_texte:
        precisions.append(fiche.publics_texte)
    return sorted(slugs), "; ".join(dict.fromkeys(precisions)) or None


def _communes(texte: str, departement: str) -> list[str]:
    """Codes of the communes a territory names, all in the département; [] when not all resolve."""
    try:
        territoires = import_module(TERRITOIRES)
    except ImportError:
        return []
    codes: list[str] = []
    for morceau in SEPARATEURS_DE_NOMS.split(texte):
        try:
            commune = territoires.resoudre_commune(morceau) if morceau.strip() else None
        except (OSError, ValueError, KeyError):
            return []
        if commune is None or commune.departement != departement:
            return []
        codes.append(commune.code)
    return codes


def zone_eligibilite(doc: Document, fiche: Fiche) -> list[str] | None:
    """The communes of the fiche's territory when it names only communes of the département,
    else the département; None when the document's département is unknown."""
    if doc.departement is None:
        return None
    territoire = fiche.territoire or ""
    if territoire and "departement" not in normaliser(territoire):
        if communes := _communes(territoire, doc.departement):
            return list(dict.fromkeys(communes))
    return [doc.departement]


# --- structures -------------------------------------------------------------------------------


def _nom_de_structure(doc: Document, porteur: str | None) -> str:
    premier = SEPARATEURS_DE_NOMS.split(porteur.strip())[0] if porteur else ""
    if len(premier) < 2 or designe_le_departement(premier):
        return f"Conseil départemental {doc.departement or ''}".strip()
    return premier


def structure(doc: Document, porteur: str | None, source: str, date_maj: str) -> dict[str, Any]:
    """The v1 structure of the organisation carrying an action (the Département by default)."""
    nom = _nom_de_structure(doc, porteur)
    return {
        "_type": "structure",
        "source": source,
        "id": f"{source}--{_slug(nom)}",
        "nom": nom,
        "date_maj": date_maj,
    }


# --- services ---------------------------------------------------------------------------------


def _nom(fiche: Fiche, sous_action: SousAction | None) -> str:
    titre = fiche.titre or f"Fiche action {fiche.numero}"
    nom = f"{titre} — {sous_action.titre}" if sous_action else titre
    nom = _tronquer(nom, NOM_MAX).rstrip(".")
    return nom if len(nom) >= 3 else f"Fiche action {fiche.numero}"


def _euros(valeur: str) -> str:
    return f"{valeur} €" if re.fullmatch(r"[\d  .,]+", valeur) else valeur


def _description(doc: Document, fiche: Fiche, sous_action: SousAction | None, nom: str) -> str:
    texte = (sous_action.description if sous_action else "") or fiche.description
    duree = (sous_action and sous_action.duree) or fiche.duree
    places = (sous_action and sous_action.volume_places) or fiche.volume_places
    cout = (sous_action and sous_action.cout_unitaire) or fiche.cout_unitaire
    porteur = (sous_action and sous_action.operateur) or fiche.operateur
    details = [
        f"Durée : {duree}" if duree else None,
        f"Nombre de places : {places}" if places else None,
        f"Coût unitaire par bénéficiaire du RSA : {_euros(cout)}" if cout else None,
        f"Porté par : {porteur}" if porteur else None,
        f"Partenaires : {fiche.partenaires}" if fiche.partenaires else None,
    ]
    pied = "\n".join(d.rstrip(".") + "." for d in details if d)
    if len(texte.strip()) < 5:
        texte = f"Action « {nom} » de « {doc.titre} »."
    return _tronquer("\n\n".join(p for p in (texte.strip(), pied) if p), DESCRIPTION_MAX)


def _id(doc: Document, fiche: Fiche, source: str, sous_action: SousAction | None) -> str:
    numero = f"{fiche.cadre}-{fiche.numero}" if fiche.cadre else fiche.numero
    suffixe = f"-{sous_action.numero}" if sous_action else ""
    return f"{source}--{_slug(PurePath(doc.nom_fichier).stem)}-{_slug_numero(numero)}{suffixe}"


def _service(
    doc: Document,
    fiche: Fiche,
    sous_action: SousAction | None,
    source: str,
    contexte: dict[str, Any],
) -> dict[str, Any]:
    nom = _nom(fiche, sous_action)
    slugs_publics, precisions = publics(fiche)
    service: dict[str, Any] = {
        "_type": "service",
        "source": source,
        "id": _id(doc, fiche, source, sous_action),
        "structure_id": contexte["structure_id"],
        "nom": nom,
        "description": _description(doc, fiche, sous_action, nom),
        "date_maj": contexte["date_maj"],
        "lien_source": None,
        "thematiques": thematiques(fiche) or None,
        "publics": slugs_publics or None,
        "publics_precisions": precisions,
        "zone_eligibilite": zone_eligibilite(doc, fiche),
        "_provenance": {
            "fichier": doc.nom_fichier,
            "lignes": list(sous_action.lignes if sous_action else fiche.lignes),
            "fiche": fiche.numero,
            "cadre": fiche.cadre,
            "sous_action": sous_action.numero if sous_action else None,
            "champs_trouves": list(fiche.champs_trouves),
            "champs_manquants": list(fiche.champs_manquants),
        },
    }
    return {k: v for k, v in service.items() if v is not None or k == "lien_source"}


def fiche_vers_enregistrements(
    doc: Document, fiche: Fiche, source: str, date_defaut: date | None = None
) -> list[dict[str, Any]]:
    """The structure(s) then the draft service(s) of one fiche.

    `date_defaut` dates the records when the document carries no date (today when omitted)."""
    date_maj = (doc.date or date_defaut or date.today()).isoformat()
    if not fiche.champs_trouves and not fiche.champs_manquants:
        fiche.faire_le_point()
    enregistrements: list[dict[str, Any]] = []
    parties: list[SousAction | None] = [*fiche.sous_actions] or [None]
    for sous_action in parties:
        porteur = (sous_action and sous_action.operateur) or fiche.operateur or fiche.pilote
        porteuse = structure(doc, porteur, source, date_maj)
        if porteuse["id"] not in {e["id"] for e in enregistrements}:
            enregistrements.insert(0, porteuse)
        contexte = {"structure_id": porteuse["id"], "date_maj": date_maj}
        enregistrements.append(_service(doc, fiche, sous_action, source, contexte))
    return sorted(enregistrements, key=lambda e: e["_type"] != "structure")


def document_vers_enregistrements(
    doc: Document, source: str, date_defaut: date | None = None
) -> list[dict[str, Any]]:
    """Every record of a document, each structure once (fiches share the Département)."""
    vus: set[str] = set()
    resultat: list[dict[str, Any]] = []
    for enregistrement in _tous(doc, source, date_defaut):
        if enregistrement["_type"] == "structure" and enregistrement["id"] in vus:
            continue
        vus.add(enregistrement["id"])
        resultat.append(enregistrement)
    return sorted(resultat, key=lambda e: e["_type"] != "structure")


def _tous(doc: Document, source: str, date_defaut: date | None) -> Iterable[dict[str, Any]]:
    for fiche in doc.fiches:
        yield from fiche_vers_enregistrements(doc, fiche, source, date_defaut)


def champs_v1(enregistrement: dict[str, Any]) -> dict[str, Any]:
    """The record without the keys that are not data·inclusion fields (`_type`, `_provenance`)."""
    return {k: v for k, v in enregistrement.items() if not k.startswith("_")}
