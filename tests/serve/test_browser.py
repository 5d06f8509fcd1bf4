"""The site in a real headless browser (Debian's Chromium driven by Playwright): an example
run in YASGUI, the table sorted, filtered and downloaded, a result followed to an entity page
and its evidence opened, a document's highlighted span clicked, the timeline and the network
loaded, and no request leaving 127.0.0.1; no result table overlapping the page at 1280 and
400 px."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from kg.config import BASE_IRI

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()),
    shutil.which("chromium"),
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LENIN_SPEECH = "003_2d74070e7dd118d0"
EXAMPLE = "Every form of each person's name"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not CHROMIUM:
        pytest.skip("no chromium binary (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


class Visit:
    """A page with every request and script error recorded."""

    def __init__(self, browser, width: int = 1280) -> None:
        self.page = browser.new_page(
            viewport={"width": width, "height": 900}, accept_downloads=True
        )
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def hosts(self) -> set[str]:
        return {
            urlsplit(u).netloc for u in self.requests if urlsplit(u).scheme in ("http", "https")
        }


def _run_example(visit: Visit, site) -> None:
    page = visit.page
    page.goto(site.url + "/query")
    page.locator("#yasqe .CodeMirror").wait_for()
    page.click("#open-examples")
    page.get_by_role("button", name=EXAMPLE).click()
    page.locator(".yasr table.dataTable tbody tr").first.wait_for()


def _column(page, n: int) -> list[str]:
    return page.locator(f".yasr table.dataTable tbody tr td:nth-child({n})").all_inner_texts()


def test_example_sorted_filtered_downloaded_and_followed(site, browser):
    visit = Visit(browser)
    page = visit.page
    _run_example(visit, site)
    assert "rows" in page.locator("#status").inner_text()
    assert "/query?query=" in page.url  # a shareable URL
    # sort by the name column, both ways
    header = page.locator(".yasr table.dataTable thead th", has_text="name").first
    header.click()
    ascending = _column(page, 3)
    header.click()
    descending = _column(page, 3)
    assert ascending != descending and len(ascending) > 5
    assert ascending[0].casefold() <= ascending[-1].casefold()
    # filter the rows
    page.locator(".yasr input.tableFilter").type("Trotski", delay=20)  # filters on keyup
    page.wait_for_function(
        "() => document.querySelectorAll('.yasr table.dataTable tbody tr').length < 10"
    )
    names = _column(page, 3)
    assert names and all("Trotski" in name for name in names)
    # download the CSV (re-run by POST)
    with page.expect_download() as info:
        page.click("#download-buttons button[data-format=csv]")
    csv = Path(info.value.path()).read_text(encoding="utf-8")
    assert csv.splitlines()[0].startswith("person,name") and "Trotski" in csv
    # follow a result to its entity page, which shows a label beside the IRI
    link = page.locator(".yasr a.local", has_text="kg:person/trotsky").first
    assert link.locator("xpath=following-sibling::span[@class='kg-label']").count() == 1
    link.click()
    page.wait_for_url("**/person/trotsky")
    assert "Trotsk" in page.locator("h1").inner_text()
    # evidence is folded by default and opens on a click
    group = page.locator("details.source").first
    assert group.get_attribute("open") is None
    group.locator("summary").click()
    assert group.locator("mark").first.is_visible()
    assert not visit.errors
    assert visit.hosts() == {urlsplit(site.url).netloc}


def test_document_span_timeline_and_network(site, browser):
    visit = Visit(browser)
    page = visit.page
    page.goto(site.url + "/doc/" + LENIN_SPEECH)
    marks = page.locator("mark.fact")
    assert marks.count() > 20
    marks.nth(3).click()
    fact = page.locator("#fact-panel a.fact-link").first
    fact.wait_for()
    assert fact.get_attribute("href").startswith("/doc/" + LENIN_SPEECH)
    page.goto(site.url + "/timeline")
    page.locator("#timeline[data-ready]").wait_for()
    assert page.locator("#timeline .vis-item").count() > 3
    page.goto(site.url + "/network?focus=" + quote(BASE_IRI + "person/lenin", safe=""))
    page.locator("#network[data-ready]").wait_for()
    assert page.locator("#network canvas").count() == 1
    assert not visit.errors
    assert visit.hosts() == {urlsplit(site.url).netloc}


@pytest.mark.parametrize("width", [1280, 400])
def test_result_table_overlaps_nothing(site, browser, width):
    visit = Visit(browser, width)
    page = visit.page
    _run_example(visit, site)
    boxes = {
        sel: page.locator(sel).bounding_box() for sel in ("#yasqe", "#actions", ".yasr", "nav")
    }

    def overlap(a, b) -> bool:
        return (
            a["x"] < b["x"] + b["width"]
            and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"]
            and b["y"] < a["y"] + a["height"]
        )

    table = page.locator(".yasr table.dataTable").bounding_box()
    for sel in ("#yasqe", "#actions", "nav"):
        assert not overlap(table, boxes[sel]), (width, sel, table, boxes[sel])
    # the page itself never scrolls sideways: a wide table scrolls inside its own box
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_shared_url_runs_on_load_and_errors_are_shown(site, browser):
    visit = Visit(browser)
    page = visit.page
    page.goto(site.url + "/query?query=" + quote("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"))
    page.locator(".yasr table.dataTable tbody tr").first.wait_for()
    assert "3 rows" in page.locator("#status").inner_text()
    page.goto(site.url + "/query?query=" + quote("SELECT * {"))
    page.locator("#status.error").wait_for()
    assert "failed" in page.locator("#status").inner_text()
