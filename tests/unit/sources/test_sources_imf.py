"""IMF IMTS adapter against a loopback SDMX stub serving hand-made SDMX-CSV fixtures (no network)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from werkzeug.wrappers import Request, Response

from tradebrief import load_trade
from tradebrief.cli import main
from tradebrief.errors import CountryError, SourceError
from tradebrief.sources import imf, resolve_source_data_dir
from tradebrief.sources.http import RetryPolicy

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imf"
PREFIX = "/data/dataflow/IMF.STA/IMTS/+/"
FAKE_KEY = "fake-imf-key-0c9d8e7f"


class ImtsStub:
    """Serves a fixture file per SDMX key; unknown keys get the SDMX 'no results' 404."""

    def __init__(self) -> None:
        self.files = {
            "BLR.XG_FOB_USD+MG_CIF_USD.CHN.A": "imts_blr_chn_annual.csv",
            "CHN.XG_FOB_USD+MG_CIF_USD.BLR.A": "imts_chn_blr_annual_scaled.csv",
            "BLR.XG_FOB_USD+MG_CIF_USD.CHN.M": "imts_blr_chn_monthly.csv",
        }
        self.failures: list[Response] = []
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        if self.failures:
            return self.failures.pop(0)
        key = request.path[len(PREFIX):]
        name = self.files.get(key)
        if name is None:
            return Response("NoResultsFound", status=404, content_type="text/plain")
        return Response((FIXTURES / name).read_bytes(), status=200,
                        content_type="application/vnd.sdmx.data+csv; version=2.0.0")


@pytest.fixture
def stub(httpserver, monkeypatch) -> ImtsStub:
    import re
    monkeypatch.delenv("IMF_API_KEY", raising=False)
    monkeypatch.setenv("TRADEBRIEF_IMF_URL", httpserver.url_for("/").rstrip("/"))
    handler = ImtsStub()
    httpserver.expect_request(re.compile(r"^/data/dataflow/IMF\.STA/IMTS/.*")).respond_with_handler(handler)
    return handler


def sleeps_policy(log: list) -> RetryPolicy:
    return RetryPolicy(retries=2, backoff=1.0, timeout=5, sleep=log.append)


def test_annual_success_both_sides_with_scale_and_gaps(stub, tmp_path):
    log: list = []
    result = imf.fetch("BLR", "CHN", 2019, 2020, out_root=tmp_path, policy=sleeps_policy(log))
    assert result.folder == tmp_path / "imf-BLR-CHN"
    trade = load_trade(result.folder)
    got = {(r.reporter, r.flow, r.period): r.value_usd for r in trade.itertuples()}
    assert got == {
        ("BLR", "export", "2019"): 1234567.0, ("BLR", "export", "2020"): 2345678.0,
        ("BLR", "import", "2019"): 3456789.0,  # 2020 import is empty in the fixture: a gap, no row
        ("CHN", "export", "2019"): 1234567.0, ("CHN", "export", "2020"): 2345678.0,  # SCALE 6 applied
        ("CHN", "import", "2019"): 3456789.0, ("CHN", "import", "2020"): 4567891.0,
    }  # the 2018 line outside the requested years is dropped
    assert trade.loc[trade["reporter"] == "CHN", "value_text"].str.endswith("(SCALE 6)").all()
    assert trade.loc[trade["flow"] == "import", "notes"].str.contains("MG_CIF_USD: goods imports valued CIF").all()
    assert trade.loc[trade["flow"] == "export", "notes"].str.contains("valued FOB").all()
    assert (trade["economy"] == trade["reporter"]).all() and set(trade["bound"]) == {"exact"}
    assert [r.headers["Accept"] for r in stub.requests] == ["application/vnd.sdmx.data+csv;version=2.0.0"] * 2
    assert [r.args["c[TIME_PERIOD]"] for r in stub.requests] == ["ge:2019+le:2020"] * 2
    assert all("Ocp-Apim-Subscription-Key" not in r.headers for r in stub.requests)


def test_citation_holds_url_checksum_and_counts(stub, tmp_path):
    folder = imf.fetch("BLR", "CHN", 2019, 2020, out_root=tmp_path, policy=sleeps_policy([])).folder
    doc = yaml.safe_load((folder / "sources.yaml").read_text("utf-8"))
    entry = doc["sources"]["imf-blr-chn-2019-2020"]
    assert entry["publisher"] == "IMF IMTS"
    assert entry["url"].endswith(PREFIX + "BLR.XG_FOB_USD+MG_CIF_USD.CHN.A?c%5BTIME_PERIOD%5D=ge%3A2019%2Ble%3A2020")
    assert entry["params"] == {"c[TIME_PERIOD]": "ge:2019+le:2020"}
    assert "5 observations in response, 3 kept, 1 empty (left as gaps)" in entry["quote"]
    raw = (folder / entry["raw_file"]).read_bytes()
    assert raw == (FIXTURES / "imts_blr_chn_annual.csv").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]


def test_monthly_periods_and_own_folder(stub, tmp_path):
    result = imf.fetch("BLR", "CHN", 2023, 2023, out_root=tmp_path, freq="M", policy=sleeps_policy([]))
    assert result.folder.name == "imf-BLR-CHN-monthly"
    trade = load_trade(result.folder)
    assert sorted(zip(trade["flow"], trade["period"], strict=False)) == [
        ("export", "2023-01"), ("export", "2023-02"), ("import", "2023-01")]
    assert not trade["full_year"].any() and set(trade["year"]) == {2023}
    assert stub.requests[0].args["c[TIME_PERIOD]"] == "ge:2023-01+le:2023-12"
    assert resolve_source_data_dir("imf", "BLR", "CHN", tmp_path, variant="monthly") == result.folder


def test_404_no_results_for_both_sides_is_empty_result(stub, tmp_path):
    with pytest.raises(SourceError, match="no records for BLR–RUS 2019–2020 in IMF IMTS"):
        imf.fetch("BLR", "RUS", 2019, 2020, out_root=tmp_path, policy=sleeps_policy([]))
    assert list(tmp_path.iterdir()) == []


def test_malformed_csv_names_the_missing_column(stub, tmp_path):
    stub.files["BLR.XG_FOB_USD+MG_CIF_USD.CHN.A"] = "imts_malformed_no_obs_value.csv"
    with pytest.raises(SourceError, match=r"imf-blr-chn-2019-2020 lacks column\(s\) OBS_VALUE"):
        imf.fetch("BLR", "CHN", 2019, 2020, out_root=tmp_path, policy=sleeps_policy([]))


def test_wrong_series_in_answer_is_rejected(stub, tmp_path):
    stub.files["BLR.XG_FOB_USD+MG_CIF_USD.CHN.A"] = "imts_chn_blr_annual_scaled.csv"
    with pytest.raises(SourceError, match="line 2 is CHN→BLR; expected BLR→CHN"):
        imf.fetch("BLR", "CHN", 2019, 2020, out_root=tmp_path, policy=sleeps_policy([]))


def test_429_then_success_and_500_then_success(stub, tmp_path):
    log: list = []
    stub.failures = [Response("", status=429, headers={"Retry-After": "4"}), Response("", status=500)]
    result = imf.fetch("BLR", "CHN", 2019, 2020, out_root=tmp_path, policy=sleeps_policy(log))
    assert log == [4.0, 2.0]  # Retry-After honoured, then exponential backoff (second attempt)
    assert result.rows == 7


def test_group_partner_is_refused(stub, tmp_path):
    with pytest.raises(CountryError, match="partner EUU is a group"):
        imf.fetch("BLR", "EU", 2019, 2020, out_root=tmp_path)


def test_key_is_sent_in_header_and_never_written(stub, tmp_path, monkeypatch):
    monkeypatch.setenv("IMF_API_KEY", FAKE_KEY)
    folder = imf.fetch("BLR", "CHN", 2019, 2020, out_root=tmp_path, policy=sleeps_policy([])).folder
    assert all(r.headers.get("Ocp-Apim-Subscription-Key") == FAKE_KEY for r in stub.requests)
    for path in folder.rglob("*"):
        if path.is_file():
            assert FAKE_KEY.encode() not in path.read_bytes(), path


def test_cli_fetch_imf_monthly(stub, tmp_path):
    result = CliRunner().invoke(main, ["fetch", "imf", "--partner", "CHN", "--years", "2023",
                                       "--freq", "M", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Wrote 3 rows (BLR 3) from 2 request(s)" in result.output
    assert (tmp_path / "imf-BLR-CHN-monthly" / "raw" / "trade.csv").is_file()


def test_cli_freq_m_is_refused_for_comtrade(tmp_path):
    result = CliRunner().invoke(main, ["fetch", "comtrade", "--freq", "M", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--freq M is available for imf only" in result.output


@pytest.mark.parametrize("value", ["Infinity", "-inf", "1e400", "nan", "1.5e308", "2e14"])
def test_infinity_is_refused_naming_line_and_field(stub, tmp_path, value):
    text = (FIXTURES / "imts_blr_chn_annual.csv").read_text().replace("1234567.0", value)
    path = tmp_path / "hostile.csv"
    path.write_text(text)
    stub.files["BLR.XG_FOB_USD+MG_CIF_USD.CHN.A"] = str(path)
    out = tmp_path / "ext"
    result = CliRunner().invoke(main, ["fetch", "imf", "--reporter", "BLR", "--partner", "CHN",
                                       "--years", "2019:2020", "--out", str(out)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in result.output
    if value == "nan":
        assert f"line 2 has OBS_VALUE '{value}'; expected a number" in errors[0]
    else:
        assert f"line 2 (XG_FOB_USD 2019) has OBS_VALUE '{value}'; expected a finite number from 0 to 1e+14" in errors[0]
    assert not out.exists()
