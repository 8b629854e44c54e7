"""`catalogue.insertion.inserer`: the import's bulk insert writes exactly what SQLAlchemy's
`insert()` writes (JSON columns, dates, column defaults), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlmodel import Session

from catalogue import services
from catalogue.insertion import inserer, inserer_tuples
from catalogue.models import ImportItem, ImportRun, OfferTag, Structure, maintenant, table
from catalogue.validation import valider_service, valider_structure
from tests import fabriques


def _structure(ident: str) -> dict[str, Any]:
    return {"id": ident, "source": "test", "source_id": ident, "nom": "Structure « é »",
            "date_maj": date(2025, 6, 1), "reseaux_porteurs": ["france-travail"],
            "brut": {"nom": "Structure « é »", "n": 1.5}, "derniere_vue": maintenant()}


def test_inserer_ecrit_comme_sqlalchemy(engine: Any) -> None:
    with Session(engine) as s:
        inserer(s, Structure, [_structure("test--a")])
        s.execute(insert(table(Structure)), [_structure("test--b")])
        s.commit()
        a, b = (s.get(Structure, i) for i in ("test--a", "test--b"))
        assert a is not None and b is not None
        colonnes = [c.name for c in table(Structure).columns if c.name not in ("id", "source_id")]
        temps = {"premiere_vue", "derniere_vue", "cree_le", "modifie_le"}
        assert {c: getattr(a, c) for c in colonnes if c not in temps} == {
            c: getattr(b, c) for c in colonnes if c not in temps}
        assert all(getattr(a, c) is not None for c in temps), "defaults applied"
        assert a.reseaux_porteurs == ["france-travail"] and a.brut == {"nom": "Structure « é »",
                                                                       "n": 1.5}


def test_inserer_dans_la_transaction_de_la_session(engine: Any) -> None:
    with Session(engine) as s:
        run = ImportRun(format="test", fichiers=[])
        s.add(run)
        s.commit()
        inserer(s, ImportItem, [{"run_id": run.id, "position": 1, "kind": "service",
                                 "status": "created"}])
        s.rollback()
        assert s.execute(select(ImportItem)).first() is None, "rolled back with the session"
        inserer(s, ImportItem, [{"run_id": run.id, "position": 1, "kind": "service",
                                 "status": "rejected", "errors": [{"field": "nom"}]}])
        s.commit()
        item = s.execute(select(ImportItem)).scalar_one()
        assert item.errors == [{"field": "nom"}] and item.warnings == [] and item.lieu == ""


def test_dates_partagees_et_distinctes_dans_un_meme_lot(engine: Any) -> None:
    """Date and time columns convert the value last seen once (by identity): rows sharing one
    timestamp, rows with their own, and a date between them all land as given."""
    instant = maintenant()
    autre = datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC)
    lignes = [dict(_structure(f"test--{i}"), derniere_vue=v, date_maj=d) for i, (v, d) in
              enumerate([(instant, date(2025, 6, 1)), (instant, date(2025, 6, 1)),
                         (autre, date(2001, 1, 1)), (instant, date(2025, 6, 1))])]
    with Session(engine) as s:
        inserer(s, Structure, lignes)
        s.commit()
        lues = [s.get(Structure, f"test--{i}") for i in range(4)]
        assert [(x.derniere_vue, x.date_maj) for x in lues if x is not None] == [
            (v["derniere_vue"], v["date_maj"]) for v in lignes]



def test_inserer_tuples_ecrit_les_etiquettes_et_refuse_une_table_a_convertir(engine: Any) -> None:
    structure, service = valider_structure(fabriques.structure()), valider_service(
        fabriques.service(publics=["jeunes", "femmes"], thematiques=["mobilite--preparer-un-permis"]))
    assert structure.donnees is not None and service.donnees is not None
    with Session(engine) as s:
        services.enregistrer_structures(s, [services.AEcrire(structure.donnees, {})])
        services.enregistrer_offres(s, [services.AEcrire(service.donnees, {})])  # its tags
        inserer_tuples(s, OfferTag, ("offer_id", "champ", "valeur"),
                       [(service.donnees["id"], "publics", "seniors")])
        s.commit()
        lues = s.execute(select(OfferTag.champ, OfferTag.valeur)
                         .where(OfferTag.champ.in_(["publics", "thematiques"]))  # type: ignore[attr-defined]
                         .order_by(OfferTag.champ, OfferTag.valeur)).all()
        assert [tuple(t) for t in lues] == [
            ("publics", "femmes"), ("publics", "jeunes"), ("publics", "seniors"),
            ("thematiques", "mobilite--preparer-un-permis")]
        with pytest.raises(ValueError, match="dans l'ordre"):
            inserer_tuples(s, OfferTag, ("champ", "offer_id", "valeur"), [("a", "b", "c")])
        with pytest.raises(ValueError, match="conversion"):  # JSON and dates, defaults
            inserer_tuples(s, Structure, ("id",), [("test--x",)])
