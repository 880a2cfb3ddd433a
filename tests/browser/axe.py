"""Run axe-core (vendored in tests/browser/vendor) on a page and judge its violations.

The page must come from a context with bypass_csp=True (the `a11y_context` fixture): the forum's
CSP refuses injected scripts, axe's included.
"""
from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
_RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                 summary: n.failureSummary}))}));
}"""


def check_accessibility(page) -> list[dict]:
    """Inject axe-core into the page, run it on the whole document, return its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(_RUN_AXE)


def blocking(violations: list[dict]) -> list[dict]:
    """The violations that fail a page: impact serious or critical."""
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """Violations in a form a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']})")
        lines += [f"    {node['target']}: {node['html']}\n      {node['summary']}"
                  for node in violation["nodes"][:5]]
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    """Fail on any serious or critical axe violation on the page."""
    found = blocking(check_accessibility(page))
    assert not found, f"axe: serious or critical violations on {where or page.url}:\n" \
                      f"{describe(found)}"
