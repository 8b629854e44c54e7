"""Merging two structures that are one: the offers of the absorbed structure move to the one kept.

A merge, in one transaction (the caller commits):

- the kept structure takes the values chosen from the absorbed one (a hand edit: a later upstream
  change of its own source then waits in the review queue as a conflict);
- every offer of the absorbed structure moves to the kept one (history and change journal per
  offer, so the search index and the harvesters follow);
- the absorbed structure's row stays, hidden, with its provenance (source, id at the source, raw
  record, fingerprint): a later import of its source updates that hidden row, writes its offers
  under the kept structure (`catalogue.services.structures_absorbees`) and proposes its new
  version to the kept structure in the review queue — nothing is recreated;
- its addresses (public page, curation page, API by id and by source) redirect to the kept one
  (a `Redirection` with `objet = "structure"`; chains collapse);
- both histories say what was merged into what; exports and the API leave the absorbed one out.

A merge whose structures reach départements outside the curator's territory is not applied: it
waits in the review queue for someone whose territory covers them, or an admin (see
`docs/securite.md`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import update
from sqlmodel import Session, col, select

from catalogue import journal, services
from catalogue.curation import historique, moderation
from catalogue.curation import services as curation
from catalogue.curation.historique import OFFRE, STRUCTURE, enregistrement
from catalogue.formats import compte
from catalogue.models import (
    NonDoublon,
    Offer,
    Revue,
    Structure,
    Utilisateur,
    maintenant,
)
from catalogue.validation import valider_structure

#: fields that are never taken from the absorbed structure
_IDENTITE = frozenset({"id", "source", "date_maj"})
PERIMEE = ("Une des deux structures a été modifiée depuis l'ouverture de la comparaison : rien "
           "n'a été fusionné. Relisez la comparaison à jour avant de confirmer.")


redirection = services.structure_gardee


def paire(s: Session, garde_id: str, autre_id: str, u: Utilisateur) -> tuple[Structure, Structure]:
    """The two structures of a comparison or merge, checked: distinct, existing, not merged
    already, curable by this user."""
    if garde_id == autre_id:
        raise ValueError("Choisissez deux structures différentes : c'est deux fois la même.")
    structures = []
    for ident in (garde_id, autre_id):
        if (vers := redirection(s, ident)) is not None:
            raise ValueError(f"La structure « {ident} » a déjà été fusionnée dans « {vers} ».")
        structures.append(curation.structure_curable(s, ident, u))
    return structures[0], structures[1]


def fusionner(s: Session, garde_id: str, autre_id: str, champs_autre: Iterable[str],
              empreintes: tuple[str, str], u: Utilisateur) -> curation.Issue:
    """Merge `autre` into `garde`, taking `champs_autre` from `autre`. `empreintes` are the
    fingerprints of both structures as the curator saw them: if either changed since, nothing is
    written (`ValueError`). Invalid merged record: nothing written, the errors in the issue."""
    garde, autre = paire(s, garde_id, autre_id, u)
    if (garde.empreinte, autre.empreinte) != empreintes:
        raise ValueError(PERIMEE)
    pris = sorted(set(champs_autre) - _IDENTITE)
    enreg = enregistrement(garde, STRUCTURE)
    enreg.update({c: v for c, v in enregistrement(autre, STRUCTURE).items() if c in pris})
    resultat = valider_structure(enreg)
    if not resultat.valide or resultat.donnees is None:
        return curation.Issue(resultat)
    portee = _portee(s, [garde, autre], resultat.donnees)
    if curation.hors_territoire(u, portee):
        return curation.Issue(resultat, en_revue=_mettre_en_revue(s, garde, autre, resultat.donnees,
                                                                  pris, u))
    return curation.Issue(resultat, appliquer(s, garde, autre, resultat.donnees, pris, u))


def _portee(s: Session, structures: list[Structure], apres: dict) -> set[str]:
    deps = curation.portee_structure(apres, [])
    for st in structures:
        deps |= curation.portee_structure(st, curation.offres_de_structure(s, st.id))
    return deps


def appliquer(s: Session, garde: Structure, autre: Structure, donnees: dict, pris: list[str],
              u: Utilisateur, commentaire: str | None = None) -> dict:
    """Write the merge (everything the module's docstring lists); returns the kept structure's
    changes per field."""
    provenance = f"source {autre.source}, identifiant {autre.source_id}"
    if pris:
        curation.marquer_edite(s, STRUCTURE, garde, u)
    changements = services.reecrire_structure(
        s, services.AEcrire(donnees, {}), garde.empreinte, services.Auteur(
            u.id, None, "fusion", _note(f"A absorbé la structure {autre.id} ({provenance}).",
                                        commentaire)))
    deplacees = _deplacer_offres(s, autre.id, garde.id, u)
    moderation.remplacer_attentes(s, STRUCTURE, [autre.id])
    historique.noter(s, [historique.ligne(
        STRUCTURE, autre.id, "fusion", {}, auteur_id=u.id, commentaire=_note(
            f"Fusionnée dans {garde.id} ; {compte(len(deplacees), 'offre déplacée')}.",
            commentaire))])
    journal.noter(s, journal.STRUCTURE, [autre.id])
    curation.rediriger(s, STRUCTURE, autre.id, garde.id, u)
    return changements


def _note(texte: str, commentaire: str | None) -> str:
    return f"{texte} {commentaire}" if commentaire else texte


def _deplacer_offres(s: Session, ancienne: str, nouvelle: str, u: Utilisateur) -> list[str]:
    """Move the offers; each keeps its fingerprint (its source's record did not change)."""
    ids = list(s.exec(select(Offer.id).where(Offer.structure_id == ancienne)))
    s.execute(update(Offer).where(col(Offer.structure_id) == ancienne).values(
        structure_id=nouvelle, version=Offer.version + 1, modifie_le=maintenant()))
    historique.noter(s, [historique.ligne(
        OFFRE, i, "fusion", {"structure_id": {"avant": ancienne, "apres": nouvelle}},
        auteur_id=u.id, commentaire=f"Structure {ancienne} fusionnée dans {nouvelle}.")
        for i in ids])
    services.noter_changements_offres(s, ids)
    return ids


def _mettre_en_revue(s: Session, garde: Structure, autre: Structure, donnees: dict,
                     pris: list[str], u: Utilisateur) -> Revue:
    item = Revue(objet=STRUCTURE, objet_id=garde.id, nature=moderation.FUSION_HORS_TERRITOIRE,
                 avant=enregistrement(garde, STRUCTURE), proposee=enregistrement(donnees, STRUCTURE),
                 empreinte=garde.empreinte,
                 brut={"absorbee": autre.id, "empreinte_absorbee": autre.empreinte, "pris": pris},
                 motif=f"Fusion de « {autre.nom} » ({autre.id}) proposée par {u.nom or u.courriel}.")
    s.add(item)
    s.flush()
    return item


def approuver_fusion(s: Session, item: Revue, u: Utilisateur) -> None:
    """Apply a merge that waited for someone whose territory covers both structures."""
    infos = item.brut or {}
    garde, autre = paire(s, item.objet_id, str(infos.get("absorbee")), u)
    if garde.empreinte != item.empreinte or autre.empreinte != infos.get("empreinte_absorbee"):
        raise ValueError("Une des deux structures a changé depuis la demande de fusion : "
                         "rejetez-la et refaites la comparaison.")
    resultat = valider_structure(item.proposee or {})
    if not resultat.valide or resultat.donnees is None:
        raise ValueError(f"La fusion proposée n'est plus valide : {resultat.erreurs[0].message}")
    if curation.hors_territoire(u, _portee(s, [garde, autre], resultat.donnees)):
        raise curation.Interdit(curation.HORS_TERRITOIRE_STRUCTURE)
    appliquer(s, garde, autre, resultat.donnees, list(infos.get("pris") or []), u, item.motif)


def marquer_distinctes(s: Session, id_a: str, id_b: str, u: Utilisateur) -> None:
    """"Pas un doublon": the pair is never proposed again."""
    paire(s, id_a, id_b, u)
    a, b = sorted((id_a, id_b))
    if s.get(NonDoublon, (STRUCTURE, a, b)) is None:
        s.add(NonDoublon(objet=STRUCTURE, id_a=a, id_b=b, par=u.id))
