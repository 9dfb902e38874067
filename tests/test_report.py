"""The HTML report: marks where the graph says, facts beside them, and a real browser that shows it."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from egov_kg.cli import cli
from egov_kg.ontology.rdf import all_quads
from egov_kg.report import Mark, _without_overlaps, render_report
from egov_kg.resolve import resolve
from egov_kg.store import write_graph
from tests.conftest import TEXT, make_facts

FIXTURES = Path(__file__).parent / "fixtures"
#: Press releases of our own from four states; the browser test builds them with the real pipeline.
BROWSER_CORPUS = ("pipeline_halle.txt", "money_grants_handover.txt", "coop_rp_two.txt", "persons_he_land.txt")


def _facts(name: str):
    return dataclasses.replace(make_facts(name), sha256=hashlib.sha256(TEXT.encode("utf-8")).hexdigest())


@pytest.fixture
def output(tmp_path) -> Path:
    folder = tmp_path / "out"
    facts = [_facts("a.txt"), _facts("b.txt")]
    write_graph(all_quads(facts, resolve(facts)), folder)
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(TEXT, encoding="utf-8")
    return folder


class _Elements(HTMLParser):
    """Collects elements with a class and their text, and every resource address the page names."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.found: list[dict] = []
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.addresses += [v for k, v in attrs if k in ("src", "href") and v]
        element = {"tag": tag, "attrs": attributes, "text": ""}
        if tag not in ("meta", "br", "img", "link", "input", "circle", "rect", "line", "path"):
            self.stack.append(element)
        self.found.append(element)

    def handle_endtag(self, tag):
        while self.stack:
            element = self.stack.pop()
            if element["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.stack:
            element["text"] += data


def _parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def _marks(page: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, marked words without the label) of every highlighted mention."""
    found = []
    for element in _parse(page).found:
        if element["tag"] == "mark":
            kind = next(c[5:] for c in element["attrs"]["class"].split() if c.startswith("kind-"))
            label = element["attrs"]["title"].split(":", 1)[0]
            words = element["text"][: -len(label)] if element["text"].endswith(label) else element["text"]
            found.append((kind, int(element["attrs"]["data-s"]), int(element["attrs"]["data-e"]), words))
    return found


def test_whole_texts_carry_marks_exactly_where_the_graph_says(output, corpus):
    report = render_report(output, corpus=corpus)
    assert report.documents == 2 and report.full_texts == 2
    marks = _marks(report.html)
    assert len(marks) == report.marks and marks
    for kind, start, end, words in marks:
        assert TEXT[start:end] == words, (kind, start, end)
    kinds = {(kind, words) for kind, _, _, words in marks}
    assert ("person", "Dr. Erika Musterfrau") in kinds
    assert ("money", "rund 12.500 Euro") in kinds
    assert ("role", "Landrätin") in kinds  # the office's own word inside "Landrätin Dr. Erika Musterfrau"
    assert ("org", "Landkreis Beispiel") in kinds


def test_facts_sit_beside_the_text_with_their_quote(output, corpus):
    page = render_report(output, corpus=corpus).html
    facts = [e for e in _parse(page).found if "fact" in e["attrs"].get("class", "").split()]
    texts = " ".join(e["text"] for e in facts)
    assert "Erika Musterfrau: Landrätin, Landkreis Beispiel (since 2021)" in texts
    assert "rund 12.500\u00a0€ to Adorf" in texts and "for Rathaus" in texts
    assert "Arbeitsgemeinschaft Netz: " in texts
    for element in facts:
        start, end = int(element["attrs"]["data-s"]), int(element["attrs"]["data-e"])
        assert 0 <= start < end <= len(TEXT)


def test_without_the_corpus_the_sentences_with_facts_are_shown(output):
    report = render_report(output)
    assert report.full_texts == 0
    marks = _marks(report.html)
    assert {words for _, _, _, words in marks} >= {"rund 12.500 Euro", "Landrätin", "Gemeinde Adorf"}
    for _, start, end, words in marks:
        assert TEXT[start:end] == words
    assert 'class="passage"' in report.html


def test_a_changed_corpus_file_is_not_shown_as_the_text_the_facts_came_from(output, corpus):
    (corpus / "b.txt").write_text("Ganz anderer Text. " + TEXT, encoding="utf-8")
    report = render_report(output, corpus=corpus)
    assert report.full_texts == 1
    assert "Ganz anderer Text" not in report.html


def test_contradictions_from_report_json_are_listed(output):
    contradiction = {"kind": "several parties", "subject": "Jorinde Quast", "iri": "https://example.org/p",
                     "claims": [{"value": "Partei Eins", "source_file": "x.txt", "text": "Jorinde Quast (Partei Eins)"},
                                {"value": "Partei Zwei", "source_file": "y.txt", "text": "Jorinde Quast (Partei Zwei)"}]}
    (output / "report.json").write_text(json.dumps({"contradictions": [contradiction]}), encoding="utf-8")
    report = render_report(output)
    assert report.contradictions == 1
    section = report.html[report.html.index('id="contradictions"'):]
    assert "Jorinde Quast" in section and "Partei Eins" in section and "y.txt" in section
    (output / "report.json").write_text("{not json", encoding="utf-8")
    assert "could not be read" in render_report(output).html


def test_money_charts_sum_grants_by_recipient_and_year(output):
    page = render_report(output).html
    recipient = page[page.index('id="money-recipient"'):]
    recipient = recipient[: recipient.index("</svg>")]
    assert "Adorf: 25.000\u00a0€" in recipient  # two press releases, 12.500 € each
    year = page[page.index('id="money-year"'):]
    assert ">2022<" in year[: year.index("</svg>")]


def test_network_is_an_inline_picture(output):
    page = render_report(output).html
    network = page[page.index('id="network"'):]
    assert "<svg" in network[: network.index("</section>")]
    assert "Landkreis Beispiel" in network[: network.index("</section>")]


def test_the_page_is_self_contained(output, corpus):
    page = render_report(output, corpus=corpus).html
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    addresses = _parse(page).addresses
    assert addresses and all(a.startswith("#") for a in addresses), addresses
    assert not re.search(r"url\(\s*['\"]?https?:", page) and "@import" not in page


def test_overlapping_marks_keep_the_longest_then_by_kind():
    marks = [Mark(0, 10, "org", "", ""), Mark(0, 4, "person", "", ""), Mark(12, 16, "org", "", ""),
             Mark(12, 16, "person", "", ""), Mark(9, 13, "money", "", "")]
    assert _without_overlaps(marks) == [Mark(0, 10, "org", "", ""), Mark(12, 16, "person", "", "")]


def test_cli_report_writes_the_page(output, corpus, tmp_path):
    target = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(output), "--corpus", str(corpus), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"wrote {target}: 2 press releases (2 as whole texts)")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    default = CliRunner().invoke(cli, ["report", str(output), "-q"])
    assert default.exit_code == 0 and default.stderr == "" and (output / "report.html").is_file()
    missing = CliRunner().invoke(cli, ["report", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "egov-kg build" in missing.stderr


# --- in a real browser --------------------------------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    """Debian's Chromium ($EGOV_KG_CHROMIUM to choose another); CI installs it, so there it must exist."""
    found = os.environ.get("EGOV_KG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (apt-get install chromium) for the browser test")
        pytest.skip("no chromium binary (apt-get install chromium) for the browser test")
    return found


@pytest.fixture(scope="module")
def built_report(tmp_path_factory) -> tuple[Path, Path]:
    corpus = tmp_path_factory.mktemp("corpus")
    for name in BROWSER_CORPUS:
        shutil.copy(FIXTURES / name, corpus / name)
    output = tmp_path_factory.mktemp("output")
    built = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(output), "--quiet"])
    assert built.exit_code == 0, built.stderr
    page = output / "report.html"
    result = CliRunner().invoke(cli, ["report", str(output), "--corpus", str(corpus), "-o", str(page), "-q"])
    assert result.exit_code == 0, result.stderr
    return output, page


def _table(output: Path, kind: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["table", kind, str(output), "--format", "csv"])
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_the_report_of_a_built_corpus_in_a_real_browser(built_report, tmp_path):
    executable = chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' brings playwright")
    output, page_file = built_report
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000})
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
                    else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri(), wait_until="load")
            sections = page.locator("section[data-document]")
            assert sections.count() == len(BROWSER_CORPUS)
            cards = page.locator(".fact").all_inner_texts()
            marks = page.locator("mark.entity")
            assert marks.count() > 10 and page.locator("mark.kind-person").count() > 0
            assert page.locator("mark.kind-money").count() > 0 and page.locator("mark.kind-org").count() > 0
            shown = " ".join(cards)
            roles, fundings = _table(output, "roles"), _table(output, "fundings")
            assert roles and fundings
            for row in roles:
                assert f"{row['person_name']}: {row['role']}" in shown
            for row in fundings:
                assert f" to {row['recipient_name']}" in shown
            assert page.locator("#network svg circle").count() > 1
            assert page.locator("#money-recipient rect").count() == len({r["recipient"] for r in fundings})
            first = page.locator(".fact").first
            first.hover()
            assert page.locator(".document .hl").count() > 0  # hovering a fact outlines its text
            page.mouse.move(0, 0)
            assert page.locator(".document .hl").count() == 0
        finally:
            browser.close()
    assert problems == []
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
