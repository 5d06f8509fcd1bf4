"""The reading pages over HTTP on the seeds graph: home, lists, entities, documents, views."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest

from kg.config import BASE_IRI

HTML = {"Accept": "text/html"}
LENIN = "/person/lenin"
DOC = "/doc/003_2d74070e7dd118d0"


def get(site, target: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    status, head, body = site.request("GET", target, headers=headers or HTML)
    return status, head, body.decode()


class Rows(HTMLParser):
    """The text of each table row (or list item) of a page."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag, self.rows, self.depth = tag, [], 0

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            self.rows.append("")
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == self.tag:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.rows[-1] += data


def rows(page: str, tag: str = "tr") -> list[str]:
    parser = Rows(tag)
    parser.feed(page)
    return parser.rows


def test_home_counts_and_ways_in(site):
    status, headers, page = get(site, "/")
    assert status == 200 and "script-src 'self'" in headers["content-security-policy"]
    counts = dict(re.findall(r'href="/browse/(\w+)"><span class="count">(\d+)</span>', page))
    assert int(counts["people"]) >= 30 and int(counts["meetings"]) >= 20
    assert int(counts["documents"]) == 2
    for way in ("/timeline", "/network", "/query"):
        assert f'href="{way}"' in page


@pytest.mark.parametrize(
    ("kind", "expect"),
    [
        ("people", "Lénine"),
        ("bodies", "Comité central"),
        ("meetings", "Séance du Comité central"),
        ("documents", "Les journées d&#x27;Octobre"),
        ("quotations", "Lénine"),
        ("decrees", "Décret sur la formation du gouvernement"),
        ("works", "Mandat paysan"),
        ("places", "Smolny"),
    ],
)
def test_browse_lists(site, kind, expect):
    status, _, page = get(site, f"/browse/{kind}")
    assert status == 200 and expect in page and 'class="sortable list"' in page
    body = rows(page)[1:]
    assert body and len(body) == len(set(body))  # one row per item


def test_meetings_in_date_order_with_both_calendars(site):
    page = get(site, "/browse/meetings")[2]
    found = [re.findall(r"\d{4}-\d\d-\d\d", r) for r in rows(page)[1:]]
    dated = [f for f in found if f]
    assert [g for g, _ in dated] == sorted(g for g, _ in dated)
    assert ["1917-11-14", "1917-11-01"] in dated  # Gregorian, then Julian (13 days behind)


def test_entity_page_reads_like_a_profile(site):
    status, _, page = get(site, LENIN)
    assert status == 200
    head = page[: page.index("<h2>Facts</h2>")]
    assert "<h1>Vladimir Lenin</h1>" in head and "Bolshevik leader" in head
    assert "Vladimir Oulianov" in head and "(birth name)" in head  # name forms
    assert 'href="http://www.wikidata.org/entity/Q1394"' in head
    facts = page[page.index("<h2>Facts</h2>") : page.index("<h2>Evidence</h2>")]
    assert "<h3>Meetings attended</h3>" in facts and "<h3>Votes cast</h3>" in facts
    assert "opengov:otherName" not in page and "wikidata/statement" not in facts
    items = rows(facts, "li")
    assert len(items) == len(set(items))  # no duplicated rows
    assert 'class="ev-link" href="#ev' in facts  # each fact links to its evidence
    assert '<time datetime="1917-11-14">14 Nov 1917</time>' in facts  # both calendars
    assert "(1 Nov O.S.)" in facts


def test_evidence_grouped_by_document_in_text_order_cut_at_words(site):
    page = get(site, LENIN)[2]
    evidence = page[page.index("<h2>Evidence</h2>") :]
    assert evidence.count('<details class="source">') == 2  # one per document, folded
    for group in evidence.split('<details class="source">')[1:]:
        spans = [(int(a), int(b)) for a, b in re.findall(r'title="characters (\d+)–(\d+)"', group)]
        assert spans == sorted(spans) and len(spans) == len(set(spans))
    for quote in re.findall(r'<blockquote lang="fr">(.*?)<mark>', evidence):
        assert quote == "" or quote[0] in "…\n " or quote[0].isupper(), quote  # never mid-word


def test_turtle_for_people_has_no_escaped_slashes(site):
    status, _, text = get(site, LENIN, {"Accept": "text/turtle"})
    assert status == 200 and "\\/" not in text
    assert "@prefix person: <" + BASE_IRI + "person/>" in text and "person:lenin" in text
    graph = ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
    assert any(t.subject == ox.NamedNode(BASE_IRI + "person/lenin") for t in graph)


def test_document_page_highlights_every_fact(site):
    status, _, page = get(site, DOC)
    assert status == 200
    assert "<dt>By</dt>" in page and "Bulletin de l&#x27;Opposition" in page  # metadata
    marks = re.findall(
        r'<mark class="fact"(?: id="c\d+")? tabindex="0" data-facts="([\d ]+)">', page
    )
    data = re.search(r'<script type="application/json" id="facts-data">(.*?)</script>', page)
    facts = json.loads(data.group(1))
    assert len(marks) > 50 and {int(i) for m in marks for i in m.split()} == set(range(len(facts)))
    assert any(a["href"] == LENIN for f in facts for a in f["about"])
    entity = get(site, LENIN)[2]
    anchors = re.findall(rf'href="{DOC}#(c\d+)"', entity)
    assert anchors and all(f'id="{a}"' in page for a in anchors)  # "in the text" lands on a span


def test_document_page_notes(site):
    page = get(site, "/doc/000_429393bbd9028836")[2]
    assert '<ol class="notes">' in page and 'class="fn-call"' in page


def test_timeline_data_has_both_calendars(site):
    status, headers, body = get(site, "/timeline.json", {})
    items = json.loads(body)
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert [i["gregorian"] for i in items] == sorted(i["gregorian"] for i in items)
    meeting = next(i for i in items if i["gregorian"] == "1917-11-14" and i["kind"] == "meeting")
    assert meeting["julian"] == "1917-11-01" and meeting["inferred"] == "gregorian"


def test_network_data_is_consistent(site):
    graph = json.loads(get(site, "/network.json", {})[2])
    ids = {n["id"] for n in graph["nodes"]}
    assert {e["from"] for e in graph["edges"]} | {e["to"] for e in graph["edges"]} <= ids
    assert BASE_IRI + "person/lenin" in ids
    assert {e["kind"] for e in graph["edges"]} == {"membership", "appointment", "part-of"}


def test_old_query_links_still_open_the_query_page(site):
    status, _, page = get(site, "/?query=ASK%20%7B%7D")
    assert status == 200 and 'id="yasqe"' in page
    assert get(site, "/browse/nothing")[0] == 404
