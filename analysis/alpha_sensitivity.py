#!/usr/bin/env python3
"""Thesis Figs 7.8 / 7.9: a metric of PopSteer over the (alpha_pop, alpha_unpop) grid at
one beta, as a gnuplot heatmap. Reads the rows.csv written by `popsteer aggregate`
(standard library only).

    analysis/alpha_sensitivity.py AGGREGATE_DIR/rows.csv --dataset ml-1m --backbone sasrec \
        [--metric gini] [--beta 0] [--split test] [--out DIR]

Writes DIR/alpha_<metric>_<dataset>_<backbone>.{dat,gp} and renders the .png if gnuplot
is on PATH. Configs whose params lack alpha_pop/alpha_unpop/beta are ignored; failed rows
are skipped; a grid cell without a row is left blank (NaN).
"""
import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys

METRICS = ["ndcg", "gini", "coverage", "ndcg_head", "ndcg_tail", "ndcg_nonhead"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows_csv")
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--backbone", required=True)
    ap.add_argument("--metric", default="gini", choices=METRICS)
    ap.add_argument("--beta", type=float, default=0.0)
    ap.add_argument("--split", default="test", choices=["test", "valid"])
    ap.add_argument("--method", default="popsteer")
    ap.add_argument("--out", default=None, help="output folder (default: beside rows.csv)")
    a = ap.parse_args()

    cells = {}
    with open(a.rows_csv, newline="") as f:
        for r in csv.DictReader(f):
            if (r["method"], r["dataset"], r["backbone"], r["split"], r["status"]) != (
                    a.method, a.dataset, a.backbone, a.split, "ok"):
                continue
            try:
                p = json.loads(r["params_json"])
                key = (float(p["alpha_pop"]), float(p["alpha_unpop"]))
                if not math.isclose(float(p["beta"]), a.beta):
                    continue
            except (ValueError, KeyError, TypeError):
                continue
            if key in cells:
                print(f"alpha_sensitivity: duplicate grid cell {key}; keeping the first", file=sys.stderr)
                continue
            cells[key] = float(r[a.metric])
    if not cells:
        print(f"alpha_sensitivity: no ok '{a.method}' rows with beta={a.beta} for "
              f"{a.dataset}/{a.backbone} on {a.split}", file=sys.stderr)
        return 2

    pops = sorted({k[0] for k in cells})
    unpops = sorted({k[1] for k in cells})
    out = a.out or os.path.dirname(os.path.abspath(a.rows_csv))
    os.makedirs(out, exist_ok=True)
    stem = f"alpha_{a.metric}_{a.dataset}_{a.backbone}".replace("/", "_")
    with open(os.path.join(out, stem + ".dat"), "w") as f:
        # gnuplot `with image` wants a complete grid, x (alpha_unpop) varying fastest.
        f.write("# alpha_unpop alpha_pop value label (one block per alpha_pop; NaN = no row)\n")
        for p in pops:
            for u in unpops:
                v = cells.get((p, u), float("nan"))
                label = "n/a" if math.isnan(v) else f"{v:.3f}"
                f.write(f"{u} {p} {v:.10g} {label}\n")
            f.write("\n")
    title = (f"{a.dataset} / {a.backbone}: {a.metric}@K of {a.method}, beta = {a.beta:g} "
             f"({a.split})")
    gp = f"""set terminal pngcairo size 800,650 noenhanced font "DejaVu Sans,11"
set output "{stem}.png"
set title "{title}"
set xlabel "alpha_unpop"
set ylabel "alpha_pop"
set cblabel "{a.metric}"
set xrange [{unpops[0] - 0.25}:{unpops[-1] + 0.25}]
set yrange [{pops[0] - 0.25}:{pops[-1] + 0.25}]
set palette rgbformulae 33,13,10
plot "{stem}.dat" using 1:2:3 with image notitle, \\
     "{stem}.dat" using 1:2:4 with labels font ",7" notitle
"""
    with open(os.path.join(out, stem + ".gp"), "w") as f:
        f.write(gp)
    print(f"wrote {os.path.join(out, stem)}.{{dat,gp}} ({len(cells)} cells, "
          f"{len(pops)} x {len(unpops)} grid)")
    if shutil.which("gnuplot"):
        subprocess.run(["gnuplot", stem + ".gp"], cwd=out, check=True)
        print(f"rendered {os.path.join(out, stem)}.png")
    else:
        print("gnuplot not on PATH: run `gnuplot " + stem + ".gp` in " + out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
