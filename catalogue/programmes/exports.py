"""The three exports of a programme: JSON (exchange format), iCalendar, printable A4 page.

- JSON: `service.document_de` (format in docs/programme-schema.md), pretty-printed, UTF-8.
- iCalendar: one weekly recurring event per slot of each activity, `RRULE:FREQ=WEEKLY;UNTIL=…`
  ending on the activity's last occurrence, in Europe/Paris time (with its VTIMEZONE). Activities
  without slots have no time to put in a calendar: they are listed in the calendar's description.
- HTML: `templates/programmes/impression.html`, a page for the person, in plain French (what, where,
  when, who to call) with one week grid; it prints on one A4 sheet for a usual plan.

File names carry the programme number only: the label is the référent's and may identify someone.
The HTML needs an application context (the app's Jinja templates).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app, has_request_context, render_template

from catalogue.programmes import eligibilite
from catalogue.programmes import heures as h
from catalogue.programmes.plan import ActivitePlan
from catalogue.programmes.service import VueActivite, VueProgramme, document_de

FORMATS = ("json", "ics", "html")
FUSEAU = ZoneInfo("Europe/Paris")
PRODID = "-//Offres d'insertion//Programme 15 heures//FR"
_TYPES = {"json": "application/json", "ics": "text/calendar", "html": "text/html"}
_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre")


@dataclass(frozen=True)
class Export:
    contenu: bytes
    type_mime: str
    nom_fichier: str


def exporter(vue: VueProgramme, format: str) -> Export:
    if format not in FORMATS:
        raise ValueError(f"Format d'export « {format} » inconnu : {', '.join(FORMATS)}.")
    contenu = {"json": lambda: json_programme(vue).encode(), "ics": lambda: ics_programme(vue),
               "html": lambda: html_programme(vue).encode()}[format]()
    return Export(contenu, f"{_TYPES[format]}; charset=utf-8",
                  f"programme-{vue.programme.id}.{format}")


def json_programme(vue: VueProgramme) -> str:
    return json.dumps(document_de(vue), ensure_ascii=False, indent=2) + "\n"


def date_longue(jour: dt.date) -> str:
    """`lundi 5 janvier 2026`."""
    nom = h.NOMS_JOURS[jour.weekday()] if jour.weekday() < len(h.NOMS_JOURS) else "dimanche"
    return f"{nom} {jour.day} {_MOIS[jour.month - 1]} {jour.year}"


def date_courte(jour: dt.date) -> str:
    """`5 janvier`."""
    return f"{jour.day} {_MOIS[jour.month - 1]}"


# ------------------------------------------------------------------------------------------------
# What the person reads (HTML page and calendar descriptions)


def lieu(a: ActivitePlan) -> str | None:
    """`12 rue du Lien, Bâtiment B, 62300 Lens`, or `À distance`."""
    if a.offre is None:
        return None
    adresse = ", ".join(str(x) for x in (a.offre.get("adresse"), a.offre.get("complement_adresse"))
                        if x)
    ville = " ".join(str(x) for x in (a.offre.get("code_postal"), a.offre.get("commune")) if x)
    texte = ", ".join(x for x in (adresse, ville) if x)
    if not texte and eligibilite.a_distance(a.offre):
        return "À distance (téléphone ou visioconférence)"
    return texte or None


def contacts(a: ActivitePlan) -> list[str]:
    """Who to call: structure, person, phone, e-mail."""
    if a.offre is None:
        return []
    o = a.offre
    lignes = [str(o["structure_nom"])] if o.get("structure_nom") else []
    lignes += [f"{etiquette} : {o[cle]}" for cle, etiquette in (
        ("contact_nom_prenom", "Contact"), ("telephone", "Téléphone"), ("courriel", "Courriel"))
        if o.get(cle)]
    return lignes


def periode(vue: VueProgramme, va: VueActivite) -> str:
    debut, fin = va.date_debut(vue.plan.debut), va.date_fin(vue.plan.debut)
    if len(va.semaines) == 1:
        return f"la semaine du {date_courte(debut)} {debut.year}"
    return f"du {date_courte(debut)} {debut.year} au {date_courte(fin)} {fin.year}"


def quand(va: VueActivite) -> str:
    """`le lundi de 9 h à 12 h et le jeudi de 14 h à 16 h`, or the hours when no slot is fixed."""
    if va.activite.creneaux:
        return h.creneaux_en_mots(va.activite.creneaux)
    if va.activite.est_libre:
        return "aux moments que vous choisissez"
    return "horaire à convenir avec la structure"


@dataclass(frozen=True)
class Case:
    minute: int
    debut: str
    fin: str
    titre: str
    semaines: str


@dataclass
class Fiche:
    """Everything the printable page shows, already in words."""

    vue: VueProgramme
    grille: list[list[Case]] = field(default_factory=lambda: [[] for _ in h.JOURS])
    sans_horaire: list[tuple[str, str]] = field(default_factory=list)
    activites: list[dict[str, object]] = field(default_factory=list)
    plages: list[str] = field(default_factory=list)
    #: hours in the slots of each day (overlaps counted once), Monday first
    totaux_jour: list[float] = field(default_factory=lambda: [0.0 for _ in h.JOURS])
    #: the week shown (its activities only), or None for every activity of the programme
    semaine: int | None = None
    #: weekly hours of the activities without fixed slots
    heures_sans_horaire: float = 0.0

    @property
    def total(self) -> float:
        """The week's hours: slots (overlaps once) plus activities without slots."""
        return round(sum(self.totaux_jour) + self.heures_sans_horaire, 2)


def fiche(vue: VueProgramme, semaine: int | None = None) -> Fiche:
    """What the pages show; with `semaine`, only the activities running that week."""
    f = Fiche(vue, semaine=semaine)
    retenues = [va for va in vue.activites if semaine is None or semaine in va.semaines]
    for va in retenues:
        a = va.activite
        weeks = _semaines_courtes(va.semaines, vue.plan.nombre_semaines)
        for c in a.creneaux:
            f.grille[c.jour].append(Case(c.debut, h.heure_lisible(c.debut), h.heure_lisible(c.fin), a.libelle,
                                         weeks))
        if not a.creneaux:
            f.sans_horaire.append((a.libelle, "durée à convenir" if va.heures.source == "inconnue"
                                   else f"{h.duree_lisible(va.heures.valeur)} par semaine"))
            f.heures_sans_horaire += va.heures.valeur
        f.activites.append({"numero": a.cle, "titre": a.libelle, "ou": lieu(a), "quand": quand(va),
                            "periode": periode(vue, va), "heures": h.duree_lisible(va.heures.valeur),
                            "heures_connues": va.heures.source != "inconnue",
                            "estimees": va.heures.source == "supposee", "contacts": contacts(a)})
    creneaux = h.fusion_creneaux(c for va in retenues for c in va.activite.creneaux)
    for c in creneaux:
        f.totaux_jour[c.jour] += c.heures
    for jour in f.grille:
        jour.sort(key=lambda case: case.minute)
    f.plages = [_plage(debut, fin, valeur) for debut, fin, valeur in vue.plages]
    return f


def _semaines_courtes(semaines: range, duree: int) -> str:
    if semaines.start == 1 and semaines[-1] == duree:
        return "toutes les semaines"
    if len(semaines) == 1:
        return f"semaine {semaines.start}"
    return f"semaines {semaines.start} à {semaines[-1]}"


def _plage(debut: int, fin: int, valeur: float) -> str:
    quand = f"Semaine {debut}" if debut == fin else f"Semaines {debut} à {fin}"
    return f"{quand} : {h.duree_lisible(valeur)} par semaine"


def html_programme(vue: VueProgramme) -> str:
    """The printable page. Outside a request (CLI) a blank one is made: the app's context
    processors (the signed-in user of the curation pages) read the request."""
    if not has_request_context():
        with current_app.test_request_context():
            return html_programme(vue)
    return render_template("programmes/impression.html", f=fiche(vue), vue=vue,
                           date_longue=date_longue, jours=h.NOMS_JOURS, duree=h.duree_lisible)


# ------------------------------------------------------------------------------------------------
# iCalendar


def ics_programme(vue: VueProgramme) -> bytes:
    calendrier = icalendar.Calendar()
    calendrier.add("prodid", PRODID)
    calendrier.add("version", "2.0")
    calendrier.add("calscale", "GREGORIAN")
    calendrier.add("x-wr-calname", "Mon programme d'activités")
    sans_horaire = [f"{va.activite.libelle} : {h.duree_lisible(va.heures.valeur)} par semaine"
                    for va in vue.activites if not va.activite.creneaux]
    if sans_horaire:
        calendrier.add("x-wr-caldesc", "Sans horaire fixe : " + " ; ".join(sans_horaire))
    horodatage = _utc(vue.programme.modifie_le)
    for va in vue.activites:
        for creneau in va.activite.creneaux:
            calendrier.add_component(_evenement(vue, va, creneau, horodatage))
    calendrier.add_missing_timezones()
    return calendrier.to_ical()


def _utc(instant: dt.datetime) -> dt.datetime:
    """Stored datetimes come back naive from SQLite: they are UTC."""
    return instant.replace(tzinfo=dt.UTC) if instant.tzinfo is None else instant.astimezone(dt.UTC)


def _a_paris(jour: dt.date, minutes: int) -> dt.datetime:
    return (dt.datetime.combine(jour, dt.time()) + dt.timedelta(minutes=minutes)).replace(tzinfo=FUSEAU)


def _evenement(vue: VueProgramme, va: VueActivite, c: h.Creneau, horodatage: dt.datetime
               ) -> icalendar.Event:
    premier = h.date_du_jour(vue.plan.debut, va.semaines.start, c.jour)
    dernier = h.date_du_jour(vue.plan.debut, va.semaines[-1], c.jour)
    a = va.activite
    evenement = icalendar.Event()
    evenement.add("uid", f"programme-{vue.programme.id}-activite-{a.cle}-{h.JOURS[c.jour]}"
                         f"{h.hhmm(c.debut).replace(':', '')}@offres-insertion")
    evenement.add("dtstamp", horodatage)
    evenement.add("summary", a.libelle)
    evenement.add("dtstart", _a_paris(premier, c.debut))
    evenement.add("dtend", _a_paris(premier, c.fin))
    # RFC 5545: with a zoned DTSTART, UNTIL is in UTC; it is the start of the last occurrence
    evenement.add("rrule", {"freq": "weekly", "until": _a_paris(dernier, c.debut).astimezone(dt.UTC)})
    if (ou := lieu(a)) is not None:
        evenement.add("location", ou)
    description = [f"{h.duree_lisible(va.heures.valeur)} par semaine, {periode(vue, va)}.",
                   *contacts(a)]
    evenement.add("description", "\n".join(description))
    return evenement
