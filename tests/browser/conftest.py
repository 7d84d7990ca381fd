import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is missing: `make test` installs Debian's chromium package"
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        # The machine has no network but the package registries: keep Chromium from calling home.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def close_contexts(browser):
    """Close the browser contexts a test opened (signed-in users on several devices), so that their
    keep-alive connections to the live server, and the server threads behind them, end with it."""
    yield
    for context in browser.contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE_SOURCE.exists(), "axe-core is missing: `make test` runs npm ci"
    return AXE_SOURCE.read_text()


@pytest.fixture
def assert_accessible(axe_source):
    """Run axe-core (WCAG 2.1 A and AA) on the page as it is now; fail on any violation."""

    def check(page):
        # evaluate() runs through the DevTools protocol, so the page's CSP does not block axe.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        assert problems == [], f"axe found problems on {page.url}:\n" + "\n".join(problems)

    return check


@pytest.fixture
def visit(live_server, assert_accessible):
    """Open a path of the live server and check the page's accessibility."""

    def go(page, path):
        response = page.goto(live_server.url + path)
        assert_accessible(page)
        return response

    return go
