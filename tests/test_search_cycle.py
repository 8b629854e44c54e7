"""Index lifecycle: upsert, delete, rebuild, check, merges, locks, another process reading."""

from __future__ import annotations

import gc
import io
import random
import subprocess
import sys
import textwrap
from array import array
from pathlib import Path
from types import SimpleNamespace

import pytest
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_ushort

from search import (
    DocumentInvalide,
    Ecarts,
    Index,
    IndexVerrouille,
    Requete,
    comparer,
    documents,
    ecriture,
    reparer,
    schema,
)
from search.documents import Document, exemple

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture
def index(tmp_path) -> Index:
    return Index.open(tmp_path / "index")


def ids(index: Index, q: str = "", **filtres) -> list[str]:
    return sorted(h.id for h in index.search(Requete(None, q=q, par_page=100, **filtres)).hits)


def test_upsert_ajoute_puis_remplace(index: Index) -> None:
    assert index.upsert([exemple(id="a", nom="Atelier cuisine")]) == 1
    assert ids(index, "cuisine") == ["a"]
    index.upsert([exemple(id="a", nom="Atelier couture", version="2")])
    assert ids(index, "cuisine") == [] and ids(index, "couture") == ["a"]
    assert index.versions() == {"a": "2"} and len(index) == 1


def test_upsert_garde_la_derniere_version_d_un_id_en_double(index: Index) -> None:
    index.upsert([exemple(id="a", version="1"), exemple(id="a", version="2")])
    assert index.versions() == {"a": "2"}


def test_delete(index: Index) -> None:
    index.upsert([exemple(id="a"), exemple(id="b")])
    assert index.delete(["a", "inconnu"]) == 1
    assert ids(index) == ["b"] and index.delete([]) == 0


def test_rebuild_remplace_tout(index: Index) -> None:
    index.upsert([exemple(id="ancienne")])
    assert index.rebuild([exemple(id="x"), exemple(id="y"), exemple(id="x", version="9")]) == 2
    assert index.versions() == {"x": "1", "y": "1"}
    assert index.rebuild([]) == 0 and len(index) == 0


def test_tous_les_statuts_sont_indexes(index: Index) -> None:
    index.rebuild([exemple(id="p"), exemple(id="b", statut="brouillon")])
    assert set(index.versions()) == {"p", "b"}
    assert ids(index) == ["p"]


def test_document_invalide_rien_n_est_ecrit(index: Index) -> None:
    index.upsert([exemple(id="a")])
    with pytest.raises(DocumentInvalide, match="statut inconnu"):
        index.upsert([exemple(id="b"), exemple(id="c", statut="publie")])
    with pytest.raises(DocumentInvalide, match="id"):
        index.upsert([exemple(id="")])
    assert set(index.versions()) == {"a"}


def test_beaucoup_de_petites_ecritures_puis_fusions(index: Index) -> None:
    index.rebuild([exemple(id=f"r{i}", nom="Atelier") for i in range(50)])
    for i in range(25):  # one commit each: small segments get merged along the way
        index.upsert([exemple(id=f"u{i}", nom="Permanence emploi", version="1")])
        index.upsert([exemple(id=f"r{i}", nom="Permanence emploi", version="2")])
    index.delete([f"u{i}" for i in range(0, 25, 2)])
    assert len(index.vue().segments) < 10
    assert len(ids(index, "permanence")) == 25 + 12
    assert ids(index, "atelier") == sorted(f"r{i}" for i in range(25, 50))
    versions = index.versions()
    assert len(versions) == 50 + 12 and versions["r3"] == "2" and versions["r30"] == "1"


def test_un_autre_ecrivain_tient_le_verrou(index: Index) -> None:
    ecrivain = whoosh_index.open_dir(index.chemin).writer()
    try:
        with pytest.raises(IndexVerrouille, match="occupé"):
            index.upsert([exemple(id="a")], attente=0.2)
    finally:
        ecrivain.cancel()
    assert index.upsert([exemple(id="a")]) == 1


def test_ouvrir_sans_creer(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        Index.open(tmp_path / "absent", create=False)


def test_deux_objets_index_sur_le_meme_dossier(index: Index) -> None:
    autre = Index.open(index.chemin)
    assert len(autre) == 0
    index.upsert([exemple(id="a")])
    assert len(autre) == 1


LECTEUR = textwrap.dedent(
    """
    import sys
    from search import Index, Requete
    index = Index.open(sys.argv[1], create=False)
    for ligne in sys.stdin:
        res = index.search(Requete(None, q=ligne.strip()))
        print(res.total, index.vue().generation, flush=True)
    """
)


def test_un_autre_processus_voit_les_mises_a_jour(index: Index) -> None:
    index.rebuild([exemple(id="a", nom="Atelier cuisine")])
    lecteur = subprocess.Popen(
        [sys.executable, "-c", LECTEUR, str(index.chemin)],
        cwd=RACINE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert lecteur.stdin is not None and lecteur.stdout is not None
    try:
        def demander(q: str) -> tuple[int, int]:
            lecteur.stdin.write(q + "\n")  # type: ignore[union-attr]
            lecteur.stdin.flush()  # type: ignore[union-attr]
            total, generation = lecteur.stdout.readline().split()  # type: ignore[union-attr]
            return int(total), int(generation)

        assert demander("cuisine")[0] == 1
        index.upsert([exemple(id="b", nom="Cuisine du monde")])
        total, generation = demander("cuisine")
        assert total == 2 and generation == index.generation
        index.delete(["a"])
        assert demander("cuisine")[0] == 1
        index.rebuild([])
        assert demander("cuisine")[0] == 0
    finally:
        lecteur.stdin.close()
        lecteur.wait(timeout=30)


# --- check ---------------------------------------------------------------------------------


def test_comparer() -> None:
    ecarts = comparer({"a": "1", "b": "1", "x": "1"}, {"a": "1", "b": "2", "c": "1", "d": "1"})
    assert ecarts == Ecarts(manquants=["c", "d"], perimes=["b"], en_trop=["x"])
    assert len(ecarts) == 4 and not ecarts.aucun
    assert comparer({"a": "1"}, {"a": "1"}).aucun


def test_check_puis_reparation(index: Index) -> None:
    base = {i: exemple(id=i, nom=f"Offre {i}", version="1") for i in ("a", "b", "c")}
    index.rebuild([base["a"], base["b"], exemple(id="z")])
    base["b"] = exemple(id="b", nom="Offre b modifiée", version="2")
    db_versions = {i: d["version"] for i, d in base.items()}

    ecarts = comparer(index.versions(), db_versions)
    assert ecarts == Ecarts(manquants=["c"], perimes=["b"], en_trop=["z"])

    assert reparer(index, ecarts, lambda liste: [base[i] for i in liste]) == 3
    assert comparer(index.versions(), db_versions).aucun
    assert ids(index, "modifiée") == ["b"]


def _corpus_varie(n: int) -> list[Document]:
    rnd = random.Random(3)
    mots = ["atelier", "permis", "crèche", "emploi", "numérique", "logement", "santé", "cv"]
    thematiques = ["mobilite--preparer-un-permis", "famille--garde-denfants",
                   "numerique--acceder-a-une-connexion-internet", "sante--acces-aux-soins"]
    return [
        exemple(
            id=f"o{i}", nom=" ".join(rnd.sample(mots, 2)),
            description=" ".join(rnd.choices(mots, k=rnd.randint(3, 30))),
            thematiques=rnd.sample(thematiques, rnd.randint(0, 2)),
            publics=rnd.choice([["tous-publics"], ["jeunes"], ["seniors", "femmes"]]),
            zone_eligibilite=rnd.choice([None, ["62498"], ["62"], ["59"], ["france"]]),
            code_insee=rnd.choice(["62498", "62510", "62041", "59350", None]),
            modes_accueil=rnd.choice([["en-presentiel"], ["a-distance"]]),
            volume_horaire_hebdomadaire=rnd.choice([None, 2.0, 6.0]),
            score_qualite=i / 1000,  # all different: the order is fully determined
        )
        for i in range(n)
    ]


def test_compter_les_segments_ne_charge_aucun_segment(tmp_path, monkeypatch) -> None:
    """What `catalogue import` asks at its end (its advice to compact): read from the table of
    contents, not by loading every document of the index into memory."""
    monkeypatch.setattr(ecriture, "FUSION_MIN_DOCS", 5)
    ecrivain = Index.open(tmp_path / "i")
    ecrivain.rebuild(_corpus_varie(20))
    ecrivain.upsert([exemple(id="nouveau")])
    lecteur = Index.open(tmp_path / "i")  # another process's view of the folder
    assert lecteur.nombre_segments() == 2
    assert lecteur._vue is None, "nothing loaded to count"
    assert len(lecteur.vue().segments) == 2
    ecrivain.rebuild(_corpus_varie(20))
    assert lecteur.nombre_segments() == 1, "the latest generation, not the one in memory"


@pytest.mark.parametrize("fusion_min", [5, 1_000])  # several segments / merged through Whoosh
def test_plusieurs_segments_meme_resultat_qu_un_seul(tmp_path, monkeypatch, fusion_min) -> None:
    monkeypatch.setattr(ecriture, "FUSION_MIN_DOCS", fusion_min)
    corpus = _corpus_varie(80)
    un = Index.open(tmp_path / "un")
    un.rebuild(corpus)
    plusieurs = Index.open(tmp_path / "plusieurs")
    plusieurs.rebuild(corpus[:30])
    for debut in range(30, 80, 7):
        plusieurs.upsert(corpus[debut : debut + 7])
    plusieurs.upsert([exemple(id="temporaire")])
    plusieurs.delete(["temporaire"])
    assert (len(plusieurs.vue().segments) > 1) == (fusion_min == 5)
    for req in (
        Requete("62498", par_page=7, page=2), Requete("62498", q="atelier emploi"),
        Requete("59350", q="crèche", freins=("parentalite",)), Requete(None, q="santé"),
        Requete("62041", publics=("jeunes",), heures_min=1, heures_max=4),
    ):
        a, b = un.search(req), plusieurs.search(req)
        assert (a.total, a.facets) == (b.total, b.facets)
        assert [(h.id, h.score, h.eligibilite) for h in a.hits] == [
            (h.id, h.score, h.eligibilite) for h in b.hits
        ]


def test_index_vide(index: Index) -> None:
    res = index.search(Requete("62498", q="cusine", freins=("mobilite",)))
    assert (res.total, res.hits, res.suggestions, res.pages) == (0, [], [], 1)
    assert res.facets["freins"]["mobilite"] == 0
    assert index.versions() == {} and len(index) == 0


@pytest.mark.parametrize("par_commit", [3, 1_000])  # several chunks / a single one
def test_ecriture_en_masse_meme_resultat_qu_une_reconstruction(tmp_path, par_commit) -> None:
    """What an import does: documents fed one by one, some with their analysis done elsewhere,
    an id written twice (the second wins), one removal; the index answers like a rebuild."""
    corpus = _corpus_varie(40)
    reference = Index.open(tmp_path / "reference")
    reference.rebuild(corpus[1:])
    masse = Index.open(tmp_path / "masse")
    masse.upsert([exemple(id=corpus[5]["id"], nom="Ancienne version"), exemple(id="disparue")])
    generation = masse.generation
    ecriture_ = masse.en_masse(par_commit=par_commit)
    for i, doc in enumerate(corpus):
        ecriture_.ajouter(doc, documents.analyser(doc) if i % 2 else None)
    ecriture_.supprimer([corpus[0]["id"], "disparue"])
    assert ecriture_.terminer() == len(corpus)
    assert masse.versions() == reference.versions()
    # one commit per chunk, each followed by the fold of the small segments
    assert (masse.generation - generation > 4) == (par_commit == 3)
    for req in (Requete("62498", q="atelier emploi"), Requete(None, q="ancienne"),
                Requete("59350", q="crèche", freins=("parentalite",))):
        a, b = reference.search(req), masse.search(req)
        assert (a.total, a.facets) == (b.total, b.facets)
        assert [h.id for h in a.hits] == [h.id for h in b.hits], "scores differ by deleted docs only"


@pytest.mark.parametrize("ecrire", ["upsert", "en_masse"])
def test_les_documents_sont_visibles_avant_la_fusion_des_petits_segments(
        tmp_path, monkeypatch, ecrire) -> None:
    """A writer commits its documents, then folds the small segments in a commit of its own:
    the merge (a second of CPU for a few thousand documents, more on a loaded machine) no longer
    delays what readers see. Checked from another reader of the folder, as each merged segment
    is read."""
    index = Index.open(tmp_path / "index")
    index.rebuild([exemple(id=f"r{i}", nom="Atelier") for i in range(50)])
    index.upsert([exemple(id="u", nom="Permanence")])  # two small segments now
    autre = Index.open(tmp_path / "index")
    vus: list[list[str]] = []
    fusionner = ecriture.EcrivainRapide.add_reader

    def add_reader(self, reader) -> None:
        vus.append(ids(autre, "zanzibar"))
        fusionner(self, reader)

    monkeypatch.setattr(ecriture.EcrivainRapide, "add_reader", add_reader)
    nouveau = exemple(id="nouveau", nom="Atelier Zanzibar")
    if ecrire == "upsert":
        index.upsert([nouveau])
    else:
        masse = index.en_masse()
        masse.ajouter(nouveau)
        assert masse.terminer() == 1
    assert vus and all(v == ["nouveau"] for v in vus), vus
    assert len(index.vue().segments) == 1 and ids(autre, "zanzibar") == ["nouveau"]


def test_la_fusion_n_attend_pas_un_autre_ecrivain(index: Index) -> None:
    """Another writer holds the index: the fold is left to its own commit, the write succeeds."""
    index.rebuild([exemple(id="r")])
    index.upsert([exemple(id="a")])
    ecrivain = whoosh_index.open_dir(index.chemin).writer()
    try:
        assert index.fusionner_petits_segments() is None
    finally:
        ecrivain.cancel()
    index.upsert([exemple(id="b")])
    assert len(index.vue().segments) == 1 and ids(index) == ["a", "b", "r"]


def test_ecriture_en_masse_annulee_ne_laisse_rien(index: Index) -> None:
    ecriture_ = index.en_masse()
    ecriture_.ajouter(exemple(id="a"))
    ecriture_.annuler()
    assert len(index) == 0 and ecriture_.terminer() == 0
    index.upsert([exemple(id="b")])  # the lock was released
    assert ids(index) == ["b"]


def test_analyse_compacte_identique_a_l_analyse_directe() -> None:
    doc = exemple(nom="Garde d'enfants : crèche", description="L'atelier aide à passer le permis.")
    analyse = documents.analyser(doc)
    assert documents.champs(doc, analyse) == documents.champs(doc)
    termes, poids, mots = analyse.deplier()
    assert "perm" in termes and len(termes) == len(poids) == len(set(termes))
    assert poids[termes.index("gard")] > poids[termes.index("perm")], "a word of the name weighs more"
    assert "creche" in mots or "crèche" in mots


def test_listes_courtes_dans_la_table_des_termes_longues_en_blocs(index: Index) -> None:
    """A term with few postings is written inline in the term table, a common one in blocks of
    the postings file: both read back the same, also after a merge through Whoosh's pool."""
    rare = ecriture.EN_LIGNE_MAX
    docs = [exemple(id=f"o{i}", nom="Atelier cuisine" if i < rare else "Atelier couture")
            for i in range(ecriture.EN_LIGNE_MAX * 3)]
    index.rebuild(docs)
    with whoosh_index.open_dir(index.chemin).reader() as lecteur:
        assert lecteur.term_info("texte", "cuisin").is_inlined()
        assert not lecteur.term_info("texte", "coutur").is_inlined()
        assert lecteur.term_info("id", "o0").is_inlined()
        assert lecteur.doc_frequency("texte", "cuisin") == rare
    assert ids(index, "cuisine") == sorted(f"o{i}" for i in range(rare))
    assert len(ids(index, "couture")) == len(docs) - rare
    index.upsert([exemple(id="o1", nom="Atelier couture", version="2")])  # a small segment
    index.upsert([exemple(id="o2", nom="Atelier couture", version="2")])  # merged with it (pool)
    assert ids(index, "cuisine") == sorted({f"o{i}" for i in range(rare)} - {"o1", "o2"})
    assert index.delete(["o0"]) == 1 and "o0" not in ids(index)


def test_un_index_ou_l_id_est_un_champ_stocke_reste_utilisable(tmp_path) -> None:
    """Indexes created before `id` stopped being stored keep their schema and work as before."""
    ancien = schema.creer()
    ancien.remove("id")
    ancien.add("id", fields.ID(unique=True, stored=True))
    (tmp_path / "ancien").mkdir()
    whoosh_index.create_in(tmp_path / "ancien", ancien)
    index = Index.open(tmp_path / "ancien")
    masse = index.en_masse()
    masse.ajouter(exemple(id="a", nom="Atelier cuisine"))
    masse.terminer()
    index.upsert([exemple(id="a", nom="Atelier couture", version="2"), exemple(id="b")])
    assert ids(index, "couture") == ["a"] and index.versions() == {"a": "2", "b": "1"}
    with whoosh_index.open_dir(index.chemin).searcher() as chercheur:
        assert {d["id"] for d in chercheur.all_stored_fields()} == {"a", "b"}


def test_entree_en_ligne_comme_celle_de_whoosh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The term-table entry written for a short list is the one Whoosh's own inline path gives
    (once its `set_inline` typo is mended), values aside: ours are empty bytes, one per posting."""
    docnums, poids = array("I", [3, 7]), array("f", [1.0, 4.5])
    longueurs = array("I", [0, 0, 0, 12, 0, 0, 0, 40])
    ecrit: dict[bytes, bytes] = {}
    fw = SimpleNamespace(_fieldid=2, _tindex=SimpleNamespace(add=ecrit.__setitem__))
    ecriture._en_ligne(fw, b"mot", docnums, poids, longueurs)

    monkeypatch.setattr(W3TermInfo, "set_inline", W3TermInfo.set_inlined, raising=False)
    pw = ecriture.CODEC.postings_writer(StructFile(io.BytesIO()))
    pw._inlinelimit = 10
    pw.start_postings(schema.creer()["texte"].format, W3TermInfo())
    for d, p in zip(docnums, poids, strict=True):
        pw.add_posting(d, p, b"", longueurs[d])
    attendu = W3TermInfo.from_bytes(pw.finish_postings().to_bytes())
    ecrit_info = W3TermInfo.from_bytes(ecrit[pack_ushort(2) + b"mot"])
    taille = W3TermInfo._struct.size
    assert ecrit[pack_ushort(2) + b"mot"][:taille] == attendu.to_bytes()[:taille]
    assert ecrit_info.inlined_postings()[:2] == attendu.inlined_postings()[:2] == ((3, 7), (1.0, 4.5))
    assert ecrit_info.inlined_postings()[2] == (b"", b"")


def test_identifiants_en_listes_de_postings() -> None:
    """The `id` field is kept flat while a segment is written, then made into the posting lists a
    per-document `Postings` would hold: one per id, both postings of an id added twice."""
    identifiants = ecriture.Identifiants()
    for docnum, ident in enumerate(["b", "a", "b"]):
        identifiants.ajouter(docnum, ident)
    postings = identifiants.postings()
    assert {t: (list(d), list(p)) for t, (d, p) in postings.listes.items()} == {
        "a": ([1], [1.0]), "b": ([0, 2], [1.0, 1.0])}
    assert list(postings.longueurs) == [1, 1, 1]
    assert list(ecriture._UN) == [1.0], "the shared weights array is left as it was"
    assert not ecriture.Identifiants().postings().listes


def test_ecrire_ne_laisse_pas_de_cycle_par_une_exception(index: Index) -> None:
    """A segment writer asks Whoosh twice for the same temporary folder; Whoosh's own storage
    answers the second time through a `FileExistsError` kept in a local variable, a reference
    cycle that held the finished writer and its postings until the garbage collector ran."""
    index.upsert([exemple(id="a")])
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        index.upsert([exemple(id="b")])
        gc.collect()
        exceptions = [o for o in gc.garbage if isinstance(o, BaseException)]
        ecrivains = [o for o in gc.garbage if isinstance(o, ecriture.EcrivainRapide)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert exceptions == [] and ecrivains == []
    assert ids(index) == ["a", "b"]
