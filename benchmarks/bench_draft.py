"""Measure `tradebrief claims draft` against hand-written claims files: recall, precision, verdicts.

For each text, the drafted file (as `tradebrief claims draft TEXT` writes it, no options) is matched
with the hand-written file (tradebrief.claims.draft.measure: same quote and kind, else same kind and
value, else same quote) and both are evaluated against the snapshot. Also times the drafter on a
1 MB single-line text. Results: benchmarks/README.md, "bench_draft.py".

    .venv/bin/python benchmarks/bench_draft.py           # summary
    .venv/bin/python benchmarks/bench_draft.py --rows    # one line per hand-written claim
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "tests" / "fixtures" / "articles"
TEXTS = (
    ("seed (en)", ARTICLES / "en_ankasam_2023-03.txt", REPO / "data" / "claims" / "seed_article.yaml"),
    ("BelTA via rossaprimavera (ru)", ARTICLES / "ru_rossaprimavera_2023-02-28.txt",
     ARTICLES / "ru_rossaprimavera_2023-02-28.claims.yaml"),
    ("PRC MFA profile via chinanews (zh)", ARTICLES / "zh_chinanews_mfa_profile_2020-05.txt",
     ARTICLES / "zh_chinanews_mfa_profile_2020-05.claims.yaml"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", action="store_true", help="print one line per hand-written claim")
    args = parser.parse_args()
    from tradebrief.claims import load_claims
    from tradebrief.claims.draft import data_sources, draft_file
    from tradebrief.claims.draft.measure import score
    from tradebrief.data.context import RunData

    data = RunData.load(source="snapshot", require_data=False)
    sources = data_sources()
    totals = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, reference in TEXTS:
            if not text.is_file():
                print(f"{name}: {text} not found, skipped")
                continue
            start = time.perf_counter()
            out, _, _ = draft_file(text, Path(tmp) / f"{text.stem}.yaml", sources=sources)
            seconds = time.perf_counter() - start
            result = score(load_claims(out), load_claims(reference), data)
            totals = [a + b for a, b in zip(totals, (result.reference, result.drafted, result.found,
                                                     result.same_verdict), strict=True)]
            print(f"{name}: hand {result.reference}, drafted {result.drafted}, found {result.found} "
                  f"(recall {result.recall:.0%}, precision {result.precision:.0%}), same verdict "
                  f"{result.same_verdict}/{result.found} ({result.verdict_agreement:.0%}); drafted in {seconds:.2f} s")
            if args.rows:
                for ref, drafted, how, rv, dv in result.rows:
                    mark = "" if drafted is None else (" (same verdict)" if rv == dv else f" (drafted: {dv})")
                    print(f"    {ref}: {drafted or '-'} [{how}] {rv}{mark}")
        ref, drafted, found, same = totals
        print(f"all: recall {found}/{ref} ({found / ref:.0%}), precision {found}/{drafted} ({found / drafted:.0%}), "
              f"same verdict {same}/{found} ({same / found:.0%})")
        big = Path(tmp) / "one-line.txt"
        big.write_text(("Trade grew by 33% to $5.79 billion in 2022 <b>and</b> 1,234 5 678 " * 16_000)[:1_048_576],
                       encoding="utf-8")
        start = time.perf_counter()
        _, draft, _ = draft_file(big, Path(tmp) / "one-line.yaml", date="2023-03-21")
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"1 MB single line: {len(draft.claims)} claims, {len(draft.skipped)} skipped, {seconds:.1f} s, "
              f"peak RSS of this process {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
