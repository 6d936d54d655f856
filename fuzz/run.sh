#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 60) each, one after another.
#   fuzz/run.sh 60
# Crash reproducers are written to fuzz/crashes/<target>/; the exit status is non-zero
# when any target found a crash. The seed corpus is written fresh into a temporary folder.
set -u
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-$here/../.venv/bin/python}"
[ -x "$python" ] || python=python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for target in "$here"/fuzz_*.py; do
    name="$(basename "$target" .py)"
    corpus="$work/$name"
    crashes="$here/crashes/$name"
    mkdir -p "$corpus" "$crashes"
    "$python" "$target" --write-seeds "$corpus" 2>/dev/null || { echo "$name: cannot start"; status=1; continue; }
    echo "== $name for ${seconds}s"
    if ! "$python" "$target" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" 2>"$work/$name.log"; then
        echo "$name: CRASH (reproducer in $crashes)"
        grep -av "^INFO: Instrumenting" "$work/$name.log" | tail -n 40
        status=1
    else
        grep -aE "^Done|stat::number_of_executed_units" "$work/$name.log" | tail -n 2
    fi
done
exit $status
