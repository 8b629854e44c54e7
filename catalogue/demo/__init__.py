"""Fictional demo catalogue (structures and services in data·inclusion v1 shape).

`catalogue.demo.generateur.generer_catalogue()` builds it from the templates of
`catalogue.demo.modeles`; `python -m catalogue.demo.generateur --out demo.json` writes it to a file.
The generator is not imported here, so `python -m` runs it without a double import.
"""
