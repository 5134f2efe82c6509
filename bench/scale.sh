#!/usr/bin/env bash
# Lint and test at scale, side by side with the raw-read floor: wall, CPU and peak RSS.
#
# usage: bench/scale.sh [SCALE...]       (default: 10 189 1887 ≈ 530 / 10,000 / 100,000 skills)
#   env: RUNS=3          runs per command (the median wall and CPU are reported, the max RSS)
#        BEFORE=path     another skillgate binary to measure beside this one (say main's)
#        WORK=/tmp/skillgate-scale   where the generated repositories go (kept for reruns;
#                                    scale 1887 takes about 3.7 GB and 10 minutes to generate)
#        OUT=bench/results           where scale.md goes
#        SHARED=../shared            the shared folder (gen_corpus.py)
#
# Each scale is a repository made by ../shared/bench/gen_corpus.py (N renamed copies of the
# securityskills corpus, 53 skills each). The page cache is warmed first, so every contender
# reads from memory. The floor is `find DIR -type f -exec cat {} +` (every byte read once).
# `lint` and `test` run with `--format json` (output to /dev/null). Each command runs alone
# (the machine has 2 cores), in rounds (floor, before lint, before test, lint, test, again) so
# that a shared host's drifting speed hits every command alike; CPU is user + sys of the
# child, peak RSS its ru_maxrss.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$(cd "$repo/.." && pwd)/shared}
gen=$shared/bench/gen_corpus.py
if [ ! -f "$gen" ]; then
  echo "error: $gen not found" >&2
  echo "help: bench/scale.sh needs the shared folder beside the repository (../shared)" >&2
  exit 2
fi
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/skillgate-scale}
OUT=${OUT:-$repo/bench/results}
scales=("$@")
[ ${#scales[@]} -eq 0 ] && scales=(10 189 1887)
mkdir -p "$WORK" "$OUT"

echo "== build (release)" >&2
(cd "$repo" && cargo build --release --quiet)
bin=${CARGO_TARGET_DIR:-$repo/target}/release/skillgate

for n in "${scales[@]}"; do
  dir=$WORK/scale$n
  if [ ! -f "$dir/index.yaml" ]; then
    rm -rf "$dir"
    echo "== generating scale $n in $dir" >&2
    python3 "$gen" --scale "$n" "$dir" >&2
  fi
done

python3 - "$RUNS" "$bin" "${BEFORE:-}" "$WORK" "$OUT/scale.md" "${scales[@]}" <<'PY'
import os, resource, statistics, subprocess, sys, time

runs, after, before, work, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
scales = sys.argv[6:]

def once(cmd):
    """Wall seconds, CPU seconds (user + sys) and peak RSS (KB) of one run of cmd."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss

def measure(cmds):
    """Each command once per round, `runs` rounds: interleaved, so a machine whose speed drifts
    (a shared host) slows every command alike instead of whichever ran during the slow spell."""
    rs = {k: [] for k in cmds}
    for _ in range(runs):
        for k, cmd in cmds.items():
            rs[k].append(once(cmd))
    return {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v),
                max(r[2] for r in v)) for k, v in rs.items()}

def fmt(m):
    return f"{m[0]:.2f} s / {m[1]:.2f} s / {m[2] / 1024:.0f} MB"

rows = []
load = open("/proc/loadavg").read().split()[:3]
for n in scales:
    d = os.path.join(work, f"scale{n}")
    skills = files = size = md = 0
    for root, _, fs in os.walk(d):
        for f in fs:
            s = os.path.getsize(os.path.join(root, f))
            files += 1
            size += s
            if f == "SKILL.md":
                skills += 1
                md += s
    subprocess.run(["find", d, "-type", "f", "-exec", "cat", "{}", "+"], stdout=subprocess.DEVNULL)
    cmds = {"floor": ["find", d, "-type", "f", "-exec", "cat", "{}", "+"]}
    for name, b in (("before", before), ("after", after)):
        if not b:
            continue
        for cmd in ("lint", "test"):
            cmds[f"{name} {cmd}"] = [b, cmd, d, "--format", "json"]
    res = measure(cmds)
    rows.append((n, skills, files, size, md, res))
    print(f"scale {n}: {skills} skills, {files} files, {size / 1e6:.0f} MB "
          + "; ".join(f"{k} {fmt(v)}" for k, v in res.items()), file=sys.stderr, flush=True)

cols = ["floor"] + [f"{w} {c}" for w in ("before", "after") if (before if w == "before" else after) for c in ("lint", "test")]
lines = [f"load average before: {' '.join(load)}; after: {' '.join(open('/proc/loadavg').read().split()[:3])}; "
         f"{os.cpu_count()} cores; {runs} run(s) each (median wall and CPU, max peak RSS)", "",
         "| skills / files / MB (SKILL.md MB) | " + " | ".join(cols) + " | (lint + test) / floor |",
         "|---" * (len(cols) + 2) + "|"]
for n, skills, files, size, md, res in rows:
    ratio = (res["after lint"][0] + res["after test"][0]) / res["floor"][0]
    lines.append(f"| {skills:,} / {files:,} / {size / 1e6:,.0f} ({md / 1e6:,.0f}) | "
                 + " | ".join(fmt(res[c]) for c in cols) + f" | {ratio:.2f}× |")
lines.append("")
lines.append("Each cell: wall / CPU (user + sys) / peak RSS.")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
