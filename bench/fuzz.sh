#!/usr/bin/env bash
# Runs each cargo-fuzz target for SECONDS (default 600) after seeding its corpus from the repo.
# usage: bench/fuzz.sh [SECONDS] [TARGET...]      (needs the nightly toolchain; uses cargo-fuzz
#        when installed, else fuzz/build.sh). Crashes land in fuzz/artifacts/TARGET/; copy each into
#        tests/fuzz_regressions/TARGET/ once fixed so `cargo test --test fuzz_regressions` keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(skill_lint record_eval refs_classify gate_file casedoc template sanitize)
# Without cargo-fuzz, fuzz/build.sh does the same build (nightly, libFuzzer, ASan) and the
# targets run as plain binaries.
if command -v cargo-fuzz >/dev/null; then
  run() { cargo +nightly fuzz run "$1" -- "${@:2}"; }
else
  echo "cargo-fuzz not installed: building with fuzz/build.sh" >&2
  fuzz/build.sh $(printf -- '--bin %s ' "${targets[@]}")
  run() { t=$1; shift; fuzz/target/x86_64-unknown-linux-gnu/release/"$t" "fuzz/corpus/$t" "$@"; }
fi
seed() { # seed TARGET FILE...
  local d="fuzz/corpus/$1"; shift
  mkdir -p "$d"
  for f in "$@"; do cp -f "$f" "$d/seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"; done
}
shared=../shared
mapfile -t skills < <( { find skills tests/fixtures -name SKILL.md; [ -d "$shared/corpus" ] && find "$shared/corpus" -name SKILL.md | head -40; } )
mapfile -t records < <( { find skills tests/fixtures -name '*.yaml' -o -name '*.json' | grep -v gates.yaml; [ -d "$shared/casebook" ] && find "$shared/casebook" -name '*.yaml' -o -name '*.json'; } )
seed skill_lint "${skills[@]}"
seed record_eval "${records[@]}"
seed gate_file $(find skills tests -name gates.yaml)
seed casedoc $(find skills -path '*tests*' -name '*.md')
seed template templates/*.tera tests/fuzz_regressions/template/*
seed sanitize tests/fuzz_regressions/sanitize/* $(find tests/fixtures -name SKILL.md | head -20)
mkdir -p fuzz/corpus/refs_classify
i=0
for r in huggingface://org/model main sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef \
  'registry.example.com/inference:latest' 's3://models/org/model/latest' 'models:/name/14' 'models:/n@champion' \
  'gpt-4o-2024-08-06' 'anthropic.claude-3-5-sonnet-20240620-v1:0' 'git+https://x/y@0123456789abcdef0123456789abcdef01234567' \
  'torch==2.3.1' 'gs://b/p?generation=1' 'wandb-artifact://e/p/a:v3' 'ollama://llama3:8b' 'arn:aws:sagemaker:us-east-1:1:model-package/x/3'; do
  printf '%s' "$r" > "fuzz/corpus/refs_classify/seed-$i"; i=$((i+1))
done
mkdir -p fuzz/artifacts
for t in "${targets[@]}"; do
  echo "== $t for ${secs}s (full log: fuzz/artifacts/$t.log)"
  rc=0
  mkdir -p "fuzz/artifacts/$t"
  run "$t" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="fuzz/artifacts/$t/" > "fuzz/artifacts/$t.log" 2>&1 || rc=$?
  grep -E '^(Done [0-9]+ runs|#[0-9]+[[:space:]]+DONE)|panicked|SUMMARY|Test unit written|^error' \
    "fuzz/artifacts/$t.log" || true
  echo "   exit $rc, corpus $(ls "fuzz/corpus/$t" | wc -l) inputs"
done
