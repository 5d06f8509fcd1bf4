"""The query page in a real headless browser: run an example, follow a link, see evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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


def test_example_query_results_link_and_evidence(server, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "/")
    page.get_by_role("button", name="Meetings and who chaired them").click()
    table = page.locator("#results-table")
    table.wait_for()
    assert "2 rows" in page.locator("#status").inner_text()
    assert "le 10 octobre, Lénine assista" in table.inner_text()
    assert "/?query=" in page.url  # a shareable URL
    downloads = page.locator("a.download")
    assert downloads.count() == 4 and "format=csv" in downloads.nth(2).get_attribute("href")
    page.locator("#results-table a.local", has_text="kg:person/lenin").first.click()
    page.wait_for_url("**/person/lenin")
    assert page.locator("h1").inner_text() == "Lenin"
    evidence = page.locator("li.evidence mark")
    assert "Lénine préside la séance du comité de Petrograd" in evidence.all_inner_texts()
    assert not errors


def test_shared_url_runs_on_load(server, browser):
    page = browser.new_page()
    page.goto(server.url + "/?query=" + "ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    page.locator("p.boolean").wait_for()
    assert page.locator("p.boolean").inner_text() == "true"
    assert page.locator("#query").input_value() == "ASK { ?s ?p ?o }"


def test_errors_and_construct_in_the_page(server, browser):
    page = browser.new_page()
    page.goto(server.url + "/")
    page.locator("#query").fill("SELECT * {")
    page.locator("#run").click()
    page.locator("#status .error").wait_for()
    assert "400 malformed-query" in page.locator("#status").inner_text()
    page.get_by_role("button", name="Everything said about Lenin").click()
    page.locator("pre.graph").wait_for()
    assert "@prefix person:" in page.locator("pre.graph").inner_text()
