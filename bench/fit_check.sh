#!/usr/bin/env bash
# Does a model fit its data? Scores each run's model on the val split of splits.tsv (held out) and
# on 40 of the pairs it trained on (the first 40 train stems of splits.tsv), and prints one row per
# run: PSNR / SSIM / AE on val and PSNR on the 40 training pairs. A model that scores no better on
# its own training pairs than on held-out ones underfits.
#
#   bench/fit_check.sh [--data SHARED_DATA_DIR] RUN_DIR...
# Set COCOLOR to another launcher (e.g. a copy of the jar) to keep scoring off target/.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
if [[ ${1:-} == --data ]]; then DATA=$2; shift 2; fi
COCOLOR=${COCOLOR:-./cocolor}
VCIP=$DATA/vcip2020/train
SPLIT=$VCIP/splits.tsv
[[ -f $SPLIT ]] || { echo "error: $SPLIT not found (pass --data)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

link_pairs() { # $1 = split name, $2 = how many (0: all), $3 = folder
  mkdir -p "$3/nir" "$3/rgb"
  awk -F'\t' -v s="$1" '$3 == s {print $1}' "$SPLIT" | { if [[ $2 -gt 0 ]]; then head -n "$2"; else cat; fi; } |
    while read -r stem; do
      ln -sf "$(realpath "$VCIP/nir/${stem}_nir.png")" "$3/nir/"
      ln -sf "$(realpath "$VCIP/rgb/${stem}_rgb_reg.png")" "$3/rgb/"
    done
}
link_pairs val 0 "$work/val"
link_pairs train 40 "$work/train40"

score() { # $1 = model, $2 = pair folder, $3 = output folder
  "$COCOLOR" colorize --model "$1" "$2/nir" -o "$3" --no-progress >/dev/null
  "$COCOLOR" evaluate --pred "$3" --gt "$2/rgb" | tail -n 1 | sed 's/ n=[0-9]*//'
}
echo "| run | val PSNR / SSIM / AE | 40 training pairs PSNR / SSIM / AE |"
echo "|---|---|---|"
for run in "$@"; do
  model=$run/model.cocolor
  [[ -f $model ]] || { echo "error: $model not found" >&2; exit 1; }
  echo "| $(basename "$run") | $(score "$model" "$work/val" "$work/pred-val") | $(score "$model" "$work/train40" "$work/pred-train") |"
  rm -rf "$work/pred-val" "$work/pred-train"
done
