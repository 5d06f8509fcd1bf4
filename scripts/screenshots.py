"""Regenerate the screenshots of the site in docs/screenshots/ (Playwright + Debian's Chromium).

    .venv/bin/python scripts/screenshots.py            # builds the seeds graph in a temporary folder
    .venv/bin/python scripts/screenshots.py --store .kg/store

Starts ``kg serve`` on a free port of 127.0.0.1, visits each page at 1280 px
(and the query page and an entity page at 400 px) and writes PNG files.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: (file name, path, width, what to wait for, action)
SHOTS = (
    ("home", "/", 1280, "ul.cards", None),
    ("query", "/query", 1280, "#yasqe .CodeMirror", "example"),
    ("query-400px", "/query", 400, "#yasqe .CodeMirror", "example"),
    ("people", "/browse/people", 1280, "table.sortable", None),
    ("bodies", "/browse/bodies", 1280, "table.sortable", None),
    ("meetings", "/browse/meetings", 1280, "table.sortable", None),
    ("documents", "/browse/documents", 1280, "table.sortable", None),
    ("quotations", "/browse/quotations", 1280, "table.sortable", None),
    ("decrees", "/browse/decrees", 1280, "table.sortable", None),
    ("works", "/browse/works", 1280, "table.sortable", None),
    ("places", "/browse/places", 1280, "table.sortable", None),
    ("entity-lenin", "/person/lenin", 1280, "section.facts", None),
    ("entity-lenin-400px", "/person/lenin", 400, "section.facts", None),
    ("entity-body", "/body/petrograd-soviet", 1280, "section.facts", None),
    ("entity-post", "/post/peoples-commissar", 1280, "h1", None),
    ("entity-place", "/place/alexandrinsky-theatre", 1280, "h1", None),
    ("entity-day", "/day/1917-10-21", 1280, "h1", None),
    ("document", "/doc/003_2d74070e7dd118d0", 1280, "mark.fact", "span"),
    ("document-000", "/doc/000_429393bbd9028836", 1280, "mark.fact", None),
    ("dataset", "/dataset", 1280, "dl.facts", None),
    ("timeline", "/timeline", 1280, "#timeline[data-ready]", None),
    ("network", "/network", 1280, "#network[data-ready]", None),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(store: Path):
    port = free_port()
    cmd = [sys.executable, "-m", "kg.serve", "--store", str(store), "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=2)
                break
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def act(page, action: str | None) -> None:
    if action == "example":
        page.click("#open-examples")
        page.locator("button.example").nth(6).click()
        page.locator(".yasr table.dataTable").wait_for()
    elif action == "span":
        page.locator("mark.fact").nth(3).click()
        page.locator("#fact-panel a.fact-link").first.wait_for()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: build the seeds)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            build = [sys.executable, "-m", "kg", "build", "--store", str(store)]
            subprocess.run(build, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        OUT.mkdir(parents=True, exist_ok=True)
        with server(store) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for name, path, width, ready, action in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(url + path)
                page.locator(ready).first.wait_for()
                act(page, action)
                page.wait_for_timeout(300)
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=width < 1000)
                page.close()
                print(f"docs/screenshots/{name}.png")
            browser.close()


if __name__ == "__main__":
    main()
