#!/usr/bin/env bash
# `skillgate check` on one large release record: an approval and an evaluation naming one digest
# and N environments (about 150 bytes each, every tenth running another digest), at N = 5,000,
# 10,000, 20,000 and 40,000, so a superlinear step shows as a ratio above 2 between rows.
# usage: bench/records.sh            (prints a Markdown table: size, wall, CPU, peak RSS)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
(cd "$repo" && cargo build --release --quiet)
bin=${CARGO_TARGET_DIR:-$repo/target}/release/skillgate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys
approved = "3b2f2c1f7e9c4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b"
for n in (5000, 10000, 20000, 40000):
    parts = [f"evaluation:\n  run_id: eval-1\n  artifact_digest: sha256:{approved}\n"
             f"approval:\n  id: CAB-1\n  artifact_digest: sha256:{approved}\nenvironments:\n"]
    for i in range(n):
        d = f"{i:064x}" if i % 10 == 0 else approved
        parts.append(f"  env-{i:05}:\n    traffic: 1%\n    model_uri: oci://registry.example/models/m@sha256:{d}\n")
    open(f"{sys.argv[1]}/envs-{n}.yaml", "w").write("".join(parts))
PY
echo "| environments | record | wall | CPU | peak RSS |"
echo "|---|---|---|---|---|"
for n in 5000 10000 20000 40000; do
  f="$work/envs-$n.yaml"
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$bin" check --skill "$repo/skills/ai-security/model-supply-chain" \
    --format json "$f" > /dev/null 2>&1 || true
  read -r wall user sys rss < <(tail -n 1 "$work/t")
  printf '| %s | %.1f MB | %s s | %.2f s | %d MB |\n' "$n" "$(($(stat -c %s "$f") / 1000))e-3" "$wall" \
    "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
done
