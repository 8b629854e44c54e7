"""Small text helpers shared by référentiels, importers and views."""

from __future__ import annotations

import html
import re
import unicodedata


def sans_accents(texte: str) -> str:
    """`Évreux-Île` -> `Evreux-Ile` (NFKD then drop combining marks; œ/æ expanded)."""
    texte = texte.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c))


def normaliser(texte: str) -> str:
    """Search key: lower case, no accents, punctuation turned into single spaces."""
    lettres = "".join(c if c.isalnum() else " " for c in sans_accents(texte).lower())
    return " ".join(lettres.split())


def cle_compacte(texte: str) -> str:
    """Comparison key for labels typed by people: `Jeunes (-25 ans)` == `jeunes -25ans`."""
    return normaliser(texte).replace(" ", "")


#: a tag, a comment, a doctype or a processing instruction, whatever its length
_BALISE = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>|<[!?][^<>]*>")
_FIN_DE_BLOC = re.compile(r"<\s*(br|/p|/li|/div)\s*/?>", re.I)
#: what is left of a tag with no `>`: a `<` right before a letter, `/`, `!` or `?`
_DEBUT_DE_BALISE = re.compile(r"<(?=[a-zA-Z/!?])")
_ENTITE = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?")


def contient_html(texte: str) -> bool:
    """True when `texte` has a tag or a character entity (what `texte_brut` changes)."""
    return "<" in texte and bool(_BALISE.search(texte) or _DEBUT_DE_BALISE.search(texte)) or (
        "&" in texte and bool(_ENTITE.search(texte)))


def texte_brut(texte: str) -> str:
    """Plain text out of what may be HTML: `<p>Atelier&nbsp;CV</p><br>` -> `Atelier CV`.

    Entities are decoded *before* tags are removed, again until nothing changes, so that
    `&lt;img onerror=…&gt;` (or its double encoding) ends up as no tag at all; block ends become
    new lines; a `<` left before a letter gets a space, so nothing reading the text as HTML can
    see a tag in it. Lines are trimmed and blank ones dropped."""
    if not contient_html(texte):
        return texte
    for _ in range(8):
        avant = texte
        texte = _BALISE.sub(" ", _FIN_DE_BLOC.sub("\n", html.unescape(texte)))
        if texte == avant:
            break
    texte = _DEBUT_DE_BALISE.sub("< ", texte).replace("\xa0", " ")
    lignes = [" ".join(ligne.split()) for ligne in texte.splitlines()]
    return "\n".join(ligne for ligne in lignes if ligne)


#: first characters that make a spreadsheet read a cell as a formula (or a DDE command)
_DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cellule_tableur(valeur: str) -> str:
    """A CSV cell no spreadsheet evaluates: text starting like a formula (`=HYPERLINK(…)`,
    `@SUM(…)`, `-2+3+cmd|…`) gets a leading `'`, the usual rule (OWASP, "CSV injection"); the
    spreadsheet shows the text as typed. Numbers are written as numbers, not through here."""
    return "'" + valeur if valeur.startswith(_DEBUTS_DE_FORMULE) else valeur


def cellule_lue(valeur: str) -> str:
    """The text of a cell written by `cellule_tableur` (our CSV exports read back exactly)."""
    if valeur.startswith("'") and valeur[1:].startswith(_DEBUTS_DE_FORMULE):
        return valeur[1:]
    return valeur
