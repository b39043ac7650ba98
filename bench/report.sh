#!/usr/bin/env bash
# Benchmark: time `uppsikt report` (HTML + PDF of the whole annual report) on
# the demo data. Not a test: prints timings; the target is under 10 s.
#
#   bench/report.sh            # debug build, 10 runs
#   PROFILE=release RUNS=20 bench/report.sh
#
# Builds the CLI without the DataFusion engine (the report does not need it),
# creates a demo data directory in a temporary directory, then runs the
# report command RUNS times (with hyperfine when installed, else a loop).
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE="${PROFILE:-debug}"
RUNS="${RUNS:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/uppsikt-target}"
flags=(-p uppsikt --no-default-features)
[ "$PROFILE" = release ] && flags+=(--release)
cargo build -q "${flags[@]}"
bin="$CARGO_TARGET_DIR/$PROFILE/uppsikt"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" --quiet --data-dir "$work/data" demo --no-serve >/dev/null
cmd="$bin --quiet --data-dir $work/data annual-report --year 2020 --out $work/out"

echo "uppsikt annual-report --year 2020 ($PROFILE build, $(nproc) cores, $RUNS runs)"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "$RUNS" "$cmd"
else
  $cmd >/dev/null # warm-up
  times=()
  for _ in $(seq 1 "$RUNS"); do
    start=$(date +%s.%N)
    $cmd >/dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '
    { t[NR] = $1; s += $1 }
    END { printf "min %.3f s  median %.3f s  mean %.3f s  max %.3f s\n", t[1], t[int((NR + 1) / 2)], s / NR, t[NR] }'
fi
ls -l "$work/out"
pdfinfo "$work/out/report.pdf" 2>/dev/null | grep -E '^Pages' || true
