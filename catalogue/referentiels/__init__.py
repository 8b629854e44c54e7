"""Référentiels: the vocabularies the catalogue speaks.

- `vocabulaires`: data·inclusion v1 enumerations, read from `data-inclusion-schema` (never retyped);
- `freins`: the convention's "freins" mapped onto data·inclusion thématiques (our table);
- `publics`: the convention's public labels mapped onto data·inclusion publics (our table);
- `territoires`: INSEE COG (communes, EPCI, départements, régions) from `@etalab/decoupage-administratif`.
"""
