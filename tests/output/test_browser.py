"""The pages of a run in a real browser: headless Chromium (the system's, driven by Playwright)
opens index.html and every notebook page from disk, and checks what a reader would see — nothing
fetched from the network, no script error, every image drawn, Chinese drawn with the font
embedded in the page, whole tables — and saves a screenshot of each page.

Needs Chromium (Debian: `apt-get install chromium`; elsewhere point $GWR_CHROMIUM at a Chromium
or Chrome binary) and the playwright package (a test dependency); skips, saying which is
missing, without them. No `playwright install`: the system browser is used as it is.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from helpers.metadata.layout import INDEX_HTML
from helpers.output.webfont import WEB_FAMILY
from helpers.pipeline.runner import NOTEBOOKS

CHROMIUM = os.environ.get("GWR_CHROMIUM") or "/usr/bin/chromium"
PAGES = [Path(INDEX_HTML).stem, *(Path(n).stem for n in NOTEBOOKS)]
TABLE_PAGE = "02_results_vs_targets"  # shows its DataFrames as HTML tables
VIEWPORT = {"width": 1200, "height": 900}

# Marks, for each kind of element, the first one whose own text holds Chinese, and counts the
# Chinese characters of its own text nodes (CSS.getPlatformFontsForNode reports on those).
PROBE_JS = r"""() => {
  const han = /[\u3400-\u9fff\uf900-\ufaff]/;
  const kinds = {text: "h1, h2, h3, h4, h5, h6, td, th", output: ".jp-OutputArea-output pre",
                 code: "td code"};
  const found = {};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!han.test(node.data) || !el.checkVisibility()) continue;
    for (const [kind, selector] of Object.entries(kinds)) {
      if (found[kind] || !el.closest(selector)) continue;
      el.setAttribute("data-gwr-probe", kind);
      const own = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
                                    .map(n => n.data).join("");
      found[kind] = {tag: el.tagName.toLowerCase(), text: own.trim().slice(0, 40),
                     han: [...own].filter(c => han.test(c)).length};
    }
  }
  return found;
}"""

IMAGES_JS = """() => [...document.images].map(i => ({src: i.src.slice(0, 60),
                                                    ok: i.complete && i.naturalWidth > 0}))"""

# pandas marks what it leaves out of a long or wide frame with cells that are just "..." or "…"
TABLES_JS = """() => [...document.querySelectorAll("table")].map(t => ({
  columns: [...t.querySelectorAll("thead th")].map(c => c.textContent.trim()).filter(c => c)
           .slice(0, 4).join(", "),
  truncated: [...t.querySelectorAll("th, td")]
             .filter(c => ["...", "…"].includes(c.textContent.trim())).length}))"""


@dataclass
class Visit:
    """What one page did and showed in the browser."""

    blocked: list[str] = field(default_factory=list)  # requests that would have left the machine
    errors: list[str] = field(default_factory=list)  # console errors and uncaught page errors
    images: list[dict] = field(default_factory=list)
    fonts: dict[str, dict] = field(default_factory=dict)  # probe kind → element and fonts used
    font_faces: list[str] = field(default_factory=list)  # loaded @font-face families
    tables: list[dict] = field(default_factory=list)
    screenshot: Path | None = None


def _chromium_and_playwright():
    chromium = shutil.which(CHROMIUM)  # an absolute path, or a name on PATH
    if not chromium:
        pytest.skip(f"no Chromium at {CHROMIUM}: `apt-get install chromium` (Debian), or set "
                    "GWR_CHROMIUM to a Chromium or Chrome binary")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: `pip install -e '.[test]'` (or `pip install "
                    "playwright`); no `playwright install` is needed")
    return chromium, sync_playwright


@pytest.fixture(scope="module")
def browser():
    chromium, sync_playwright = _chromium_and_playwright()  # before the 30 s run: skip quickly
    with sync_playwright() as p:
        # chromium_sandbox=False is Playwright's default, spelt out: it passes --no-sandbox,
        # without which Chromium exits at once when run as root (containers, CI).
        b = p.chromium.launch(executable_path=chromium, chromium_sandbox=False)
        yield b
        b.close()


@pytest.fixture(scope="module")
def run_dir(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "run"
    done = subprocess.run([sys.executable, "-m", "helpers", "run", "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"gwr run failed:\n{done.stderr[-3000:]}"
    return out


def _visit(browser, run_dir: Path, name: str) -> Visit:
    visit = Visit()
    context = browser.new_context(viewport=VIEWPORT)

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            visit.blocked.append(r.request.url)
            r.abort()

    def console(message):
        if message.type == "error":
            visit.errors.append(f"console: {message.text}")

    context.route("**/*", route)  # every request of every page of the context, before it loads
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.on("console", console)
    page.on("pageerror", lambda e: visit.errors.append(f"page error: {e}"))
    try:
        page.goto((run_dir / f"{name}.html").as_uri(), wait_until="load")
        page.evaluate("() => document.fonts.ready")
        visit.images = page.evaluate(IMAGES_JS)
        visit.tables = page.evaluate(TABLES_JS)
        visit.font_faces = page.evaluate(
            "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        shot = run_dir / "screenshots" / f"{name}.png"
        shot.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        visit.screenshot = shot
        # What follows is our instrumentation, not the page: DevTools' CSS agent re-reads the
        # document and logs "Unsafe attempt to load URL <page> from frame with URL <page>"
        # (file: URLs are unique origins). Errors were recorded for everything the page did.
        page.remove_listener("console", console)
        probes = page.evaluate(PROBE_JS)
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        for kind, probe in probes.items():
            (node,) = cdp.send("DOM.querySelectorAll", {
                "nodeId": root, "selector": f'[data-gwr-probe="{kind}"]'})["nodeIds"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            visit.fonts[kind] = {**probe, "fonts": fonts}
    finally:
        context.close()
    return visit


@pytest.fixture(scope="module")
def visits(browser, run_dir) -> dict[str, Visit]:
    return {name: _visit(browser, run_dir, name) for name in PAGES}


def test_every_page_of_the_run_is_visited(run_dir, visits):
    assert sorted(p.stem for p in run_dir.glob("*.html")) == sorted(PAGES)


def test_no_request_leaves_the_machine(visits):
    blocked = {name: v.blocked for name, v in visits.items() if v.blocked}
    assert not blocked, f"pages asked the network for: {blocked}"


def test_no_console_error_and_no_page_error(visits):
    errors = {name: v.errors for name, v in visits.items() if v.errors}
    assert not errors


def test_every_image_is_drawn(visits):
    broken = {name: [i["src"] for i in v.images if not i["ok"]] for name, v in visits.items()}
    assert not any(broken.values()), broken
    assert sum(len(v.images) for v in visits.values()) > 0  # the charts are there to check


def _families(fonts: list[dict]) -> set[tuple[str, bool]]:
    return {(f["familyName"], f["isCustomFont"]) for f in fonts}


def test_chinese_is_drawn_with_the_embedded_font(visits):
    ours = (WEB_FAMILY, True)  # our family, from the page (isCustomFont), not an installed Noto
    for name, v in visits.items():
        assert WEB_FAMILY in {f.strip("'\"") for f in v.font_faces}, name
        assert v.fonts, f"{name}: no Chinese text in a heading, table cell or output"
        for kind, probe in v.fonts.items():
            used = {f["familyName"]: f for f in probe["fonts"]}
            where = f"{name} <{probe['tag']}> {probe['text']!r}: fonts {_families(probe['fonts'])}"
            assert ours in _families(probe["fonts"]), where
            # every Chinese character of the element, at least, came from our font
            assert used[WEB_FAMILY]["glyphCount"] >= probe["han"] > 0, where
            if kind == "text":  # prose and tables: Latin too, the whole text in one font
                assert _families(probe["fonts"]) == {ours}, where
    kinds = {(name == "index", kind) for name, v in visits.items() for kind in v.fonts}
    # checked at least once: a heading or cell and a <pre> output of a notebook, the index's
    # heading and its parameter values (monospace Latin, Chinese from our font)
    assert {(False, "text"), (False, "output"), (True, "text"), (True, "code")} <= kinds


def test_tables_are_whole(visits):
    truncated = [f"{name} table {i + 1} ({t['columns']}…): {t['truncated']} cells '...'"
                 for name, v in visits.items() for i, t in enumerate(v.tables) if t["truncated"]]
    assert not truncated, "pandas truncated: " + "; ".join(truncated)


def test_the_results_page_shows_its_tables(visits):
    assert visits[TABLE_PAGE].tables, f"{TABLE_PAGE} has no HTML table"


def test_a_screenshot_of_every_page_is_saved(run_dir, visits):
    folder = run_dir / "screenshots"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.png" for name in PAGES)
    for name, v in visits.items():
        data = v.screenshot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        width, height = struct.unpack(">II", data[16:24])  # the PNG's IHDR
        assert width == VIEWPORT["width"] and height >= VIEWPORT["height"], (name, width, height)
    # the whole page, not the first screenful: a notebook page is longer than the window
    assert max(struct.unpack(">I", v.screenshot.read_bytes()[20:24])[0]
               for v in visits.values()) > VIEWPORT["height"]
