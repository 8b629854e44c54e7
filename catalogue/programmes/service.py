"""The programmes' service layer: the functions the pages and the CLI both call.

Every write goes through `validation` (French errors naming the field). Like the catalogue's write
functions, these flush but leave the commit to the caller, who owns the transaction.

Access: a programme belongs to a `proprietaire` (the référent's browser-session id until accounts
exist). Reading functions take the owners allowed to see it (`None`: anyone, for the CLI); the demo
programmes (owner "demo") are readable by everyone and can be duplicated as templates.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, func, or_
from sqlmodel import Session, col, select

from catalogue.models import CHAMPS_SERVICE, Offer, OfferTag, Statut, Structure, maintenant
from catalogue.programmes import calendrier, controles, echange, suggestion
from catalogue.programmes import heures as h
from catalogue.programmes.controles import Constat
from catalogue.programmes.erreurs import ErreurChamp, ProgrammeIntrouvable, SaisieInvalide
from catalogue.programmes.heures import Heures
from catalogue.programmes.models import Activite, Programme, StatutProgramme
from catalogue.programmes.plan import ActivitePlan, Plan, Semaine, tableau_semaines
from catalogue.programmes.suggestion import Proposition
from catalogue.programmes.validation import lire_entier, valider_activite, valider_programme
from catalogue.ramasse_miettes import sans_ramasse_miettes
from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import territoires, vocabulaires
from catalogue.services import service_v1

PROPRIETAIRE_DEMO = "demo"
PROPRIETAIRE_CLI = "cli"


# ------------------------------------------------------------------------------------------------
# Programmes


def creer_programme(session: Session, donnees: Mapping[str, Any], proprietaire: str) -> Programme:
    programme = Programme(proprietaire=proprietaire, **valider_programme(donnees))
    session.add(programme)
    session.flush()
    return programme


def modifier_programme(session: Session, programme: Programme, donnees: Mapping[str, Any]) -> Programme:
    """Change the programme's frame; its activities must still fit in its weeks."""
    valeurs = valider_programme(donnees)
    trop_tard = [a for a in activites_de(session, programme) if a.semaine_debut > valeurs["nombre_semaines"]]
    if trop_tard:
        raise SaisieInvalide.sur("nombre_semaines", f"l'activité n° {trop_tard[0].position} commence "
                                                    f"en semaine {trop_tard[0].semaine_debut}")
    for nom, valeur in valeurs.items():
        setattr(programme, nom, valeur)
    for a in activites_de(session, programme):
        if a.semaine_fin is not None and a.semaine_fin > programme.nombre_semaines:
            a.semaine_fin = programme.nombre_semaines
    return _modifie(session, programme)


def _modifie(session: Session, programme: Programme) -> Programme:
    programme.modifie_le = maintenant()
    session.add(programme)
    session.flush()
    return programme


def identifiant(programme: Programme) -> int:
    """The id of a programme already flushed (every programme the service hands out is)."""
    if programme.id is None:
        raise ValueError("Programme pas encore enregistré.")
    return programme.id


def trouver_programme(session: Session, programme_id: int,
                      proprietaires: Sequence[str] | None = None) -> Programme:
    """The programme if one of `proprietaires` owns it (None: any owner)."""
    programme = session.get(Programme, programme_id)
    if programme is None or (proprietaires is not None and programme.proprietaire not in proprietaires):
        raise ProgrammeIntrouvable(f"Aucun programme n° {programme_id}.")
    return programme


def lister_programmes(session: Session, proprietaire: str | None, archives: bool = False
                      ) -> list[Programme]:
    """A référent's programmes (None: everyone's), most recently changed first."""
    statut = StatutProgramme.ARCHIVE if archives else StatutProgramme.ACTIF
    requete = select(Programme).where(Programme.statut == statut.value)
    if proprietaire is not None:
        requete = requete.where(Programme.proprietaire == proprietaire)
    return list(session.exec(requete.order_by(col(Programme.modifie_le).desc(), col(Programme.id))))


def archiver_programme(session: Session, programme: Programme) -> Programme:
    programme.statut = StatutProgramme.ARCHIVE.value
    return _modifie(session, programme)


def restaurer_programme(session: Session, programme: Programme) -> Programme:
    programme.statut = StatutProgramme.ACTIF.value
    return _modifie(session, programme)


def dupliquer_programme(session: Session, programme: Programme, proprietaire: str,
                        libelle: str | None = None) -> Programme:
    """A copy to adapt for another person (a template): same frame and activities, new label."""
    copie = Programme(**{nom: copy.deepcopy(getattr(programme, nom)) for nom in _COLONNES_COPIEES},
                      proprietaire=proprietaire, modele_id=programme.id,
                      libelle=libelle or f"Copie de {programme.libelle}"[:80])
    session.add(copie)
    session.flush()
    for a in activites_de(session, programme):
        session.add(Activite(**{nom: copy.deepcopy(getattr(a, nom)) for nom in _COLONNES_ACTIVITE},
                             programme_id=identifiant(copie)))
    session.flush()
    return copie


_COLONNES_COPIEES = ("code_commune", "publics", "freins", "freins_ailleurs", "debut", "nombre_semaines",
                     "cible_heures", "parcours", "motif_reduction", "indisponibilites")
_COLONNES_ACTIVITE = ("position", "offer_id", "libelle", "creneaux", "semaine_debut", "semaine_fin",
                      "heures_saisies", "freins", "raison", "service_importe")


def supprimer_programmes(session: Session, proprietaire: str) -> int:
    """Delete every programme of an owner (the demo programmes before they are rebuilt)."""
    programmes = list(session.exec(select(Programme).where(Programme.proprietaire == proprietaire)))
    for p in programmes:
        for a in activites_de(session, p):
            session.delete(a)
        session.delete(p)
    session.flush()
    return len(programmes)


# ------------------------------------------------------------------------------------------------
# Activities


def activites_de(session: Session, programme: Programme) -> list[Activite]:
    requete = select(Activite).where(Activite.programme_id == programme.id)
    return list(session.exec(requete.order_by(col(Activite.position))))


def ajouter_activite(session: Session, programme: Programme, donnees: Mapping[str, Any],
                     raison: str | None = None, service_importe: dict[str, Any] | None = None
                     ) -> Activite:
    """Add an offer (`offer_id`) or a free activity (`libelle`) with its slots and weeks.

    `service_importe` is the v1 record of an offer this catalogue does not have (JSON import)."""
    offre = _offre_de_l_activite(session, donnees, service_importe)
    valeurs = valider_activite(donnees, offre, programme.debut, programme.nombre_semaines)
    position = 1 + max((a.position for a in activites_de(session, programme)), default=0)
    activite = Activite(programme_id=identifiant(programme), position=position, raison=raison,
                        service_importe=service_importe if offre is service_importe else None, **valeurs)
    session.add(activite)
    _modifie(session, programme)
    return activite


def _offre_de_l_activite(session: Session, donnees: Mapping[str, Any],
                         service_importe: dict[str, Any] | None) -> Mapping[str, Any] | None:
    offer_id = str(donnees.get("offer_id") or "").strip()
    if not offer_id:
        return None
    offre = offres_par_id(session, [offer_id]).get(offer_id)
    if offre is None and service_importe is not None and service_importe.get("id") == offer_id:
        return service_importe
    if offre is None:
        raise SaisieInvalide.sur("offer_id", f"aucune offre « {offer_id} » dans le catalogue")
    return offre


def trouver_activite(session: Session, programme: Programme, position: int) -> Activite:
    for a in activites_de(session, programme):
        if a.position == position:
            return a
    raise ProgrammeIntrouvable(f"Aucune activité n° {position} dans ce programme.")


def modifier_activite(session: Session, programme: Programme, position: int,
                      donnees: Mapping[str, Any]) -> Activite:
    """Change slots, weeks, hours (and label and freins of a free activity); the offer stays."""
    activite = trouver_activite(session, programme, position)
    entree = {"libelle": activite.libelle, "freins": activite.freins, **donnees,
              "offer_id": activite.offer_id}
    offre = (_offre_de_l_activite(session, entree, activite.service_importe)
             if activite.offer_id else None)
    for nom, valeur in valider_activite(entree, offre, programme.debut, programme.nombre_semaines).items():
        setattr(activite, nom, valeur)
    session.add(activite)
    _modifie(session, programme)
    return activite


def retirer_activite(session: Session, programme: Programme, position: int) -> None:
    """Remove one activity; the ones after it move up a number."""
    session.delete(trouver_activite(session, programme, position))
    session.flush()
    for a in activites_de(session, programme):
        if a.position > position:
            a.position -= 1
            session.add(a)
    _modifie(session, programme)


# ------------------------------------------------------------------------------------------------
# Offers as the programme sees them


def offres_par_id(session: Session, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """v1 fields of these offers, plus `statut`, `score_qualite` and `structure_nom`."""
    ids = list(dict.fromkeys(ids))
    trouvees: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 900):
        requete = (select(Offer, Structure.nom).join(Structure, col(Structure.id) == Offer.structure_id)
                   .where(col(Offer.id).in_(ids[i : i + 900])))
        for offre, structure_nom in session.exec(requete):
            trouvees[offre.id] = {**service_v1(offre), "statut": offre.statut,
                                  "score_qualite": offre.score_qualite, "structure_nom": structure_nom}
    return trouvees


def plan_de(session: Session, programme: Programme) -> Plan:
    """The programme as plain values for checks, suggestion and exports."""
    activites = activites_de(session, programme)
    offres = offres_par_id(session, [a.offer_id for a in activites if a.offer_id])
    return Plan(
        commune=programme.code_commune, debut=programme.debut,
        nombre_semaines=programme.nombre_semaines, cible=programme.cible_heures,
        publics=tuple(programme.publics), freins=tuple(programme.freins),
        freins_ailleurs=tuple(programme.freins_ailleurs),
        indisponibilites=h.lire_creneaux(programme.indisponibilites, "indisponibilites", fusionner=True),
        activites=tuple(_activite_plan(a, offres) for a in activites),
    )


def _activite_plan(a: Activite, offres: Mapping[str, dict[str, Any]]) -> ActivitePlan:
    offre: dict[str, Any] | None = offres.get(a.offer_id) if a.offer_id else None
    if offre is None and a.service_importe is not None:
        offre = {**a.service_importe, "hors_catalogue": True}
    libelle = a.libelle or (offre or {}).get("nom") or a.offer_id or "Activité"
    return ActivitePlan(
        cle=a.position, libelle=str(libelle), creneaux=h.lire_creneaux(a.creneaux, "creneaux"),
        semaine_debut=a.semaine_debut, semaine_fin=a.semaine_fin, heures_saisies=a.heures_saisies,
        offre_id=a.offer_id, offre=offre, freins_declares=tuple(a.freins), raison=a.raison,
    )


def service_de(activite: ActivitePlan) -> dict[str, Any] | None:
    """The data·inclusion v1 record of an activity's offer (None for a free activity)."""
    if activite.offre is None:
        return None
    return {champ: activite.offre.get(champ) for champ in CHAMPS_SERVICE}


# ------------------------------------------------------------------------------------------------
# What a programme page shows


@dataclass(frozen=True)
class VueActivite:
    activite: ActivitePlan
    semaines: range
    heures: Heures
    constats: tuple[Constat, ...]

    def date_debut(self, debut_programme: dt.date) -> dt.date:
        return h.debut_semaine(debut_programme, self.semaines.start)

    def date_fin(self, debut_programme: dt.date) -> dt.date:
        return h.debut_semaine(debut_programme, self.semaines[-1]) + dt.timedelta(days=6)


@dataclass(frozen=True)
class VueProgramme:
    programme: Programme
    plan: Plan
    semaines: list[Semaine]
    constats: list[Constat]
    activites: list[VueActivite]

    @property
    def constats_generaux(self) -> list[Constat]:
        return [c for c in self.constats if c.activite is None]

    @property
    def erreurs(self) -> list[Constat]:
        return [c for c in self.constats if c.niveau == "erreur"]

    @property
    def semaines_atteintes(self) -> int:
        return sum(1 for s in self.semaines if s.atteinte)

    @property
    def fin(self) -> dt.date:
        return h.fin_programme(self.plan.debut, self.plan.nombre_semaines)

    @property
    def commune_nom(self) -> str:
        commune = territoires.commune(self.plan.commune)
        return f"{commune.nom} ({commune.departement})" if commune else self.plan.commune

    @property
    def calendrier_scolaire_connu(self) -> bool:
        zone = calendrier.zone_scolaire(self.plan.departement)
        return calendrier.calendrier_connu(self.plan.debut, self.fin, zone)

    @property
    def plages(self) -> list[tuple[int, int, float]]:
        return h.plages_de_semaines([s.heures for s in self.semaines])

    def libelles_publics(self) -> list[str]:
        libelles = vocabulaires.libelles("publics")
        return [libelles.get(p, p) for p in self.plan.publics]


def vue_programme(session: Session, programme: Programme, aujourdhui: dt.date | None = None
                  ) -> VueProgramme:
    plan = plan_de(session, programme)
    semaines = tableau_semaines(plan)
    constats = controles.controler(plan, aujourdhui, semaines)
    activites = [VueActivite(a, a.semaines(plan.nombre_semaines), a.heures(),
                             tuple(c for c in constats if c.activite == a.cle))
                 for a in plan.activites]
    return VueProgramme(programme, plan, semaines, constats, activites)


# ------------------------------------------------------------------------------------------------
# Suggestion

#: the candidate columns the suggestion reads (not the descriptions nor the raw records)
COLONNES_CANDIDAT = ("id", "nom", "statut", "thematiques", "publics", "zone_eligibilite",
                     "modes_accueil", "volume_horaire_hebdomadaire", "nombre_semaines",
                     "horaires_accueil", "score_qualite", "code_insee", "commune", "latitude",
                     "longitude", "date_maj")


#: JSON columns among them: read as text and parsed in one call (per-value decoding dominated)
_COLONNES_JSON = frozenset({"thematiques", "publics", "zone_eligibilite", "modes_accueil"})


def candidats(session: Session, plan: Plan, utiles_seulement: bool = True) -> list[dict[str, Any]]:
    """Published offers eligible for the person's commune and publics, as the suggestion reads them.

    SQL over the `offer_tag` index (same zone rule as `eligibilite`, which the suggestion applies
    again with the 50 km radius): a zone tag among the commune's zones, or no zone tag at all —
    remote offers included, remote only waives the radius. With
    `utiles_seulement`, only offers the suggestion can use: with weekly hours, or lifting a frein
    the plan still has to cover."""
    colonnes = [cast(getattr(Offer, c), Text) if c in _COLONNES_JSON else getattr(Offer, c)
                for c in COLONNES_CANDIDAT]
    requete = select(*colonnes).where(Offer.statut == Statut.PUBLIEE.value, _dans_la_zone(plan.commune))
    if plan.publics:
        requete = requete.where(_tag("publics", [*plan.publics, vocabulaires.TOUS_PUBLICS]))
    if utiles_seulement:
        requete = requete.where(_utile(plan))
    # Core, not the ORM: plain tuples, without the ORM's per-row bookkeeping
    lignes = session.connection().execute(requete.order_by(col(Offer.id))).all()
    valeurs = {c: [ligne[i] for ligne in lignes] for i, c in enumerate(COLONNES_CANDIDAT)}
    for c in _COLONNES_JSON:
        valeurs[c] = json.loads("[" + ",".join(v or "null" for v in valeurs[c]) + "]")
    return [dict(zip(COLONNES_CANDIDAT, ligne, strict=True)) for ligne in zip(*valeurs.values(), strict=True)]


def _utile(plan: Plan) -> Any:
    thematiques = sorted({t for f in plan.freins_a_couvrir()
                          for t in ref_freins.frein(f).toutes_thematiques()})
    avec_heures = col(Offer.volume_horaire_hebdomadaire) > 0
    return or_(avec_heures, _tag("thematiques", thematiques)) if thematiques else avec_heures


def _tag(champ: str, valeurs: Sequence[str] | None) -> Any:
    """Offers having a tag (`valeurs` None: any value) of a field. A plain `IN (subquery)`: both
    databases build the id set once, where a correlated `EXISTS` ran once per offer."""
    ids = select(OfferTag.offer_id).where(OfferTag.champ == champ)
    if valeurs is not None:
        ids = ids.where(col(OfferTag.valeur).in_(valeurs))
    return col(Offer.id).in_(ids)


def _dans_la_zone(commune: str) -> Any:
    """The zone applies to every offer, remote ones included (`eligibilite.eligible_commune`)."""
    return or_(_tag("zone_eligibilite", territoires.zones_englobantes(commune)),
               ~_tag("zone_eligibilite", None))


def proposer_pour(session: Session, programme: Programme,
                  activites_max: int = suggestion.ACTIVITES_MAX) -> Proposition:
    """« Proposer un programme »: what the suggestion would add (nothing is written), with at most
    `activites_max` offers (the référent's setting, read by `lire_activites_max`)."""
    plan = plan_de(session, programme)
    with sans_ramasse_miettes():
        return suggestion.proposer(plan, candidats(session, plan), activites_max=activites_max)


def lire_activites_max(valeur: Any) -> int:
    """The référent's maximum number of activities (form, query string or CLI); default if empty."""
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        return suggestion.ACTIVITES_MAX
    return lire_entier(valeur, "activites_max", 1, suggestion.ACTIVITES_MAX_LIMITE)


def appliquer_proposition(session: Session, programme: Programme, proposition: Proposition
                          ) -> list[Activite]:
    """Add the proposed offers, through the same validation as a référent's own choices."""
    ajoutees = []
    for choix in proposition.choix:
        activite = choix.activite(0, programme.nombre_semaines)
        donnees = {"offer_id": activite.offre_id, "creneaux": [c.as_dict() for c in activite.creneaux],
                   "semaine_debut": activite.semaine_debut, "semaine_fin": activite.semaine_fin}
        ajoutees.append(ajouter_activite(session, programme, donnees, raison=choix.raison))
    return ajoutees


def compter_programmes(session: Session, proprietaire: str) -> int:
    requete = select(func.count()).select_from(Programme).where(Programme.proprietaire == proprietaire)
    return int(session.exec(requete).one())


# ------------------------------------------------------------------------------------------------
# Exchange document


def document_de(vue: VueProgramme) -> dict[str, Any]:
    """The JSON exchange document of a programme (`echange`)."""
    services = {a.cle: service_de(a) for a in vue.plan.activites}
    return echange.document(vue.plan, vue.semaines, vue.programme.parcours,
                                     vue.programme.motif_reduction, services)


def importer_programme(session: Session, document: Any, proprietaire: str,
                       libelle: str = "Programme importé") -> Programme:
    """Create a programme from an exchange document. An offer this catalogue has is linked; one it
    does not have keeps the v1 record of the file (and the checks say so)."""
    valeurs, activites = echange.lire(document)
    programme = creer_programme(session, {**valeurs, "libelle": libelle}, proprietaire)
    for i, a in enumerate(activites):
        service = a.pop("service")
        raison = a.pop("raison")
        try:
            ajouter_activite(session, programme, a, raison=raison, service_importe=service)
        except SaisieInvalide as exc:
            raise SaisieInvalide([ErreurChamp(f"document.activites[{i}].{e.champ}", e.message)
                                  for e in exc.erreurs]) from exc
    return programme
