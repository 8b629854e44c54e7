"""What an import does to an offer someone curates: the import side of the review queue.

**Pre-moderation for untrusted imports.** `catalogue import` runs in review mode unless told
`--publier`: a new offer arrives as a draft (`brouillon`) with a `nouvelle` item in the queue; an
upstream change to an offer already *published* is not applied but stored as a `modification` item
(the record proposed, with the version it would replace), and applied only when an animateur
approves it. We chose pre- over post-moderation because référents act on what they read (they
send a person to an address, at given hours): a wrong change shown for a day costs more than a
right change shown a day late, and a rejected pre-moderated change needs no revert. Drafts are
not shown to référents, so a change to a draft is applied at once (its `nouvelle` item still
waits). Trusted runs (the demo, `--publier`, library callers) apply changes directly.

**Conflicts, whatever the trust.** A hand edit (`SuiviCuration.edite_le`) is never overwritten:
an import that brings a new upstream version of a hand-edited record queues a `conflit` with three
versions: the last imported one (`SuiviCuration.donnees_import`), the hand-edited one (the row) and
the new upstream one. The animateur picks, field by field.

**What "changed" means.** A record is compared with the last upstream version accounted for:
`SuiviCuration.empreinte_import` when the row differs from its source on purpose (hand edit,
"toujours à jour" confirmation), else the row's own fingerprint. The version already waiting in the
queue (`empreinte_attente`) counts as unchanged too, so importing the same file twice queues once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from catalogue.curation.historique import OFFRE, STRUCTURE, enregistrement
from catalogue.models import Revue, Statut, Structure, SuiviCuration, maintenant

CREATED, UPDATED, UNCHANGED, PENDING = "created", "updated", "unchanged", "pending"

EN_ATTENTE = "en-attente"
NOUVELLE, MODIFICATION, CONFLIT = "nouvelle", "modification", "conflit"
#: a hand edit that would take the offer beyond its editor's territory: waits for someone whose
#: territory covers the proposed version (`catalogue.curation.services.modifier_offre`)
HORS_TERRITOIRE = "hors-territoire"
#: a new upstream version of a structure merged into another, proposed to the one kept
#: (`proposer_aux_gardees`)
SOURCE_FUSIONNEE = "source-fusionnee"
#: a structure merge that reaches beyond its author's territory, waiting like `HORS_TERRITOIRE`
FUSION_HORS_TERRITOIRE = "fusion-territoire"  # (`Revue.nature` holds 20 characters)
NATURES = {NOUVELLE: "Nouvelle offre", MODIFICATION: "Modification de la source",
           CONFLIT: "Conflit avec une modification à la main",
           HORS_TERRITOIRE: "Modification hors du territoire de son auteur",
           SOURCE_FUSIONNEE: "Nouvelle version d'une source fusionnée",
           FUSION_HORS_TERRITOIRE: "Fusion hors du territoire de son auteur"}
#: the kinds of items an offer can wait in (the review list's tabs)
NATURES_OFFRES = {k: v for k, v in NATURES.items()
                  if k not in (SOURCE_FUSIONNEE, FUSION_HORS_TERRITOIRE)}


def suivis(session: Session, objet: str, ids: Iterable[str]) -> dict[str, SuiviCuration]:
    """Curation rows of these records (most records have none)."""
    ids = list(ids)
    trouves: dict[str, SuiviCuration] = {}
    for i in range(0, len(ids), 900):
        requete = (select(SuiviCuration).where(SuiviCuration.objet == objet)
                   .where(col(SuiviCuration.objet_id).in_(ids[i : i + 900])))
        trouves.update({s.objet_id: s for s in session.exec(requete)})
    return trouves


def decider(empreinte_actuelle: str | None, statut: str | None, suivi: SuiviCuration | None,
            empreinte: str, revue: bool) -> tuple[str, str | None]:
    """(outcome, nature of the queue item) for one incoming record."""
    if empreinte_actuelle is None:
        return CREATED, None
    reference = suivi.empreinte_import if suivi and suivi.empreinte_import else empreinte_actuelle
    if empreinte == reference or (suivi is not None and empreinte == suivi.empreinte_attente):
        return UNCHANGED, None
    if suivi is not None and suivi.edite_le is not None:
        return PENDING, CONFLIT
    if revue and statut == Statut.PUBLIEE.value:
        return PENDING, MODIFICATION
    return UPDATED, None


def en_attente(session: Session, objet: str, ids: Sequence[str],
               natures: Sequence[str] = (MODIFICATION, CONFLIT)) -> dict[str, Revue]:
    """Pending queue items of these records (one per record and nature family at most)."""
    trouves: dict[str, Revue] = {}
    for i in range(0, len(ids), 900):
        requete = (select(Revue).where(Revue.objet == objet, Revue.statut == EN_ATTENTE)
                   .where(col(Revue.nature).in_(natures))
                   .where(col(Revue.objet_id).in_(ids[i : i + 900])))
        trouves.update({r.objet_id: r for r in session.exec(requete)})
    return trouves


def mettre_en_attente(session: Session, objet: str, a_revoir: list[tuple[Any, str, str]],
                      actuelles: dict[str, dict[str, Any]], suivis_: dict[str, SuiviCuration],
                      run_id: int | None) -> None:
    """Queue upstream versions `(AEcrire, fingerprint, nature)`; a newer version of a record
    already waiting replaces the one in its item."""
    ids = [a.donnees["id"] for a, _, _ in a_revoir]
    existants = en_attente(session, objet, ids)
    for a, empreinte, nature in a_revoir:
        ident = a.donnees["id"]
        suivi = suivis_.get(ident) or SuiviCuration(objet=objet, objet_id=ident)
        item = existants.get(ident) or Revue(objet=objet, objet_id=ident, nature=nature)
        item.nature, item.run_id, item.cree_le = nature, run_id, maintenant()
        item.avant = actuelles[ident]
        item.proposee = enregistrement(a.donnees, objet)
        item.importee = suivi.donnees_import if nature == CONFLIT else None
        item.empreinte, item.brut = empreinte, a.brut
        suivi.empreinte_attente = empreinte
        session.add_all([item, suivi])
    session.flush()


def nouvelles(ids: Sequence[str], run_id: int | None) -> list[dict[str, Any]]:
    """Queue rows for new drafts (bulk insert)."""
    instant = maintenant()
    return [{"objet": OFFRE, "objet_id": i, "nature": NOUVELLE, "statut": EN_ATTENTE,
             "run_id": run_id, "cree_le": instant} for i in ids]


def remplacer_attentes(session: Session, objet: str, ids: Sequence[str]) -> None:
    """A record updated directly (trusted run) makes its waiting upstream version obsolete, and
    is back in step with its source."""
    for i in range(0, len(ids), 900):
        morceau = ids[i : i + 900]
        session.execute(update(Revue).where(col(Revue.objet) == objet)
                        .where(col(Revue.statut) == EN_ATTENTE)
                        .where(col(Revue.nature).in_((MODIFICATION, CONFLIT)))
                        .where(col(Revue.objet_id).in_(morceau))
                        .values(statut="remplacee", traitee_le=maintenant()))
        session.execute(update(SuiviCuration).where(col(SuiviCuration.objet) == objet)
                        .where(col(SuiviCuration.objet_id).in_(morceau))
                        .values(empreinte_import=None, donnees_import=None,
                                empreinte_attente=None, edite_le=None))


def proposer_aux_gardees(session: Session, absorbees: dict[str, str],
                         lignes: dict[str, dict[str, Any]], run_id: int | None) -> None:
    """A merged structure's source sent a new version: its hidden row took it (its provenance
    stays current) and the structure kept gets it as a proposal in the queue — never applied
    without a person, since the kept structure's values were chosen by one. A newer version
    replaces the one waiting."""
    existants = en_attente(session, STRUCTURE, sorted(set(absorbees.values())), (SOURCE_FUSIONNEE,))
    for ancien, gardee_id in absorbees.items():
        gardee = session.get(Structure, gardee_id)
        if gardee is None:
            continue
        item = existants.get(gardee_id) or Revue(objet=STRUCTURE, objet_id=gardee_id,
                                                 nature=SOURCE_FUSIONNEE)
        ligne = lignes[ancien]
        item.run_id, item.cree_le = run_id, maintenant()
        item.avant = enregistrement(gardee, STRUCTURE)
        item.proposee = {**enregistrement(ligne, STRUCTURE), "id": gardee.id,
                         "source": gardee.source}
        item.empreinte, item.motif = ligne["empreinte"], f"Source de la structure {ancien}."
        session.add(item)
        existants[gardee_id] = item
    session.flush()
