#!/usr/bin/env bash
# Renders every figure script written by `popsteer aggregate` (plots/*/plot.gp), e.g. on
# a machine with gnuplot when the sweep ran without it, or to another format.
#   analysis/render_plots.sh AGGREGATE_DIR [png|svg|pdf]
# png (default) keeps the scripts' own terminal; svg/pdf write coverage.svg, ... beside them.
set -euo pipefail
dir=${1:?usage: render_plots.sh AGGREGATE_DIR [png|svg|pdf]}
format=${2:-png}
command -v gnuplot >/dev/null || { echo "render_plots: gnuplot not found on PATH" >&2; exit 1; }
case "$format" in
  png) term="" ;;
  svg) term="svg size 1000,700 noenhanced font 'DejaVu Sans,11' background rgb 'white'" ;;
  pdf) term="pdfcairo size 10in,7in noenhanced font 'DejaVu Sans,11'" ;;
  *) echo "render_plots: format must be png, svg or pdf" >&2; exit 2 ;;
esac
shopt -s nullglob
scripts=("$dir"/plots/*/plot.gp)
[ ${#scripts[@]} -gt 0 ] || { echo "render_plots: no $dir/plots/*/plot.gp (run popsteer aggregate first)" >&2; exit 2; }
for gp in "${scripts[@]}"; do
  panel=$(dirname "$gp")
  if [ -z "$term" ]; then
    (cd "$panel" && gnuplot plot.gp)
  else
    # Same script, other terminal and file extension.
    sed -e "s|^set terminal .*|set terminal $term|" -e "s|\.png\"|.$format\"|" "$gp" > "$panel/plot.$format.gp"
    (cd "$panel" && gnuplot "plot.$format.gp")
  fi
  echo "rendered $panel/*.$format"
done
