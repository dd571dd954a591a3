#!/usr/bin/env bash
# Usage: Fuzz/run_target.sh BINARY SCRATCH SECONDS
# Runs one libFuzzer target for SECONDS on SCRATCH/corpus/<name> (kept between runs, grows) and
# SCRATCH/seeds/<name> (regenerated), then prints its runs and crashes. libFuzzer stops at the
# first crash and writes the input to SCRATCH/artifacts/<name>/; the exit status is 1 then.
set -u
binary=$1 scratch=$2 seconds=$3
name=$(basename "$binary")
corpus=$scratch/corpus/$name
artifacts=$scratch/artifacts/$name
log=$scratch/logs/$name.log
rm -rf "$artifacts"
mkdir -p "$corpus" "$artifacts" "$(dirname "$log")" "$scratch/seeds/$name"

# Swift's crash backtracer would hold a trapped process; libFuzzer reports the crash instead.
SWIFT_BACKTRACE=enable=no "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$scratch/seeds/$name" >"$log" 2>&1
status=$?

runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
if [ -z "$runs" ]; then runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#'); fi
crashes=$(find "$artifacts" -type f | wc -l)
printf '%-16s %10s runs  %d crashes  (exit %d, corpus %d files, log %s)\n' \
    "$name" "${runs:-?}" "$crashes" "$status" "$(find "$corpus" -type f | wc -l)" "$log"
for artifact in "$artifacts"/*; do
    [ -f "$artifact" ] && echo "  crash input: $artifact" && grep -m1 -E 'Fatal error|ERROR: (AddressSanitizer|libFuzzer)' "$log" | sed 's/^/  /'
done
[ "$status" -eq 0 ] && [ "$crashes" -eq 0 ]
