"""`tradebrief claims`: exit codes, one-line errors, JSON shape."""
from __future__ import annotations

import json

from click.testing import CliRunner

from test_claims_fixtures import make_data, trade_row, write_claims
from tradebrief.cli import main

CHECK = {"kind": "threshold", "dataset": "trade", "economy": "BLR", "partner": "CHN", "year": 2022,
         "op": ">", "value": 9.0e9}


def test_cli_json_exits_zero_whatever_the_verdict(tmp_path):
    data = make_data(tmp_path, trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)])
    claims = write_claims(tmp_path, [{"id": "big", "quote": "over 9bn", "check": CHECK}])
    result = CliRunner().invoke(main, ["claims", str(claims), "--format", "json", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [c["id"] for c in out] == ["big"] and out[0]["verdict"] == "contradicted"
    assert {"reporter", "verdict", "evidence", "source_ids"} <= set(out[0]["by_side"][0])
    md = CliRunner().invoke(main, ["claims", str(claims), "--data-dir", str(data)])
    assert md.exit_code == 0 and "| big | over 9bn | **contradicted** |" in md.output


def test_cli_missing_file_is_one_line_naming_it(tmp_path):
    result = CliRunner().invoke(main, ["claims", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: claims file") and "absent.yaml" in lines[0]


def test_cli_malformed_file_names_claim_and_field(tmp_path):
    claims = write_claims(tmp_path, [{"id": "bad-op", "quote": "q", "check": {**CHECK, "op": "=>"}}])
    result = CliRunner().invoke(main, ["claims", str(claims)])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: claims file claims.yaml, claim 'bad-op', field 'check.op': "
                                     "'=>' is not one of > >= < <= == ~")
