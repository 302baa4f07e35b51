"""UN Comtrade adapter and `tradebrief fetch`, against a loopback HTTP server serving hand-made fixtures.

No test touches the network: the adapter's base URL points at pytest-httpserver on localhost.
"""
from __future__ import annotations

import copy
import hashlib
import json
import socket
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from werkzeug.wrappers import Request, Response

from tradebrief import load_sources, load_trade
from tradebrief.cli import main
from tradebrief.errors import CountryError, DataError, SourceError
from tradebrief.sources import comtrade, fetch, resolve_source_data_dir
from tradebrief.sources.http import RetryPolicy

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "comtrade"
FAKE_KEY = "fake-test-key-7f3a9c2e51"


def fixture_json(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text("utf-8"))


class ComtradeStub:
    """Serves fixture bodies by query (pair totals, all partners, HS chapters); canned failures first."""

    def __init__(self) -> None:
        self.by_reporter = {"112": fixture_json("final_blr_chn_2019_2020.json"),
                            "156": fixture_json("final_chn_blr_2019_2020.json")}
        self.partners = {"112": fixture_json("partners_blr_2019_2020.json")}
        self.chapters = {("112", "156"): fixture_json("hs2_blr_chn_2019_2020.json")}
        self.failures: list[Response] = []
        self.requests: list[Request] = []
        self.delay = 0.0

    def body_for(self, args) -> dict:
        reporter, partner = args.get("reporterCode", ""), args.get("partnerCode")
        if args.get("cmdCode") == "AG2":
            return self.chapters.get((reporter, partner or ""), fixture_json("empty.json"))
        if partner is None:
            return self.partners.get(reporter, fixture_json("empty.json"))
        return self.by_reporter.get(reporter, fixture_json("empty.json"))

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        if self.delay:
            time.sleep(self.delay)
        if self.failures:
            return self.failures.pop(0)
        body = copy.deepcopy(self.body_for(request.args))
        periods = set(request.args.get("period", "").split(","))
        flows = set(request.args.get("flowCode", "M,X").split(",")) | {"RX"}  # a server may add re-exports
        partner = request.args.get("partnerCode")
        body["data"] = [r for r in body["data"] if not isinstance(r, dict)
                        or (r.get("period") in periods and r.get("flowCode") in flows
                            and (partner is None or str(r.get("partnerCode")) == partner))]
        body["count"] = len(body["data"])
        return Response(json.dumps(body), status=200, content_type="application/json")


@pytest.fixture
def stub(httpserver, monkeypatch) -> ComtradeStub:
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_URL", httpserver.url_for("/").rstrip("/"))
    handler = ComtradeStub()
    httpserver.expect_request("/data/v1/get/C/A/HS").respond_with_handler(handler)
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_handler(handler)
    return handler


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def run(tmp_path: Path, sleeps: Sleeps, years=(2019, 2020), **kw):
    policy = kw.pop("policy", None) or RetryPolicy(retries=2, backoff=1.0, timeout=5, sleep=sleeps)
    kw.setdefault("tables", ("trade",))  # partners and products have their own tests
    return comtrade.fetch("Belarus", "CHN", *years, out_root=tmp_path / "external", policy=policy, **kw)


def test_success_writes_a_loadable_folder_with_both_sides(stub, tmp_path, sleeps, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    result = run(tmp_path, sleeps)
    assert result.folder == tmp_path / "external" / "comtrade-BLR-CHN"
    assert result.rows_by_reporter == {"BLR": 4, "CHN": 4}
    trade = load_trade(result.folder)
    got = {(r.reporter, r.partner, r.flow, r.period): r.value_usd for r in trade.itertuples()}
    assert got == {
        ("BLR", "CHN", "import", "2019"): 1234567.0, ("BLR", "CHN", "export", "2019"): 2345678.0,
        ("BLR", "CHN", "import", "2020"): 3456789.0, ("BLR", "CHN", "export", "2020"): 4567890.0,
        ("CHN", "BLR", "import", "2019"): 1111111.0, ("CHN", "BLR", "export", "2019"): 2222222.0,
        ("CHN", "BLR", "import", "2020"): 3333333.0, ("CHN", "BLR", "export", "2020"): 4444444.0,
    }  # the RX (re-export) record of the fixture is not among them
    assert set(trade["economy"]) == {"BLR", "CHN"} and (trade["economy"] == trade["reporter"]).all()
    assert set(trade["bound"]) == {"exact"} and set(trade["scope"]) == {"goods"}
    assert trade["preferred"].all() and trade["full_year"].all()
    imports = trade[trade["flow"] == "import"]["notes"]
    assert imports.str.contains("valued CIF").all()
    assert trade[trade["flow"] == "export"]["notes"].str.contains("valued FOB").all()
    # the key travelled in the header, to the final-data endpoint
    assert all(r.path == "/data/v1/get/C/A/HS" for r in stub.requests)
    assert all(r.headers.get("Ocp-Apim-Subscription-Key") == FAKE_KEY for r in stub.requests)


def test_citations_hold_url_params_checksum_and_raw_response(stub, tmp_path, sleeps, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    folder = run(tmp_path, sleeps).folder
    sources = load_sources(folder).set_index("source_id")
    assert list(sources.index) == ["comtrade-blr-chn-2019-2020", "comtrade-chn-blr-2019-2020"]
    assert set(sources["publisher"]) == {"UN Comtrade"}
    assert set(sources["reliability"]) == {"official_statistics"}
    doc = yaml.safe_load((folder / "sources.yaml").read_text("utf-8"))
    entry = doc["sources"]["comtrade-blr-chn-2019-2020"]
    assert entry["url"].startswith(stub.requests[0].host_url.rstrip("/") + "/data/v1/get/C/A/HS?reporterCode=112")
    assert entry["params"]["period"] == "2019,2020" and entry["params"]["partnerCode"] == "156"
    assert entry["retrieved"].endswith("Z") and "T" in entry["retrieved"]
    assert "reporter BLR partner CHN, 2019-2020: 5 records in response, 4 annual totals kept" in entry["quote"]
    raw = (folder / entry["raw_file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    assert json.loads(raw)["data"][0]["primaryValue"] == 1234567.0
    assert doc["fetch"]["source"] == "comtrade" and doc["fetch"]["years"] == "2019:2020"


def test_api_key_is_never_written(stub, tmp_path, sleeps, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    folder = run(tmp_path, sleeps).folder
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(files) == 4  # trade.csv, sources.yaml, two raw responses
    for path in files:
        assert FAKE_KEY.encode() not in path.read_bytes(), path
    assert all(FAKE_KEY not in r.url for r in stub.requests)


def test_without_key_uses_preview_and_says_so(stub, tmp_path, sleeps):
    said: list[str] = []
    result = run(tmp_path, sleeps, warn=said.append)
    assert all(r.path == "/public/v1/preview/C/A/HS" for r in stub.requests)
    assert all("Ocp-Apim-Subscription-Key" not in r.headers for r in stub.requests)
    assert all(r.args["maxRecords"] == "500" for r in stub.requests)
    assert any("keyless Comtrade preview" in m and "500 records" in m for m in said)
    doc = yaml.safe_load((result.folder / "sources.yaml").read_text("utf-8"))
    assert "500 records per request" in doc["fetch"]["notes"]
    assert "(keyless preview)" in doc["sources"]["comtrade-blr-chn-2019-2020"]["quote"]


def test_preview_response_at_500_rows_warns_of_truncation(stub, tmp_path, sleeps):
    body = copy.deepcopy(stub.by_reporter["112"])
    template = body["data"][0]
    filler = []
    for i in range(500 - len(body["data"])):  # chapter-level records: present, but not totals
        filler.append({**template, "cmdCode": f"{i % 97 + 1:02d}", "aggrLevel": 2, "motCode": i})
    body["data"].extend(filler)
    stub.by_reporter["112"] = body
    said: list[str] = []
    result = run(tmp_path, sleeps, warn=said.append)
    assert any("500 records, the preview limit of 500" in m and "may be truncated" in m for m in said)
    assert result.warnings == [m for m in said if "truncated" in m]
    doc = yaml.safe_load((result.folder / "sources.yaml").read_text("utf-8"))
    assert "may be truncated" in doc["sources"]["comtrade-blr-chn-2019-2020"]["quote"]
    assert "may be truncated" not in doc["sources"]["comtrade-chn-blr-2019-2020"]["quote"]


def test_years_are_split_into_chunked_requests(stub, tmp_path, sleeps):
    result = run(tmp_path, sleeps, years=(2011, 2020), chunk_years=4)
    periods = [(r.args["reporterCode"], r.args["period"]) for r in stub.requests]
    assert periods == [
        ("112", "2011,2012,2013,2014"), ("112", "2015,2016,2017,2018"), ("112", "2019,2020"),
        ("156", "2011,2012,2013,2014"), ("156", "2015,2016,2017,2018"), ("156", "2019,2020"),
    ]
    assert result.requests == 6
    # each chunk has its own citation and raw response
    assert len(list((result.folder / "responses").iterdir())) == 6


def test_progress_callback_sees_every_request(stub, tmp_path, sleeps):
    seen: list[str] = []

    def progress(items, total):
        assert total == 4
        for item in items:
            seen.append(item.source_id)
            yield item

    run(tmp_path, sleeps, years=(2015, 2020), chunk_years=3, progress=progress)
    assert seen == ["comtrade-blr-chn-2015-2017", "comtrade-blr-chn-2018-2020",
                    "comtrade-chn-blr-2015-2017", "comtrade-chn-blr-2018-2020"]


def test_429_with_retry_after_then_success(stub, tmp_path, sleeps):
    stub.failures = [Response("busy", status=429, headers={"Retry-After": "7"})]
    result = run(tmp_path, sleeps)
    assert sleeps == [7.0]
    assert result.rows == 8 and len(stub.requests) == 3


def test_500_then_success_backs_off(stub, tmp_path, sleeps):
    stub.failures = [Response("oops", status=500), Response("oops", status=503)]
    result = run(tmp_path, sleeps)
    assert sleeps == [1.0, 2.0]
    assert result.rows == 8


def test_429_after_all_retries_says_when_to_retry(stub, tmp_path, sleeps):
    stub.failures = [Response("busy", status=429, headers={"Retry-After": "30"})] * 3
    with pytest.raises(SourceError, match=r"rate limit reached \(HTTP 429\).*after 3 attempt\(s\); retry in 30 s"):
        run(tmp_path, sleeps)
    assert sleeps == [30.0, 30.0]
    assert not (tmp_path / "external" / "comtrade-BLR-CHN").exists()


def test_retry_after_beyond_the_cap_fails_at_once(stub, tmp_path, sleeps):
    stub.failures = [Response("busy", status=429, headers={"Retry-After": "3600"})]
    with pytest.raises(SourceError, match="retry in 3600 s"):
        run(tmp_path, sleeps)
    assert sleeps == []


def test_5xx_after_all_retries(stub, tmp_path, sleeps):
    stub.failures = [Response("down", status=502)] * 3
    with pytest.raises(SourceError, match=r"server error \(HTTP 502\).*after 3 attempt\(s\)"):
        run(tmp_path, sleeps)


def test_timeout_is_a_clear_error(stub, tmp_path, sleeps):
    stub.delay = 0.3
    policy = RetryPolicy(retries=1, backoff=0.0, timeout=0.05, sleep=sleeps)
    with pytest.raises(SourceError, match=r"did not answer within 0\.05 s \(2 attempt\(s\)\)"):
        run(tmp_path, sleeps, policy=policy)


def test_malformed_payload_names_what_is_missing(stub, tmp_path, sleeps):
    stub.by_reporter["112"] = fixture_json("malformed_missing_primaryValue.json")
    with pytest.raises(SourceError, match=r"comtrade-blr-chn-2019-2020: record 0 lacks 'primaryValue'"):
        run(tmp_path, sleeps)


def test_non_json_and_missing_data_array_are_malformed(stub, tmp_path, sleeps):
    stub.failures = [Response("<html>maintenance</html>", status=200, content_type="text/html")]
    with pytest.raises(SourceError, match="is not JSON"):
        run(tmp_path, sleeps)
    stub.failures = [Response(json.dumps({"count": 0}), status=200, content_type="application/json")]
    with pytest.raises(SourceError, match="lacks the 'data' array"):
        run(tmp_path, sleeps)


def test_record_for_another_reporter_is_rejected(stub, tmp_path, sleeps):
    body = copy.deepcopy(stub.by_reporter["112"])
    body["data"][0]["reporterCode"] = 643
    stub.by_reporter["112"] = body
    with pytest.raises(SourceError, match="record 0 is reporter 643 partner 156; expected 112 and 156"):
        run(tmp_path, sleeps)


def test_unknown_country_suggests_the_closest(stub, tmp_path, sleeps):
    with pytest.raises(CountryError, match="unknown country 'Chian'; did you mean CHN"):
        comtrade.fetch("BLR", "Chian", 2019, 2020, out_root=tmp_path)
    assert stub.requests == []


def test_empty_result_is_an_error_and_writes_nothing(stub, tmp_path, sleeps):
    stub.by_reporter = {}
    with pytest.raises(SourceError, match="no records for BLR–CHN 2019–2020 in UN Comtrade"):
        run(tmp_path, sleeps)
    assert not (tmp_path / "external").exists() or not any((tmp_path / "external").iterdir())


def test_one_side_empty_is_a_gap_not_an_error(stub, tmp_path, sleeps):
    del stub.by_reporter["156"]
    result = run(tmp_path, sleeps)
    assert result.rows_by_reporter == {"BLR": 4}
    doc = yaml.safe_load((result.folder / "sources.yaml").read_text("utf-8"))
    assert "0 records in response" in doc["sources"]["comtrade-chn-blr-2019-2020"]["quote"]


def test_unauthorised_says_to_set_the_key(stub, tmp_path, sleeps, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    stub.failures = [Response(json.dumps({"statusCode": 401, "message": "Access denied due to invalid "
                                          "subscription key."}), status=401)]
    with pytest.raises(SourceError) as err:
        run(tmp_path, sleeps)
    assert "refused access (HTTP 401)" in str(err.value) and "set COMTRADE_API_KEY" in str(err.value)
    assert FAKE_KEY not in str(err.value)


def test_offline_is_a_clear_error(tmp_path, sleeps, monkeypatch):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_URL", f"http://127.0.0.1:{port}")
    with pytest.raises(SourceError, match=r"cannot reach UN Comtrade at 127\.0\.0\.1:\d+ \(connection refused\); "
                                          "are you offline"):
        run(tmp_path, sleeps)
    assert sleeps == []  # no point waiting when nothing listens


def test_failed_refetch_keeps_the_previous_folder(stub, tmp_path, sleeps):
    folder = run(tmp_path, sleeps).folder
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    stub.failures = [Response("", status=200)] + [Response("down", status=500)] * 3
    with pytest.raises(SourceError):
        run(tmp_path, sleeps)
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in (tmp_path / "external").iterdir()) == ["comtrade-BLR-CHN"]


def test_refetch_replaces_the_folder_whole(stub, tmp_path, sleeps):
    run(tmp_path, sleeps, years=(2015, 2020), chunk_years=3)
    folder = run(tmp_path, sleeps).folder
    assert sorted(p.name for p in (folder / "responses").iterdir()) == [
        "comtrade-blr-chn-2019-2020.json", "comtrade-chn-blr-2019-2020.json"]
    assert sorted(p.name for p in folder.parent.iterdir()) == ["comtrade-BLR-CHN"]


def test_group_partner_fetches_one_side_only(stub, tmp_path, sleeps):
    body = copy.deepcopy(stub.by_reporter["112"])
    for record in body["data"]:
        record.update(partnerCode=97, partnerISO="EUR", partnerDesc="European Union")
    stub.by_reporter["112"] = body
    result = comtrade.fetch("BLR", "EU", 2019, 2020, out_root=tmp_path, policy=RetryPolicy(sleep=sleeps),
                            tables=("trade",))
    assert [(r.args["reporterCode"], r.args["partnerCode"]) for r in stub.requests] == [("112", "97")]
    assert result.folder.name == "comtrade-BLR-EUU"
    assert set(load_trade(result.folder)["partner"]) == {"EUU"}


def test_resolve_source_data_dir(stub, tmp_path, sleeps, monkeypatch):
    root = tmp_path / "external"
    with pytest.raises(DataError, match=r"no fetched UN Comtrade data for BLR–CHN in .*external; run: "
                                        "tradebrief fetch comtrade --reporter BLR --partner CHN --out "):
        resolve_source_data_dir("comtrade", "BLR", "CHN", root)
    folder = run(tmp_path, sleeps).folder
    assert resolve_source_data_dir("comtrade", "BLR", "CHN", root) == folder
    monkeypatch.setenv("TRADEBRIEF_EXTERNAL", str(root))  # the default root: no --out in the hint
    assert resolve_source_data_dir("comtrade", "BLR", "CHN") == folder
    with pytest.raises(DataError, match=r"--partner RUS$"):
        resolve_source_data_dir("comtrade", "BLR", "RUS")
    with pytest.raises(DataError, match="no fetched IMF IMTS data"):
        resolve_source_data_dir("imf", "BLR", "CHN", root)


def test_fetch_dispatch_rejects_unknown_source(tmp_path):
    with pytest.raises(Exception, match="unknown source 'wto'; expected one of comtrade, imf"):
        fetch("wto", "BLR", "CHN", 2019, 2020, out_root=tmp_path)


# --- the command ---------------------------------------------------------------------------------

def test_cli_fetch_success(stub, tmp_path, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    out = tmp_path / "ext"
    result = CliRunner().invoke(main, ["fetch", "comtrade", "--reporter", "BLR", "--partner", "China",
                                       "--years", "2019:2020", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert ("Wrote 8 rows (BLR 4, CHN 4), 13 partners rows, 12 products rows from 4 request(s) to"
            in result.output)
    assert FAKE_KEY not in result.output
    assert load_trade(out / "comtrade-BLR-CHN").shape[0] == 8


def test_cli_fetch_error_is_one_line_and_non_zero(tmp_path, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    result = CliRunner().invoke(main, ["fetch", "comtrade", "--years", "2019:2020", "--out", str(tmp_path)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "connection refused" in errors[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("years, message", [
    ("2024:2000", "years '2024:2000' are reversed"),
    ("twenty", "years 'twenty' not understood"),
])
def test_cli_fetch_bad_years_exit_2(years, message, tmp_path):
    result = CliRunner().invoke(main, ["fetch", "comtrade", "--years", years, "--out", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output


def test_cli_has_no_key_option():
    result = CliRunner().invoke(main, ["fetch", "comtrade", "--api-key", "x"])
    assert result.exit_code == 2 and "No such option" in result.output


# --- partners and HS chapters: enough for a brief ------------------------------------------------

def test_partners_give_rank_and_share_from_fetched_figures_only(stub, tmp_path, sleeps, monkeypatch):
    from tradebrief import load_partners

    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    result = run(tmp_path, sleeps, tables=("trade", "partners"))
    partner_requests = [r for r in stub.requests if "partnerCode" not in r.args]
    assert len(partner_requests) == 1 and partner_requests[0].args["flowCode"] == "M,X"
    partners = load_partners(result.folder)
    chn = partners[partners["partner"] == "CHN"].set_index(["period", "flow"])
    assert chn.loc[("2019", "export"), "rank"] == 2 and bool(chn.loc[("2019", "export"), "tied"])  # tie with UKR
    assert chn.loc[("2019", "export"), "share_pct"] == pytest.approx(100 * 2345678 / 20_000_000)
    assert chn.loc[("2019", "import"), "rank"] == 3 and not chn.loc[("2019", "import"), "tied"]
    assert chn.loc[("2020", "import"), "share_pct"] == pytest.approx(100 * 3456789 / 16_000_000)
    assert set(partners["partner"]) == {"CHN", "RUS", "UKR", "POL", "DEU"}  # 490 (no ISO3) and World not ranked
    assert partners[(partners["period"] == "2019") & (partners["flow"] == "export")]["rank"].tolist() == [2, 4, 1, 2]
    note = chn.loc[("2019", "export"), "notes"]
    assert "among 4 partner economies" in note and "partner codes 490" in note and "World total" in note
    assert set(partners["source_id"]) == {"comtrade-partners-blr-2019-2020"}
    doc = yaml.safe_load((result.folder / "sources.yaml").read_text("utf-8"))
    assert "rank by primaryValue" in doc["fetch"]["notes"]
    assert "partner all" in doc["sources"]["comtrade-partners-blr-2019-2020"]["quote"]


def test_preview_asks_partners_one_year_and_flow_at_a_time(stub, tmp_path, sleeps):
    run(tmp_path, sleeps, tables=("trade", "partners", "products"))
    asked = [(r.args.get("cmdCode"), "partnerCode" in r.args, r.args["period"], r.args["flowCode"])
             for r in stub.requests]
    assert asked[2:] == [("TOTAL", False, "2019", "X"), ("TOTAL", False, "2019", "M"),
                         ("TOTAL", False, "2020", "X"), ("TOTAL", False, "2020", "M"),
                         ("AG2", True, "2019,2020", "M,X")]
    assert all(r.args["maxRecords"] == "500" for r in stub.requests)


def test_partner_response_at_the_preview_limit_keeps_shares_drops_ranks_and_says_so(stub, tmp_path, sleeps):
    from tradebrief import load_partners

    body = copy.deepcopy(stub.partners["112"])
    for period in ("2019", "2020"):  # re-export records: present, counted, not totals
        body["data"].extend([dict(body["data"][0], partnerCode=899, flowCode="RX", period=period)] * 500)
    stub.partners["112"] = body
    said: list[str] = []
    result = run(tmp_path, sleeps, tables=("trade", "partners"), warn=said.append)
    truncated = [m for m in said if "the preview limit of 500" in m]
    assert len(truncated) == 4 and all("partner ranks in it are not computed" in m for m in truncated)
    partners = load_partners(result.folder)
    assert partners["rank"].isna().all() and partners["share_pct"].notna().all()
    assert partners["notes"].str.contains("rank not computed").all()


def test_partner_above_the_world_total_is_refused(stub, tmp_path, sleeps):
    body = copy.deepcopy(stub.partners["112"])
    record = next(r for r in body["data"] if r["partnerCode"] == 643 and r["period"] == "2019" and r["flowCode"] == "X")
    record["primaryValue"] = 99_000_000.0
    stub.partners["112"] = body
    with pytest.raises(SourceError, match=r"partner RUS, 2019, flow X\) has primaryValue 99000000.0 above the World total"):
        run(tmp_path, sleeps, tables=("trade", "partners"))
    assert not (tmp_path / "external" / "comtrade-BLR-CHN").exists()


def test_hs_chapters_become_product_rows(stub, tmp_path, sleeps, monkeypatch):
    from tradebrief import load_products

    monkeypatch.setenv("COMTRADE_API_KEY", FAKE_KEY)
    result = run(tmp_path, sleeps, tables=("trade", "products"))
    products = load_products(result.folder)
    assert len(products) == 12  # 3 chapters each way, 2 years; the TOTAL record is not a chapter
    row = products[(products["period"] == "2019") & (products["product"].str.startswith("HS 31"))].iloc[0]
    assert (row["exporter"], row["importer"], row["value_usd"]) == ("BLR", "CHN", 1200000.0)
    assert row["product"] == "HS 31 Fertilizers"
    assert row["share_pct"] == pytest.approx(100 * 1200000 / (1200000 + 700000 + 445678))
    assert "sum of HS chapters in comtrade-hs2-blr-chn-2019-2020" in row["share_basis"]
    imports = products[products["importer"] == "BLR"]
    assert set(imports["exporter"]) == {"CHN"} and imports["product"].str.match(r"^HS 8[457] ").all()
    assert result.tables == {"trade": 8, "products": 12}


def test_tables_option_is_checked(tmp_path):
    with pytest.raises(Exception, match="tables 'partners' not understood"):
        comtrade.plan("BLR", "CHN", 2019, 2020, keyed=True, root="http://x", tables=("partners",))
