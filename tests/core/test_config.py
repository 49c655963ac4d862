"""Locations: environment variables win over the settings file, which wins over the defaults."""

from __future__ import annotations

from pathlib import Path

from klyngekort.core import config


def test_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv(config.ENV_SETTINGS, str(tmp_path / "none.toml"))
    for env in (config.ENV_GEODATA, config.ENV_DATA, config.ENV_DB, config.ENV_CACHE):
        monkeypatch.delenv(env, raising=False)
    assert config.geodata_dir() == config.PROJECT_ROOT.parent / "shared" / "geodata"
    assert config.data_dir() == config.PROJECT_ROOT / "data"
    assert config.scenario_db_path() == config.PROJECT_ROOT / "var" / "klyngekort.sqlite3"


def test_settings_file_then_environment(monkeypatch, tmp_path):
    settings = tmp_path / "klyngekort.toml"
    settings.write_text('[paths]\ngeodata = "dagi/kommuner.gpkg"\ndb = "/srv/k/s.db"\n', encoding="utf-8")
    monkeypatch.setenv(config.ENV_SETTINGS, str(settings))
    monkeypatch.delenv(config.ENV_GEODATA, raising=False)
    monkeypatch.delenv(config.ENV_DB, raising=False)
    assert config.geodata_dir() == tmp_path / "dagi" / "kommuner.gpkg"
    assert config.scenario_db_path() == Path("/srv/k/s.db")
    monkeypatch.setenv(config.ENV_GEODATA, "/elsewhere")
    assert config.geodata_dir() == Path("/elsewhere")


def test_broken_settings_file_is_ignored(monkeypatch, tmp_path):
    settings = tmp_path / "klyngekort.toml"
    settings.write_text("[paths\ngeodata = ", encoding="utf-8")
    monkeypatch.setenv(config.ENV_SETTINGS, str(settings))
    monkeypatch.delenv(config.ENV_GEODATA, raising=False)
    assert config.geodata_dir() == config.PROJECT_ROOT.parent / "shared" / "geodata"
