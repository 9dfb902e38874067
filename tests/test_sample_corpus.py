"""The sample corpus as a new user meets it: the README's queries, the money, the report."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from egov_kg.build import build
from egov_kg.cli import cli

ROOT = Path(__file__).parent.parent
README_QUERIES = [shlex.split(line)[3] for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                  if line.startswith("egov-kg query output/ '")]


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("output")
    build(ROOT / "corpus", folder, jobs=1, validate=False)
    return folder


def _json(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_readmes_queries_count_each_person_once(output):
    assert len(README_QUERIES) == 2
    persons = _json("table", "persons", str(output))
    names, counted = (_json("query", str(output), sparql) for sparql in README_QUERIES)
    assert len(names) == len({p["name"] for p in persons}) == len(persons) == 8
    assert counted == [{"n": len(persons)}]


def test_thueringen_gave_what_the_recipients_received_each_euro_once(output):
    stats = CliRunner().invoke(cli, ["network", str(output), "--stats", "--to", str(output / "n.graphml")]).stdout
    given = stats[stats.index("funders (euro given):"): stats.index("recipients (euro received):")]
    received = stats[stats.index("recipients (euro received):"):]
    amounts = [float(v.replace(",", "")) for v in re.findall(r"([\d,]+\.\d\d) €", received)]
    assert re.findall(r"([\d,.]+) €\s+(\S+)", given) == [("394,012.03", "Thüringen")]
    assert round(sum(amounts), 2) == 394012.03
    fundings = _json("table", "fundings", str(output))
    assert round(sum(f["counted_amount"] for f in fundings), 2) == 394012.03
    assert round(sum(f["amount"] for f in fundings), 2) == 643012.03  # the total and its parts, as stated


def test_the_reports_headline_says_the_same(output):
    from egov_kg.report import render_report

    assert "<b>394.012,03\u00a0€</b><span>granted</span>" in render_report(output).html
