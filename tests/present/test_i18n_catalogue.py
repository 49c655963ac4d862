"""The localisation catalogue: every text in both languages, and no text that nothing uses."""

from __future__ import annotations

import re
from pathlib import Path

from klyngekort.present import i18n

ROOT = Path(__file__).resolve().parents[2]


def _sources() -> str:
    files = [
        *ROOT.joinpath("klyngekort").rglob("*.py"),
        *ROOT.joinpath("pages").glob("*.py"),
        ROOT / "app.py",
    ]
    return "\n".join(
        p.read_text(encoding="utf-8") for p in files if p.name != "i18n.py" or p.parent.name != "present"
    )


def test_every_text_has_danish_and_english():
    for key, texts in i18n.TEXTS.items():
        assert set(texts) >= {"da", "en"}, key
        assert all(isinstance(v, str) and v.strip() for v in texts.values()), key


def test_no_text_is_unused():
    """A key is used when the code names it, or builds it from a prefix (``f"conf_{c}"``)."""
    src = _sources()
    i18n_src = ROOT.joinpath("klyngekort", "present", "i18n.py").read_text(encoding="utf-8")
    prefixes = set(re.findall(r'f"([a-z_]+_)\{', src + i18n_src))  # i18n builds conf_* itself
    src += "\n".join(f'"{k}"' for k in re.findall(r'\bt\("([a-z_]+)"', i18n_src))  # i18n's own formatters
    unused = [
        k
        for k in i18n.TEXTS
        if f'"{k}"' not in src and f"'{k}'" not in src and not any(k.startswith(p) for p in prefixes)
    ]
    assert unused == []


def test_every_data_file_is_described_in_both_languages():
    """The Data page describes each file in the user's language (not the schema's English)."""
    from klyngekort.core.schema import TABLES
    from klyngekort.present.i18n import TEXTS

    for schema in TABLES:
        entry = TEXTS[f"schema_desc_{schema.name}"]
        assert entry["da"] and entry["en"] and entry["da"] != entry["en"], schema.name
