#!/usr/bin/env bash
# Side-by-side timing of skillgate against what skill repositories run today.
#
# usage: bench/run.sh [SCALE...]        (default scales: 10 100 200)
#   env: RUNS=5        timed runs per command (hyperfine; medians are reported)
#        BASE_RUNS=1   timed runs of the shell baseline at scales >= 100 (it takes minutes)
#        BASELINE_MAX_SCALE=N  skip the shell baseline above scale N (scale 200 takes ~6 min)
#        WORK=/tmp/skillgate-bench   where the generated repositories go (kept for reruns)
#        OUT=bench/results           where the hyperfine JSON and the table go
#
# For each scale it generates a repository with ../shared/bench/gen_corpus.py, then measures,
# in one run: the raw-read floor (`find -exec cat`), ../shared/bench/baseline-ci.sh,
# `skillgate lint` and `skillgate test` (wall median with hyperfine; CPU user+sys and peak RSS
# from getrusage in a small Python wrapper), and once a single `skillgate check` of one record.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$repo/.." && pwd)/shared
if [ ! -f "$shared/bench/gen_corpus.py" ] || [ ! -f "$shared/bench/baseline-ci.sh" ]; then
  echo "error: $shared/bench/{gen_corpus.py,baseline-ci.sh} not found" >&2
  echo "help: bench/run.sh needs the shared folder beside the repository (../shared)" >&2
  exit 2
fi
command -v hyperfine >/dev/null || { echo "error: hyperfine not found (apt-get install -y hyperfine)" >&2; exit 2; }
RUNS=${RUNS:-5}
BASE_RUNS=${BASE_RUNS:-1}
WORK=${WORK:-/tmp/skillgate-bench}
OUT=${OUT:-$repo/bench/results}
scales=("$@")
[ ${#scales[@]} -eq 0 ] && scales=(10 100 200)
mkdir -p "$WORK" "$OUT"

echo "== build (release)"
(cd "$repo" && cargo build --release --quiet)
bin=${CARGO_TARGET_DIR:-$repo/target}/release/skillgate
[ -x "$bin" ] || { echo "error: $bin not built" >&2; exit 2; }

# rusage CMD...: one run; prints "wall_s cpu_s maxrss_kb" (children's peak RSS).
rusage() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.4f} {r.ru_utime + r.ru_stime:.4f} {r.ru_maxrss}")
PY
}

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -h | awk '/Mem:/{print $2}') RAM"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "skillgate: $(git -C "$repo" rev-parse --short HEAD)"
} | tee "$OUT/machine.txt"

for n in "${scales[@]}"; do
  dir="$WORK/scale$n"
  if [ ! -f "$dir/index.yaml" ]; then
    rm -rf "$dir"
    python3 "$shared/bench/gen_corpus.py" --scale "$n" "$dir"
  fi
  skills=$(find "$dir" -name SKILL.md | wc -l)
  files=$(find "$dir" -type f | wc -l)
  bytes=$(du -sb "$dir" | cut -f1)
  echo "== scale $n: $skills skills, $files files, $((bytes / 1000000)) MB (load $(cut -d' ' -f1 /proc/loadavg))"
  cat "$dir"/index.yaml > /dev/null
  find "$dir" -type f -exec cat {} + > /dev/null  # warm the page cache for every contender
  base_runs=$RUNS
  [ "$n" -ge 100 ] && base_runs=$BASE_RUNS
  hyperfine -N -i -w 1 -r "$RUNS" --export-json "$OUT/scale$n.json" \
    -n floor "find $dir -type f -exec cat {} +" \
    -n lint "$bin lint $dir --format json" \
    -n test "$bin test $dir --format json" >/dev/null
  contenders=(floor lint test)
  rm -f "$OUT/scale$n-baseline.json"
  if [ "$n" -le "${BASELINE_MAX_SCALE:-$n}" ]; then
    hyperfine -N -i -r "$base_runs" --export-json "$OUT/scale$n-baseline.json" \
      -n baseline "bash $shared/bench/baseline-ci.sh $dir" >/dev/null
    contenders+=(baseline)
  fi
  : > "$OUT/scale$n.rusage"
  for c in "${contenders[@]}"; do
    case $c in
      floor) cmd=(find "$dir" -type f -exec cat {} +) ;;
      lint) cmd=("$bin" lint "$dir" --format json) ;;
      test) cmd=("$bin" test "$dir" --format json) ;;
      baseline) cmd=(bash "$shared/bench/baseline-ci.sh" "$dir") ;;
    esac
    echo "$c $(rusage "${cmd[@]}")" >> "$OUT/scale$n.rusage"
  done
  echo "   $skills skills $files files $bytes bytes" >> "$OUT/scale$n.rusage"
done

echo "== one check"
record=$repo/skills/ai-security/model-supply-chain/tests/vulnerable/eval-pinned-deploy-alias.yaml
hyperfine -N -i -w 5 -r 50 --export-json "$OUT/check.json" \
  -n check "$bin check --skill $repo/skills/ai-security/model-supply-chain $record" >/dev/null
echo "check $(rusage "$bin" check --skill "$repo/skills/ai-security/model-supply-chain" "$record")" > "$OUT/check.rusage"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"

python3 "$repo/bench/table.py" "$OUT" "${scales[@]}" | tee "$OUT/table.md"
