"""Docs that cannot drift: every CLI command, config key and import format is in the README."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from catalogue import config
from importers import FORMATS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    bloc = README.split("```", 2)[1]
    commandes = [ligne.split("#")[0].strip() for ligne in bloc.splitlines()[1:] if ligne.strip()]
    assert commandes == ["make run", "make test"]


def test_every_cli_command_is_documented(app: Flask):
    for nom in app.cli.commands:
        assert f"catalogue {nom}" in README, nom


def test_every_config_key_is_documented(app: Flask):
    for cle in config.defauts("instance"):
        if cle in config.VARIABLES_SIMPLES:
            assert f"`{cle}`" in README, cle
        elif cle != "MAX_CONTENT_LENGTH":
            assert f"`CATALOGUE_{cle}`" in README, cle


def test_every_import_format_is_documented():
    for nom in FORMATS:
        assert f"`{nom}`" in README, nom
