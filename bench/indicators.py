#!/usr/bin/env python3
"""Benchmark of `uppsikt indicators compute` against DuckDB on the same files.

Generates SYNTHETIC register data (`uppsikt synth`) at each scale, runs the
release binary (wall time and peak memory via /usr/bin/time or getrusage),
runs DuckDB with SQL implementing the same definitions
(shared/spec/register-data.md), checks that both give the same cells
(keys, numerator, denominator, value) and prints the time ratio.

Each dataset is measured as written by `synth` and, with --writers, as
rewritten from the same rows by DuckDB (`COPY ... (FORMAT parquet)`, its
defaults) and by pyarrow (`pyarrow.parquet.write_table`, its defaults):
register extracts come from many tools. With --years N, N national years
(2020 onwards) are generated one by one and put in one directory by DuckDB.

Beside DuckDB's time for the five definitions, the script measures a read
floor in the same run: DuckDB reading every column the indicators need
(each value hashed, so that it must be decoded) and nothing else.

With --ballista N, every run of the local engine is followed by one on a
Ballista scheduler with N executors on loopback (one task slot each, in a
process of their own): its time next to local, the peak memory of client
and cluster, and whether it gives the local engine's cells. It needs the
engine example built with the Ballista client:
`cargo build --profile cluster -p uppsikt-engine --features cluster --example uppsikt_engine_cli`
(then --bin target/cluster/examples/uppsikt_engine_cli).

Usage: python3 bench/indicators.py [--scales 0.1,1.0] [--years 1] [--writers synth,duckdb,pyarrow]
                                   [--seed 1] [--runs 3] [--ballista 2] [--bin target/release/uppsikt]
Needs: pip install duckdb pyarrow (benchmark only), a release build of `uppsikt`
or of the engine example, and GNU time (/usr/bin/time, Debian's `time`) for
the engine's own peak memory (see GNU_TIME).
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


# The columns the five definitions read, per table: a copy of the engine's
# `used_by` (crates/engine/src/compute.rs), held to it by the test
# `the_benchmarks_read_floor_reads_the_columns_the_indicators_use`.
NEEDED = {
    "contacts": ["region", "sex", "contact_date", "assessment_date", "assessment_needed", "patient_chose_later"],
    "visits": ["patient_id", "region", "sex", "visit_date", "profession", "staff_id", "mode"],
    "stays": ["stay_id", "patient_id", "region", "sex", "admission_date", "discharge_date", "birth_year", "acute",
              "main_diagnosis"],
    "population": ["region", "year", "sex", "population"],
}
TABLES = list(NEEDED)


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


def read_floor(d, threads):
    """DuckDB's time to read and decode every column the indicators need."""
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    t0 = time.perf_counter()
    for table, cols in NEEDED.items():
        con.execute(f"SELECT bit_xor(hash({', '.join(cols)})) FROM read_parquet('{d}/{table}.parquet')").fetchall()
    return time.perf_counter() - t0


# A child's peak RSS as the kernel reports it to its parent includes the
# parent's RSS at the fork (Linux copies the high-water mark with the address
# space, and exec keeps it): after DuckDB has run in this process, a child
# that allocates nothing would report gigabytes. GNU time forks from a small
# process, so its child's peak is the child's own.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run_engine(binary, d, out, engine="local"):
    t0 = time.perf_counter()
    cmd = [binary, "--quiet", "indicators", "compute", "--input", d, "--out", out, "--engine", engine]
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        if GNU_TIME:
            cmd = [GNU_TIME, "-f", "%M", "-o", rss.name, *cmd]
        p = subprocess.Popen(cmd)
        _, status, usage = os.wait4(p.pid, 0)
        secs = time.perf_counter() - t0
        if status != 0:
            sys.exit(f"uppsikt failed on {d} (engine {engine})")
        # Without GNU time, an upper bound (see above).
        peak_kib = int(rss.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
    cells = {}
    with open(out, newline="") as f:
        for r in csv.DictReader(f):
            cells[(r["indicator"], r["region"], r["period"], r["sex"])] = (
                int(r["numerator"]), int(r["denominator"]), r["value"])
    return secs, peak_kib, cells


def synth(binary, scale, seed, out, year=None):
    """`synth` into `out`: for `year`, or for the generator's default year."""
    years = ["--year", str(year)] if year is not None else []
    subprocess.run([binary, "--quiet", "synth", "--scale", scale, "--seed", seed, *years, "--out", out],
                   check=True, stdout=subprocess.DEVNULL)


def combine_years(parts, out):
    """One directory holding every year of `parts` (one `synth` directory per
    year), written by DuckDB. Each year's generator numbers its stays,
    visits and contacts from 1, so their ids get the year appended; the
    population of a year is taken from that year's generator (each also
    writes the next year's), and the last one's next year is kept too."""
    import duckdb
    os.makedirs(out, exist_ok=True)
    con = duckdb.connect()
    ids = {"contacts": "contact_id", "visits": "visit_id", "stays": "stay_id"}
    for table in TABLES:
        selects = []
        for i, (year, d) in enumerate(parts):
            src = f"read_parquet('{d}/{table}.parquet')"
            if table in ids:
                selects.append(f"SELECT * REPLACE ({ids[table]} || '-{year}' AS {ids[table]}) FROM {src}")
            elif i == len(parts) - 1:
                selects.append(f"SELECT * FROM {src}")
            else:
                selects.append(f"SELECT * FROM {src} WHERE \"year\" = {year}")
        con.execute(f"COPY ({' UNION ALL '.join(selects)}) TO '{out}/{table}.parquet' (FORMAT parquet)")


def rewrite(src, out, writer):
    """The tables of `src` written again from the same rows by `writer`, with its defaults."""
    os.makedirs(out, exist_ok=True)
    for table in TABLES:
        a, b = f"{src}/{table}.parquet", f"{out}/{table}.parquet"
        if writer == "duckdb":
            import duckdb
            duckdb.connect().execute(f"COPY (SELECT * FROM read_parquet('{a}')) TO '{b}' (FORMAT parquet)")
        else:
            import pyarrow.parquet as pq
            pq.write_table(pq.read_table(a), b)


def print_differences(ours, other, name):
    """Prints the first cells where `other` differs from the local engine's."""
    diff = [k for k in set(ours) | set(other) if ours.get(k) != other.get(k)]
    for k in sorted(diff)[:10]:
        print(f"  differs {k}: uppsikt {ours.get(k)} {name} {other.get(k)}")


class Cluster:
    """A Ballista scheduler and `executors` executors on loopback, in a
    process of their own (`uppsikt_engine_cli cluster`)."""

    def __init__(self, binary, executors):
        self.p = subprocess.Popen([binary, "--quiet", "cluster", "--executors", str(executors)],
                                  stdout=subprocess.PIPE, text=True)
        self.url = self.p.stdout.readline().strip()
        if not self.url.startswith("ballista://"):
            sys.exit(f"the Ballista cluster did not start: {self.url!r}")

    def stop(self):
        """Stops the cluster; returns its peak RSS in KiB."""
        self.p.terminate()
        _, _, usage = os.wait4(self.p.pid, 0)
        return usage.ru_maxrss


def measure(args, label, d, threads):
    """Runs both engines alternately on `d`, prints the figures; returns whether the cells agree."""
    # Both engines read the files from the page cache, not while the
    # writer's output is still being flushed to disk.
    os.sync()
    size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d) if f.endswith(".parquet"))
    ours_runs, theirs_runs, floors, cluster_runs = [], [], [], []
    cluster = Cluster(args.bin, args.ballista) if args.ballista else None
    try:
        # Alternate the engines and report medians: this machine's timings vary by run.
        for _ in range(args.runs):
            ours_runs.append(run_engine(args.bin, d, os.path.join(d, "indicators.csv")))
            if cluster:
                cluster_runs.append(
                    run_engine(args.bin, d, os.path.join(d, "indicators-ballista.csv"), cluster.url))
            theirs_runs.append(run_duckdb(d, threads))
            floors.append(read_floor(d, threads))
    finally:
        # Also when a run fails: no cluster is left serving behind the script.
        cluster_peak_kib = cluster.stop() if cluster else 0
    secs = statistics.median(r[0] for r in ours_runs)
    peak_kib = max(r[1] for r in ours_runs)
    ours = ours_runs[-1][2]
    dsecs = statistics.median(r[0] for r in theirs_runs)
    floor = statistics.median(floors)
    theirs = theirs_runs[-1][1]
    same = ours == theirs
    print(f"{label} ({size / 1e6:.0f} MB parquet): uppsikt {secs:.2f} s, peak RSS {peak_kib / 1024:.0f} MiB; "
          f"duckdb {dsecs:.2f} s; read floor {floor:.2f} s; ratio uppsikt/duckdb {secs / dsecs:.2f} "
          f"(target <= {1 / 1.5:.2f}); uppsikt/floor {secs / floor:.2f} (target <= 3); "
          f"cells {len(ours)}; same cells: {same}")
    print(f"  medians of {args.runs} runs each; range uppsikt {min(r[0] for r in ours_runs):.2f}–"
          f"{max(r[0] for r in ours_runs):.2f} s, duckdb {min(r[0] for r in theirs_runs):.2f}–"
          f"{max(r[0] for r in theirs_runs):.2f} s, floor {min(floors):.2f}–{max(floors):.2f} s")
    if cluster:
        csecs = statistics.median(r[0] for r in cluster_runs)
        client_kib = max(r[1] for r in cluster_runs)
        same_cluster = cluster_runs[-1][2] == ours
        same &= same_cluster
        print(f"  Ballista, a scheduler and {args.ballista} executors on loopback: {csecs:.2f} s "
              f"({csecs / secs:.2f} x local; range {min(r[0] for r in cluster_runs):.2f}–"
              f"{max(r[0] for r in cluster_runs):.2f} s), peak RSS client {client_kib / 1024:.0f} MiB, "
              f"cluster {cluster_peak_kib / 1024:.0f} MiB; same cells as local: {same_cluster}")
    print_differences(ours, theirs, "duckdb")
    if cluster:
        print_differences(ours, cluster_runs[-1][2], "ballista")
    return same


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="0.1,1.0")
    ap.add_argument("--years", type=int, default=1, help="national years in one directory (2020 onwards)")
    ap.add_argument("--writers", default="synth", help="comma-separated: synth, duckdb, pyarrow")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "uppsikt"))
    ap.add_argument("--workdir", default=None, help="keep generated data here (default: a temp dir)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each engine; the median time is reported")
    ap.add_argument("--ballista", type=int, default=0, metavar="N",
                    help="also run on a Ballista scheduler with N executors on loopback "
                         "(--bin built with --features cluster)")
    args = ap.parse_args()
    threads = os.cpu_count() or 2
    work = args.workdir or tempfile.mkdtemp(prefix="uppsikt-bench-")
    print(f"machine: {threads} cores; engine: {args.bin}; data in {work}")
    ok = True
    for scale in args.scales.split(","):
        t0 = time.perf_counter()
        if args.years == 1:
            base = os.path.join(work, f"scale-{scale}")
            synth(args.bin, scale, args.seed, base)
        else:
            years = list(range(2020, 2020 + args.years))
            parts = []
            for y in years:
                parts.append((y, os.path.join(work, f"scale-{scale}-year-{y}")))
                synth(args.bin, scale, str(int(args.seed) + y), parts[-1][1], y)
            base = os.path.join(work, f"scale-{scale}-years-{years[0]}-{years[-1]}")
            combine_years(parts, base)
        print(f"scale {scale}, {args.years} year(s): data generated in {time.perf_counter() - t0:.1f} s (SYNTHETIC)")
        # Several years are put together by DuckDB, so there they are its files.
        first = "duckdb" if args.years > 1 else "synth"
        writers = dict.fromkeys(first if w == "synth" else w for w in args.writers.split(","))
        for writer in writers:
            if writer == first:
                d = base
            else:
                d = f"{base}-{writer}"
                rewrite(base, d, writer)
            ok &= measure(args, f"scale {scale}, {args.years} year(s), written by {writer}", d, threads)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
