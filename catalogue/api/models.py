"""The API's own table: partners' API keys (see `acces.py`)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from catalogue.models import maintenant


class JetonApi(SQLModel, table=True):
    """A partner's API key (its SHA-256 only)."""

    __tablename__ = "jeton_api"

    id: int | None = Field(default=None, primary_key=True)
    nom: str = Field(max_length=100, unique=True)
    empreinte: str = Field(max_length=64, unique=True, index=True)
    cree_le: datetime = Field(default_factory=maintenant)
    revoque_le: datetime | None = None
