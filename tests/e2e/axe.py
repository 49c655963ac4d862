"""axe-core in Playwright: inject the vendored engine into a page and each of its frames and
collect the violations (tools/vendor_axe.sh puts axe.min.js in tests/vendor/axe-core/)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"

#: The standards checked: WCAG 2.1 A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

_RUN = """async (tags) => {
  const r = await axe.run(document, {iframes: false, resultTypes: ['violations'],
                                     runOnly: {type: 'tag', values: tags}});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''}))}));
}"""


def audit(page) -> list[dict]:
    """The violations in the page and every frame with a document (each one tagged with its
    frame's URL)."""
    found: list[dict] = []
    source = AXE_JS.read_text(encoding="utf-8")
    for frame in page.frames:
        if frame.is_detached() or (frame.url in ("", "about:blank") and frame != page.main_frame):
            continue
        frame.evaluate(source + "\n;0")
        for v in frame.evaluate(_RUN, TAGS):
            v["frame"] = "page" if frame == page.main_frame else frame.url.split("?")[0]
            found.append(v)
    return found


def counts(violations: list[dict]) -> Counter[str]:
    """``rule (impact)`` -> number of elements."""
    c: Counter[str] = Counter()
    for v in violations:
        c[f"{v['id']} ({v['impact']})"] += len(v["nodes"])
    return c
