#!/usr/bin/env python3
"""Turns bench/run.sh's hyperfine JSON and rusage lines into the Markdown table of bench/README.md.

usage: table.py RESULTS_DIR SCALE...
"""
import json, os, sys


def hyper(path):
    with open(path) as fh:
        return {r["command"]: r for r in json.load(fh)["results"]}


def rusage(path):
    out, meta = {}, {}
    with open(path) as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 4 and parts[0] != "":
                out[parts[0]] = (float(parts[1]), float(parts[2]), int(parts[3]))
            elif len(parts) == 6 and parts[1] == "skills":
                meta = {"skills": int(parts[0]), "files": int(parts[2]), "bytes": int(parts[4])}
    return out, meta


def ms(s):
    return f"{s * 1000:,.0f} ms" if s < 10 else f"{s:,.1f} s"


def main():
    d, scales = sys.argv[1], sys.argv[2:]
    print("| scale | skills / files / MB | raw-read floor | baseline-ci.sh | `lint` | `test` "
          "| lint vs baseline | (lint+test) / floor | lint CPU / peak RSS | test CPU / peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    lint_med = {}
    for n in scales:
        h = hyper(os.path.join(d, f"scale{n}.json"))
        base = os.path.join(d, f"scale{n}-baseline.json")
        if os.path.exists(base):
            h.update(hyper(base))
        ru, meta = rusage(os.path.join(d, f"scale{n}.rusage"))
        med = {k: v["median"] for k, v in h.items()}
        b = med.get("baseline")
        base_cell, ratio = (ms(b), f"{b / med['lint']:.0f}×") if b else ("not run", "—")
        lint_med[n] = (med["lint"], med["test"])
        cpu = lambda c: f"{ms(ru[c][1])} / {ru[c][2] / 1024:.0f} MB"
        print(f"| {n} | {meta.get('skills')} / {meta.get('files')} / {meta.get('bytes', 0) / 1e6:.0f} "
              f"| {ms(med['floor'])} | {base_cell} | {ms(med['lint'])} | {ms(med['test'])} "
              f"| {ratio} | {(med['lint'] + med['test']) / med['floor']:.2f}× "
              f"| {cpu('lint')} | {cpu('test')} |")
    if "100" in lint_med and "200" in lint_med:
        (l1, t1), (l2, t2) = lint_med["100"], lint_med["200"]
        print(f"\nscale 200 / scale 100: lint {l2 / l1:.2f}×, test {t2 / t1:.2f}×")
    chk = os.path.join(d, "check.json")
    if os.path.exists(chk):
        c = hyper(chk)["check"]
        ru, _ = rusage(os.path.join(d, "check.rusage"))
        rss = ru.get("check", (0, 0, 0))[2] / 1024
        print(f"\none `skillgate check` of one record: median {c['median'] * 1000:.1f} ms "
              f"(min {c['min'] * 1000:.1f} ms, {len(c['times'])} runs), peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
