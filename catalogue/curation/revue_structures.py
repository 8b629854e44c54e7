"""The structures' side of the review queue.

Four kinds of items wait on a structure (`Revue.objet == "structure"`):

- `conflit`: its source sent a new version of a hand-edited structure (keep mine / take theirs);
- `source-fusionnee`: the source of a structure merged into this one sent a new version
  (keep mine / take theirs);
- `hors-territoire`: an animateur's edit of a structure that reaches départements outside their
  territory (approve / reject);
- `fusion-territoire`: the same for a merge of two structures.

Who acts: a curator of the structure for the first two; for the last two, someone whose territory
covers every département the change reaches (its address before and after, and the places and
zones of the offers of both structures), or an admin — computed again when they act, on the
structures as they are then.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from catalogue import services
from catalogue.curation import fusion_structures, historique, moderation
from catalogue.curation import services as curation
from catalogue.curation.historique import STRUCTURE
from catalogue.models import Revue, Structure, Utilisateur
from catalogue.validation import valider_structure

#: what each kind of item asks, as the pages say it
QUESTIONS = {
    moderation.CONFLIT: "Cette structure a été modifiée à la main ; la source propose une autre "
                        "version, qui n'a rien écrasé.",
    moderation.SOURCE_FUSIONNEE: "La source d'une structure fusionnée dans celle-ci propose une "
                                 "nouvelle version, qui n'a rien écrasé.",
    moderation.HORS_TERRITOIRE: "Modification proposée par un animateur dont le territoire ne "
                                "couvre pas tous les départements de cette structure et de ses "
                                "offres : rien n'est changé avant approbation.",
    moderation.FUSION_HORS_TERRITOIRE: "Fusion proposée par un animateur dont le territoire ne "
                                       "couvre pas tous les départements des deux structures et "
                                       "de leurs offres : rien n'est fusionné avant approbation.",
}
#: items settled by choosing a version; the others are approved or rejected
PAR_VERSION = (moderation.CONFLIT, moderation.SOURCE_FUSIONNEE)


def en_attente(s: Session, structure_id: str | None = None) -> list[Revue]:
    requete = select(Revue).where(Revue.objet == STRUCTURE, Revue.statut == moderation.EN_ATTENTE)
    if structure_id is not None:
        requete = requete.where(Revue.objet_id == structure_id)
    return list(s.exec(requete.order_by(col(Revue.cree_le), col(Revue.id))).all())


def structure_de_revue(s: Session, item: Revue, u: Utilisateur) -> Structure:
    """The structure of an item, when this user may act on it (else `Interdit`)."""
    structure = curation.structure_curable(s, item.objet_id, u)
    if item.nature in PAR_VERSION:
        return structure
    portee = curation.portee_structure(structure, curation.offres_de_structure(s, structure.id))
    portee |= curation.portee_structure(item.proposee or {}, [])
    absorbee = (item.brut or {}).get("absorbee")
    if item.nature == moderation.FUSION_HORS_TERRITOIRE and absorbee:
        if (autre := s.get(Structure, absorbee)) is not None:
            portee |= curation.portee_structure(autre, curation.offres_de_structure(s, autre.id))
    if curation.hors_territoire(u, portee):
        raise curation.Interdit(curation.HORS_TERRITOIRE_STRUCTURE)
    return structure


def elements(s: Session, u: Utilisateur) -> list[tuple[Revue, Structure]]:
    """Pending structure items this user may act on, oldest first."""
    trouves = []
    for item in en_attente(s):
        try:
            trouves.append((item, structure_de_revue(s, item, u)))
        except (curation.Interdit, curation.Introuvable):
            continue
    return trouves


def approuver(s: Session, revue_id: int, u: Utilisateur) -> None:
    """Apply a structure edit or merge that waited for a curator of its whole territory."""
    item = curation.item_en_attente(s, revue_id)
    if item.objet != STRUCTURE or item.nature in PAR_VERSION:
        raise ValueError("Cet élément se règle en choisissant une version.")
    structure = structure_de_revue(s, item, u)
    if item.nature == moderation.FUSION_HORS_TERRITOIRE:
        fusion_structures.approuver_fusion(s, item, u)
    else:
        resultat = valider_structure(item.proposee or {})
        if not resultat.valide or resultat.donnees is None:
            raise ValueError("La version proposée n'est plus valide : "
                             f"{resultat.erreurs[0].message}")
        curation.marquer_edite(s, STRUCTURE, structure, u)
        services.reecrire_structure(s, services.AEcrire(resultat.donnees, {}), None,
                                    services.Auteur(u.id, None, "approbation", item.motif))
    curation.clore(s, item, u, "approuvee")


def rejeter(s: Session, revue_id: int, motif: str, u: Utilisateur) -> None:
    motif = (motif or "").strip()
    if not motif:
        raise ValueError("Indiquez le motif du rejet.")
    item = curation.item_en_attente(s, revue_id)
    if item.objet != STRUCTURE or item.nature in PAR_VERSION:
        raise ValueError("Cet élément se règle en choisissant une version.")
    structure = structure_de_revue(s, item, u)
    historique.noter(s, [historique.ligne(STRUCTURE, structure.id, "rejet", {}, auteur_id=u.id,
                                          commentaire=f"{item.motif} Rejetée : {motif}")])
    item.motif = f"{item.motif} Rejetée : {motif}"
    curation.clore(s, item, u, "rejetee")
