#!/usr/bin/env python3
"""Benchmark of `uppsikt indicators compute` against DuckDB on the same files.

Generates SYNTHETIC register data (`uppsikt synth`) at each scale, runs the
release binary (wall time and peak memory via /usr/bin/time or getrusage),
runs DuckDB with SQL implementing the same definitions
(shared/spec/register-data.md), checks that both give the same cells
(keys, numerator, denominator, value) and prints the time ratio.

Usage: python3 bench/indicators.py [--scales 0.1,1.0] [--seed 1] [--runs 3] [--bin target/release/uppsikt]
Needs: pip install duckdb (benchmark only), a release build of `uppsikt`.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal

AVOIDABLE = ["E10", "E11", "E86", "I10", "I11", "I20", "I50", "J13", "J14", "J15", "J16",
             "J18", "J44", "J45", "J46", "N10", "N390", "D50"]


def sets(monthly):
    out = []
    for r in ["region, ", ""]:
        for s in ["sex, ", ""]:
            out.append(f"({r}{s}yr, mon)")
            if monthly:
                out.append(f"({r}{s}yr)")
    return "GROUPING SETS (" + ", ".join(out) + ")"


KEYS = "COALESCE(region, '00') AS region, COALESCE(sex, 'alla') AS sex, yr, mon"


def duckdb_sql(d):
    t = lambda name: f"read_parquet('{d}/{name}.parquet')"
    avoid = " OR ".join(f"starts_with(main_diagnosis, '{p}')" for p in AVOIDABLE)
    return {
        "vardgaranti_3d": f"""
            WITH c AS (SELECT region, sex, year(contact_date) AS yr, month(contact_date) AS mon,
                 CASE WHEN assessment_date IS NOT NULL AND assessment_date - contact_date BETWEEN 0 AND 3
                      THEN 1 ELSE 0 END AS hit
                 FROM {t('contacts')} WHERE assessment_needed AND NOT patient_chose_later)
            SELECT {KEYS}, SUM(hit) AS num, COUNT(*) AS den FROM c GROUP BY {sets(True)}""",
        "digitala_besok": f"""
            WITH v AS (SELECT region, sex, year(visit_date) AS yr, month(visit_date) AS mon,
                 CASE WHEN mode IN ('video', 'chatt') THEN 1 ELSE 0 END AS dig FROM {t('visits')})
            SELECT {KEYS}, SUM(dig), COUNT(*) FROM v GROUP BY {sets(True)}""",
        "kontinuitet_lakare": f"""
            WITH v AS (SELECT patient_id, region, sex, year(visit_date) AS yr, staff_id FROM {t('visits')}
                       WHERE profession = 'lakare' AND staff_id IS NOT NULL),
            ps AS (SELECT patient_id, region, yr, staff_id, MIN(sex) AS sex, COUNT(*) AS n FROM v
                   GROUP BY patient_id, region, yr, staff_id),
            pc AS (SELECT patient_id, yr, staff_id, MIN(sex) AS sex, COUNT(*) AS n FROM v
                   GROUP BY patient_id, yr, staff_id),
            p AS (SELECT region, yr, MIN(sex) AS sex, SUM(n) AS total, MAX(n) AS top FROM ps
                  GROUP BY patient_id, region, yr
                  UNION ALL
                  SELECT '00', yr, MIN(sex), SUM(n), MAX(n) FROM pc GROUP BY patient_id, yr)
            SELECT region, COALESCE(sex, 'alla'), yr, NULL::BIGINT,
                   SUM(CASE WHEN 2 * top >= total THEN 1 ELSE 0 END), COUNT(*)
            FROM p WHERE total >= 2 GROUP BY GROUPING SETS ((region, sex, yr), (region, yr))""",
        "aterinskrivning_30d": f"""
            WITH s AS (SELECT * FROM {t('stays')}),
            idx AS (SELECT stay_id, patient_id, region, sex, discharge_date, year(discharge_date) AS yr
                    FROM s WHERE year(discharge_date) - birth_year >= 65),
            flagged AS (SELECT region, sex, yr, NULL::BIGINT AS mon,
                 CASE WHEN EXISTS (SELECT 1 FROM s a WHERE a.acute AND a.patient_id = idx.patient_id
                      AND a.admission_date - idx.discharge_date BETWEEN 1 AND 30) THEN 1 ELSE 0 END AS hit
                 FROM idx)
            SELECT {KEYS}, SUM(hit), COUNT(*) FROM flagged GROUP BY {sets(False)}""",
        "undvikbar_slutenvard": f"""
            WITH s AS (SELECT * FROM {t('stays')}),
            yrs AS (SELECT DISTINCT year(admission_date) AS yr FROM s),
            pop AS (SELECT region, sex, "year" AS yr, NULL::BIGINT AS mon, population FROM {t('population')}
                    WHERE "year" IN (SELECT yr FROM yrs)),
            den AS (SELECT {KEYS}, SUM(population) AS den FROM pop GROUP BY {sets(False)}),
            av AS (SELECT region, sex, year(admission_date) AS yr, NULL::BIGINT AS mon FROM s
                   WHERE acute AND ({avoid})),
            num AS (SELECT {KEYS}, COUNT(*) AS num FROM av GROUP BY {sets(False)})
            SELECT den.region, den.sex, den.yr, den.mon, COALESCE(num.num, 0), den.den
            FROM den LEFT JOIN num ON den.region = num.region AND den.sex = num.sex AND den.yr = num.yr""",
    }


def value(ind, num, den):
    factor = 100000 if ind == "undvikbar_slutenvard" else 100
    v = (Decimal(num) * factor / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{v:.1f}"


def run_duckdb(d, threads):
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    cells = {}
    t0 = time.perf_counter()
    for ind, sql in duckdb_sql(d).items():
        for region, sex, yr, mon, num, den in con.execute(sql).fetchall():
            if den and den > 0:
                period = f"{yr:04d}" if mon is None else f"{yr:04d}-{mon:02d}"
                cells[(ind, region, period, sex)] = (int(num or 0), int(den), value(ind, num or 0, den))
    return time.perf_counter() - t0, cells


def run_engine(binary, d, out):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "--quiet", "indicators", "compute", "--input", d, "--out", out])
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"uppsikt failed on {d}")
    peak_kib = usage.ru_maxrss  # this child only
    cells = {}
    with open(out, newline="") as f:
        for r in csv.DictReader(f):
            cells[(r["indicator"], r["region"], r["period"], r["sex"])] = (
                int(r["numerator"]), int(r["denominator"]), r["value"])
    return secs, peak_kib, cells


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="0.1,1.0")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "uppsikt"))
    ap.add_argument("--workdir", default=None, help="keep generated data here (default: a temp dir)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each engine; the median time is reported")
    args = ap.parse_args()
    threads = os.cpu_count() or 2
    work = args.workdir or tempfile.mkdtemp(prefix="uppsikt-bench-")
    print(f"machine: {threads} cores; engine: {args.bin}; data in {work}")
    ok = True
    for scale in args.scales.split(","):
        d = os.path.join(work, f"scale-{scale}")
        t0 = time.perf_counter()
        subprocess.run([args.bin, "--quiet", "synth", "--scale", scale, "--seed", args.seed, "--out", d],
                       check=True, stdout=subprocess.DEVNULL)
        gen = time.perf_counter() - t0
        # Both engines read the files from the page cache, not while the
        # generator's writes are still being flushed to disk.
        os.sync()
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        # Alternate the engines and report medians: this machine's timings vary by run.
        ours_runs, theirs_runs = [], []
        for _ in range(args.runs):
            ours_runs.append(run_engine(args.bin, d, os.path.join(d, "indicators.csv")))
            theirs_runs.append(run_duckdb(d, threads))
        secs = statistics.median(r[0] for r in ours_runs)
        peak_kib = max(r[1] for r in ours_runs)
        ours = ours_runs[-1][2]
        dsecs = statistics.median(r[0] for r in theirs_runs)
        theirs = theirs_runs[-1][1]
        spread = f"uppsikt {min(r[0] for r in ours_runs):.2f}–{max(r[0] for r in ours_runs):.2f} s, " \
                 f"duckdb {min(r[0] for r in theirs_runs):.2f}–{max(r[0] for r in theirs_runs):.2f} s"
        same = ours == theirs
        ok &= same
        print(f"scale {scale}: synth {gen:.1f} s ({size / 1e6:.0f} MB parquet); "
              f"uppsikt {secs:.2f} s, peak RSS {peak_kib / 1024:.0f} MiB; duckdb {dsecs:.2f} s; "
              f"ratio uppsikt/duckdb {secs / dsecs:.2f}; cells {len(ours)}; same cells: {same}")
        print(f"  medians of {args.runs} runs each; range {spread}")
        if not same:
            diff = [k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k)]
            for k in sorted(diff)[:10]:
                print(f"  differs {k}: uppsikt {ours.get(k)} duckdb {theirs.get(k)}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
