"""Search engine of the catalogue: the only package that imports Whoosh.

Public API (what views, the JSON API, the CLI and the DB sync hooks use):

    from search import Index, Requete, RequeteInvalide, comparer

    index = Index.open("instance/index")           # create=True makes an empty one
    index.rebuild(docs)                            # `reindex`: docs are `Document` dicts
    index.upsert([doc]); index.delete([id_])       # after_commit of the catalogue session
    masse = index.en_masse()                       # imports: one writer fed batch after batch,
    masse.ajouter(doc, analyser_document(doc))     # the analysis possibly done in another process
    masse.terminer()
    res = index.search(Requete(commune="62498", q="atelier cv", freins=("mobilite",)))
    res.total, res.hits[0].id, res.facets["freins"]["mobilite"], res.suggestions
    ecarts = comparer(index.versions(), db_versions)   # `check`
    reparer(index, ecarts, charger)                     # `check --repair`

How it works, in one paragraph per module:
- `analyse`: French analysis (elision, case and accent folding, stop words, Snowball stems);
  `synonymes`: the curated synonym table, expanded at index and query time.
- `documents`: the `Document` dict the catalogue serialises, and what is stored of it.
- `schema`, `ecriture`: the Whoosh schema and a bulk segment writer (100,000 offers in < 60 s).
- `segments`: each Whoosh segment held in memory as columns and bit sets, built once per segment.
- `moteur`: eligibility, filters, disjunctive facets and ranking, evaluated on those bit sets;
  `orthographe`: spelling suggestions.
- `index`: the `Index` lifecycle (rebuild, upsert, delete, readers following other processes);
  `verification`: `check`.
"""

from search.documents import STATUTS, Analyse, Document, DocumentInvalide
from search.documents import analyser as analyser_document
from search.index import EcritureEnMasse, Index, IndexVerrouille
from search.requete import (
    ELIGIBILITES,
    FACETTES,
    PROXIMITES,
    RAYON_KM_DEFAUT,
    Hit,
    Requete,
    RequeteInvalide,
    Resultat,
)
from search.verification import Ecarts, comparer, reparer

__all__ = [
    "Analyse",
    "EcritureEnMasse",
    "analyser_document",
    "ELIGIBILITES",
    "FACETTES",
    "PROXIMITES",
    "RAYON_KM_DEFAUT",
    "STATUTS",
    "Document",
    "DocumentInvalide",
    "Ecarts",
    "Hit",
    "Index",
    "IndexVerrouille",
    "Requete",
    "RequeteInvalide",
    "Resultat",
    "comparer",
    "reparer",
]
