"""Errors of the programme layer: what the référent typed, field by field, in French."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErreurChamp:
    """One wrong field: `champ` is its path as the form or the JSON names it (`creneaux[1].debut`)."""

    champ: str
    message: str

    def __str__(self) -> str:
        return f"{self.champ} : {self.message}"


class SaisieInvalide(ValueError):
    """Input refused. Views show each error next to its field; the CLI prints them one a line."""

    def __init__(self, erreurs: list[ErreurChamp]) -> None:
        super().__init__("; ".join(str(e) for e in erreurs))
        self.erreurs = erreurs

    @classmethod
    def sur(cls, champ: str, message: str) -> SaisieInvalide:
        return cls([ErreurChamp(champ, message)])

    def par_champ(self) -> dict[str, str]:
        """First message per field, for forms."""
        messages: dict[str, str] = {}
        for e in self.erreurs:
            messages.setdefault(e.champ, e.message)
        return messages


class ProgrammeIntrouvable(LookupError):
    """No such programme for this référent (someone else's programme is not found either)."""
