"""Links built in bulk equal `url_for`'s (`catalogue.views.liens`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, url_for

from catalogue.views.liens import liens
from importers import importer_pour
from importers.base import importer
from tests.fabriques import ecrire_json, service, structure

#: ids as sources write them, and worse: every character class a URL path treats apart
IDS = ["dora--abc-123", "soliguide--12/34", "a b", "é à ç", "x?y=1&z#w", "100%", "a+b;c,d",
       "~tilde", "'quote'\"", "emoji-🙂", "slash/at/end/", "[crochets]", "<script>", "\\"]


def test_each_link_equals_url_for(app: Flask):
    with app.test_request_context("/recherche?code_commune=62498", base_url="https://ex.fr/sous"):
        offre = liens("pages.offre", "offre_id", commune="62 498&x")
        structure = liens("pages.structure", "structure_id")
        for ident in IDS:
            assert offre(ident) == url_for("pages.offre", offre_id=ident, commune="62 498&x")
            assert structure(ident) == url_for("pages.structure", structure_id=ident)
        assert offre("a").startswith("/sous/offres/a?"), "the application's prefix is kept"


def test_the_search_page_links_each_card_to_its_offer_and_structure(client: Any, engine: Any,
                                                                     tmp_path: Path):
    chemin = ecrire_json(tmp_path / "c.json", {
        "structures": [structure(1), structure(2)],
        "services": [service(1), service(2, structure_n=2, id="test--o 2/é")]})
    importer(importer_pour([chemin]), engine)
    page = client.get("/recherche?code_commune=62498").get_data(as_text=True)
    assert 'href="/offres/test--o1?commune=62498"' in page
    assert 'href="/offres/test--o%202/%C3%A9?commune=62498"' in page
    assert 'href="/structures/test--s1"' in page and 'href="/structures/test--s2"' in page
