"""Every grant and office in the sample corpus can be traced to a sentence that states it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from egov_kg.cli import cli

CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    output = tmp_path_factory.mktemp("sample")
    assert CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(output), "--quiet"]).exit_code == 0
    return output


def _rows(output: Path, kind: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["table", kind, str(output), "--evidence", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_every_funding_row_quotes_the_sentence_with_its_amount(sample_build):
    rows = _rows(sample_build, "fundings")
    assert rows
    for row in rows:
        sentences = row["evidence_sentence"]
        assert sentences and row["evidence_file"], row
        text = (CORPUS / row["source_file"]).read_text(encoding="utf-8")
        for start, end, quote in zip(row["evidence_start"].split(" | "), row["evidence_end"].split(" | "),
                                     row["evidence_text"].split(" | ")):
            assert text[int(start) : int(end)] == quote


def test_every_role_row_quotes_a_sentence_naming_the_person(sample_build):
    rows = _rows(sample_build, "roles")
    assert rows
    for row in rows:
        family = row["person_name"].split()[-1]
        assert family in row["evidence_sentence"], row
