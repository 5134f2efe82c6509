#!/usr/bin/env bash
# Lints each hostile SKILL.md shape of bench/hostile.py (10 MiB by default) in JSON and in human
# format and prints a Markdown table: wall time, CPU time, peak RSS, output bytes, exit code.
# usage: bench/hostile.sh [SIZE_BYTES] [SHAPE...]      (TIMEOUT=seconds per run, default 120)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
size=${1:-10485760}
shift || true
work=${WORK:-$(mktemp -d)}
(cd "$repo" && cargo build --release --quiet)
bin=${CARGO_TARGET_DIR:-$repo/target}/release/skillgate
python3 "$repo/bench/hostile.py" "$work" "$size" "$@"
echo "skillgate $(git -C "$repo" rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), SKILL.md of $size bytes"
echo
echo "| shape | format | wall | CPU | peak RSS | output | exit |"
echo "|---|---|---|---|---|---|---|"
for d in "$work"/*/; do
  shape=$(basename "$d")
  for fmt in json human; do
    python3 - "$shape" "$fmt" "${TIMEOUT:-120}" "$bin" lint "$d" --format "$fmt" --color never <<'PY'
import resource, subprocess, sys, time
shape, fmt, timeout, cmd = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
t = time.perf_counter()
n = 0
try:
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    while True:
        if time.perf_counter() - t > timeout:
            p.kill()
            break
        chunk = p.stdout.read(1 << 20)
        if not chunk:
            break
        n += len(chunk)
    code = p.wait()
except Exception as e:  # noqa: BLE001
    code = str(e)
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"| {shape} | {fmt} | {wall:.2f} s | {r.ru_utime + r.ru_stime:.2f} s | {r.ru_maxrss / 1024:.0f} MB | {n / 1e6:.1f} MB | {code} |")
PY
  done
done
[ -n "${WORK:-}" ] || rm -rf "$work"
