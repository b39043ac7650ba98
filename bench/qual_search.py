#!/usr/bin/env python3
"""Benchmark of the qualitative search against SQLite FTS5 on the same corpus.

Runs the release example `search_bench` (crates/qual/examples/search_bench.rs):
SYNTHETIC documents of 2–20 kB built from the seed texts' words, imported into
a fresh SQLite store and indexed with tantivy (Swedish stemming, positions),
then 1-, 2- and 3-word queries and two-word phrases, each returning the 20
best documents with a marked snippet. The same documents and queries go into
SQLite's FTS5 (Python's sqlite3; unicode61 tokenizer, no stemming, bm25 and
snippet()), measured in the same run. Prints medians over the runs of p50 and
p99 latency per query kind, the import and indexing rates, the rebuild time
and the index's size, and the FTS5/Uppsikt latency ratio.

Usage: python3 bench/qual_search.py [--docs 20000] [--queries 200] [--runs 3]
       [--bin target/release/examples/search_bench]
Needs: cargo build --release -p uppsikt-qual --example search_bench
"""
import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import tempfile
import time


def fts5_query(q):
    q = q.strip()
    if q.startswith('"'):
        return q  # a phrase is FTS5 syntax already
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in q.split())


def peer(corpus):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(doc_id UNINDEXED, title, text, "
               "tokenize = 'unicode61 remove_diacritics 0')")
    started = time.perf_counter()
    with open(os.path.join(corpus, "docs.jsonl"), encoding="utf-8") as f:
        db.executemany("INSERT INTO d VALUES (?, ?, ?)",
                       ((r["doc_id"], r["title"], r["text"]) for r in map(json.loads, f)))
    db.commit()
    load_s = time.perf_counter() - started
    queries = json.load(open(os.path.join(corpus, "queries.json"), encoding="utf-8"))
    lat = {}
    for q in queries[:20]:
        db.execute("SELECT 1 FROM d WHERE d MATCH ? LIMIT 1", (fts5_query(q["query"]),)).fetchall()
    for q in queries:
        started = time.perf_counter()
        db.execute("SELECT doc_id, title, bm25(d), snippet(d, 2, '<mark>', '</mark>', '…', 24) "
                   "FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT 20", (fts5_query(q["query"]),)).fetchall()
        lat.setdefault(q["kind"], []).append((time.perf_counter() - started) * 1000)
    out = {}
    for kind, v in lat.items():
        v.sort()
        out[kind] = {"p50_ms": v[len(v) // 2], "p99_ms": v[min(len(v) - 1, round((len(v) - 1) * 0.99))]}
    return {"load_seconds": load_s, "search": out}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default="target/release/examples/search_bench")
    a = ap.parse_args()
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as corpus:
        for run in range(a.runs):
            args = [a.bin, "--docs", str(a.docs), "--queries", str(a.queries), "--seed", "42"]
            if run == 0:
                args += ["--corpus", corpus]
            ours.append(json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout))
            theirs.append(peer(corpus))
    med = lambda xs: statistics.median(xs)
    first = ours[0]
    print(f"SYNTHETIC corpus: {first['documents']} documents, {first['megabytes']:.0f} MB of text; "
          f"median of {a.runs} runs")
    print(f"import {med([o['import_docs_per_s'] for o in ours]):.0f} docs/s, "
          f"indexing {med([o['index_docs_per_s'] for o in ours]):.0f} docs/s, "
          f"rebuild {med([o['rebuild_seconds'] for o in ours]):.1f} s, "
          f"index {med([o['index_megabytes'] for o in ours]):.0f} MB on disk; "
          f"FTS5 load {med([t['load_seconds'] for t in theirs]):.1f} s")
    print("| query | Uppsikt p50 | Uppsikt p99 | FTS5 p50 | FTS5 p99 | FTS5/Uppsikt (p50) |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in first["search"]:
        p50 = med([o["search"][kind]["p50_ms"] for o in ours])
        p99 = med([o["search"][kind]["p99_ms"] for o in ours])
        f50 = med([t["search"][kind]["p50_ms"] for t in theirs])
        f99 = med([t["search"][kind]["p99_ms"] for t in theirs])
        print(f"| {kind} | {p50:.2f} ms | {p99:.2f} ms | {f50:.2f} ms | {f99:.2f} ms | {f50 / p50:.2f}× |")


if __name__ == "__main__":
    main()
