"""Repair of the OCR and conversion quirks of the convention documents (shared/seeds).

Every function keeps the number of lines: the parser reports 1-based line numbers of the source file,
so a repair that joins two lines leaves the second one empty instead of removing it.

The rules, each tested on the real lines it was written for (tests/test_conventions.py):
- `I'action` / `lI'identique` / `|'offre` for `l'action` (OCR reads the letter l as I or |);
- `ceuvre` / `oceuvre` for `œuvre`;
- `¢` for `€` (`7 500¢€`), and `1¢"`, `1°"`, `1%` … for `1er` before a month;
- `Iégislatives` (I before an accented vowel), `llle-et-Vilaine`, `|dentifier` at a word start;
- `e ` for a `•` bullet at the start of a line;
- the letter O for a zero inside an amount (`O,00€`, `|O00€`);
- an amount split over two lines by a table cell (`80500⏎,00 €`);
- HTML and markdown noise of converted documents (`<b>`, `**`, `####`, `<br>`, `<li>`, `\\_`).
"""

from __future__ import annotations

import re

# --- markdown and HTML noise --------------------------------------------------------------------

#: a markdown heading marker at the start of a line: `#### Titre`
TITRE_MARKDOWN = re.compile(r"^\s*#{1,6}\s+")
#: bold markers `**` (paired or stray)
GRAS_MARKDOWN = re.compile(r"\*\*")
#: an italic span `*Orientation*` (a star touching a word on both ends, not a bullet)
ITALIQUE_MARKDOWN = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
#: struck-out text is not part of the document
BARRE_HTML = re.compile(r"<del>.*?</del>", re.IGNORECASE)
#: a line break or list item opening: becomes a visible separator
LISTE_HTML = re.compile(r"<br\s*/?>|<li>", re.IGNORECASE)
#: any other tag (`<b>`, `</li>`, `<ul>`, `<u>`, `<sup>`, `<mark>`…): dropped, its text kept
BALISE_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
#: markdown escapes `\_`, `\*`, `\#`
ECHAPPEMENT_MARKDOWN = re.compile(r"\\([_*#\[\]()>-])")
#: the LaTeX circle bullet of a converted list item (`$\circ$`)
ROND_LATEX = re.compile(r"\$\s*\\circ\s*\$")
#: leftovers of LaTeX formulas around superscripts (`${`, `}$`, `$^{`)
LATEX = re.compile(r"\$\s*\^?\{?|\}\$")
#: spaces left around bullets by removed tags (`<ul> <li>` -> ` • `)
ESPACES_AUTOUR_DES_PUCES = re.compile(r" *• *")
#: private-use glyphs (Wingdings bullets of the converted PDF)
PUCE_PRIVEE = re.compile("[\ue000-\uf8ff]")


def nettoyer_markdown(ligne: str) -> str:
    """Remove the markdown / HTML markup of a converted line, keeping its words."""
    ligne = TITRE_MARKDOWN.sub("", ligne)
    ligne = BARRE_HTML.sub("", ligne)
    ligne = LISTE_HTML.sub(" • ", ligne)
    ligne = BALISE_HTML.sub("", ligne)
    ligne = GRAS_MARKDOWN.sub("", ligne)
    ligne = ITALIQUE_MARKDOWN.sub(r"\1", ligne)
    ligne = ECHAPPEMENT_MARKDOWN.sub(r"\1", ligne)
    ligne = LATEX.sub("", ROND_LATEX.sub("○", ligne))
    ligne = ESPACES_AUTOUR_DES_PUCES.sub(" • ", PUCE_PRIVEE.sub("•", ligne))
    return re.sub(r"(?<=\S) {3,}(?=\S)", "  ", ligne).strip(" ")


# --- OCR letters ----------------------------------------------------------------------------------

#: `I'action`, `lI'identique`, `|'offre`, `I’'emploi`, `I’"UFOLEP`: the elided article l' read as
#: I, lI or |, sometimes with a doubled apostrophe or a stray quote
L_APOSTROPHE = re.compile(r"(?<![\w'’])(?:lI|I|\|)(['’])['’\"]?(?=\w)")
#: `ceuvre`, `oceuvre` (and plurals) for œuvre
OEUVRE = re.compile(r"\bo?ceuvre(s?)\b")
#: `Iégislatives`: no French word starts with I then an accented é/è/ê, the I is an l
I_ACCENT = re.compile(r"\bI(?=[éèê])")
#: `llle-et-Vilaine`: a double l never starts a French word, the first l is an I
LL_INITIAL = re.compile(r"\bll(?=[a-zéèê])")
#: `|dentifier`: a pipe glued to lower-case letters at a word start is an I
PIPE_POUR_I = re.compile(r"(?<!\S)\|(?=[a-zé]{2})")
#: `e Investir …`: the OCR of a `•` bullet at the start of a line
PUCE_E = re.compile(r"^(\s*)e\s(?=[A-ZÉ«])")
#: `1¢" janvier`, `1°" janvier`, `1*" juillet`, `1% janvier`, `1° janvier`: the ordinal 1er
PREMIER_DU_MOIS = re.compile(
    r"\b1\s?(?:[°*¢®]\"|%|°|er\b)\s*"
    r"(?=(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    r"|novembre|décembre|decembre)\b)",
    re.IGNORECASE,
)
#: `7 500¢€`, `7 000¢`: the cent sign read for the euro sign after an amount
CENT_POUR_EURO = re.compile(r"(?<=\d)(\s?)¢€?")
#: `O,00€`, `|O00€`: the letter O for a zero at the start of an amount
O_POUR_ZERO = re.compile(r"(?<![A-Za-zÀ-ÿ])O(?=[,.]?\d)|(?<=\d)O(?=[\d,.]|\b)")


def reparer_lettres(ligne: str) -> str:
    """OCR letter repairs of one line (see the module docstring)."""
    ligne = L_APOSTROPHE.sub(r"l\1", ligne)
    ligne = OEUVRE.sub(r"œuvre\1", ligne)
    ligne = I_ACCENT.sub("l", ligne)
    ligne = LL_INITIAL.sub("Il", ligne)
    ligne = PIPE_POUR_I.sub("I", ligne)
    ligne = PUCE_E.sub(r"\1• ", ligne)
    ligne = PREMIER_DU_MOIS.sub("1er ", ligne)
    ligne = CENT_POUR_EURO.sub(r"\1€", ligne)
    return O_POUR_ZERO.sub("0", ligne)


def reparer_ligne(ligne: str) -> str:
    """Every single-line repair: markup first, then OCR letters."""
    return reparer_lettres(nettoyer_markdown(ligne))


# --- amounts split over two lines -------------------------------------------------------------

#: an amount of a budget row, with what follows it (`80500`, `0,00 €`, `8000,`, `0%`)
MONTANT = re.compile(r"(?<![\d,.])(\d+(?:[,.]\d*)?)(\s*[€%])?")
#: the end of an amount pushed to the next line by a narrow cell: `,00 €`, `.00 €`, `00 €`, `€`
FRAGMENT = re.compile(r"(?:[,.]?\d+(?:[,.]\d+)?\s*)?€")
#: a line made only of such fragments
LIGNE_DE_FRAGMENTS = re.compile(rf"^\s*(?:{FRAGMENT.pattern}\s*)+$")
#: a budget row starts with its year
LIGNE_BUDGET = re.compile(r"^\s*(?:19|20)\d\d\b")


def _coller(montant: str, fragment: str) -> str:
    """`80500` + `,00 €` -> `80500,00 €`; `0,00` + `€` -> `0,00 €`; `8000,` + `00 €`."""
    fragment = re.sub(r"^\.", ",", fragment.strip())
    if fragment == "€":
        return f"{montant} €"
    return f"{montant}{fragment}"


def _montants_incomplets(ligne: str) -> list[re.Match[str]]:
    """Amounts of a budget row with neither € nor % after them (the year is not one)."""
    trouves = list(MONTANT.finditer(ligne))[1:]  # the first amount of a budget row is its year
    return [m for m in trouves if not m.group(2)]


def recoller_montant(ligne: str, suivante: str) -> tuple[str, str] | None:
    """Join a budget row and the line of amount ends below it; None when they do not pair up."""
    if not LIGNE_BUDGET.match(ligne) or not LIGNE_DE_FRAGMENTS.match(suivante):
        return None
    incomplets = _montants_incomplets(ligne)
    fragments = [f.group(0) for f in FRAGMENT.finditer(suivante)]
    if not incomplets or len(incomplets) != len(fragments):
        return None
    morceaux, fin = [], 0
    for montant, fragment in zip(incomplets, fragments, strict=True):
        morceaux.append(ligne[fin : montant.start()] + _coller(montant.group(1), fragment))
        fin = montant.end()
    return "".join(morceaux) + ligne[fin:], ""


def recoller_montants(lignes: list[str]) -> list[str]:
    """`recoller_montant` over a whole text; the line count never changes."""
    resultat = list(lignes)
    for i in range(len(resultat) - 1):
        paire = recoller_montant(resultat[i], resultat[i + 1])
        if paire is not None:
            resultat[i], resultat[i + 1] = paire
    return resultat


def reparer_texte(texte: str) -> list[str]:
    """The repaired lines of a document, as many as in the source (`\\n`-separated)."""
    lignes = [reparer_ligne(ligne.rstrip("\r")) for ligne in texte.split("\n")]
    return recoller_montants(lignes)
