#!/usr/bin/env bash
# CoColor ablation: trains each variant under the same CPU budget and prints one table of
#   NIR validation PSNR/SSIM/AE (val split of splits.tsv) and gray-colorization PSNR/SSIM on a
#   held-out part of the gray data (BSDS500 val; the variants learn from BSDS500 train).
#
#   bench/ablation.sh [--minutes M] [--data SHARED_DATA_DIR] [--out DIR] [--variants "..."] [--scarce K]
#                     [--validate-every N]
#
# --minutes M gives every variant M minutes of training (spread over its stages); without it each
# variant trains for its recipe's own budget (epochs budgets give the same weights however busy
# the machine is, so variants can train side by side in two instances with the same --out).
# --scarce K trains on the pairs of every K-th source group of the train split only (the val
# split is unchanged): the scarce-data regime CoColor is designed for. There an epoch is a few
# batches, so --validate-every 10 keeps the validation from taking most of the time.
# Variants (recipes): baseline (F_N alone), priors (+ task-domain priors), translation
# (+ bilateral N2G/G2N translation), cocolor (full method, + adversarial term); also
# progressive (recipes/cocolor-progressive.yaml) and baseline-polish (F_N alone on its schedule).
# Re-running continues unfinished variants (training resumes from their checkpoints).
# Set COCOLOR to another launcher (e.g. a copy of the jar) to keep training off target/.
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=
SCARCE=
VALIDATE_EVERY=1
DATA=../shared/data
OUT=runs/ablation
VARIANTS="baseline priors translation cocolor"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --variants) VARIANTS=$2; shift 2 ;;
    --scarce) SCARCE=$2; shift 2 ;;
    --validate-every) VALIDATE_EVERY=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
COCOLOR=${COCOLOR:-./cocolor}
VCIP=$DATA/vcip2020/train
SPLIT=$VCIP/splits.tsv
[[ -f $SPLIT ]] || { echo "error: $SPLIT not found (pass --data)" >&2; exit 1; }
if [[ -n ${SCARCE:-} ]]; then
  mkdir -p "$OUT"
  # whole source groups only: the k-th distinct train group in file order is kept if k % K == 0
  awk -F'\t' -v K="$SCARCE" 'BEGIN { OFS = "\t" } NR == 1 || $3 != "train" { print; next }
      !($2 in seen) { seen[$2] = n++ } { print $1, $2, (seen[$2] % K == 0 ? "train" : "unused") }' "$SPLIT" > "$OUT/splits.tsv"
  SPLIT=$OUT/splits.tsv
  echo "scarce data: $(grep -c $'\ttrain$' "$SPLIT") training pairs" >&2
fi

recipe_of() {
  case "$1" in
    baseline) echo recipes/baseline.yaml ;;
    cocolor) echo recipes/cocolor.yaml ;;
    progressive) echo recipes/cocolor-progressive.yaml ;;
    *) echo "recipes/ablation/$1.yaml" ;;
  esac
}

# The validation pairs, as two folders the evaluate command can pair by stem.
VAL=$OUT/val
mkdir -p "$VAL/nir" "$VAL/rgb"
awk -F'\t' '$3 == "val" {print $1}' "$SPLIT" | while read -r stem; do
  ln -sf "$(realpath "$VCIP/nir/${stem}_nir.png")" "$VAL/nir/"
  ln -sf "$(realpath "$VCIP/rgb/${stem}_rgb_reg.png")" "$VAL/rgb/"
done

last_line() { tail -n 1 | sed 's/ n=[0-9]*//'; }
declare -A NIR GRAY
ROWS=""
for v in $VARIANTS; do
  run=$OUT/$v
  ROWS="$ROWS $v"
  echo "=== $v: training ${MINUTES:+$MINUTES min}${MINUTES:-for the recipe budget} ($(recipe_of "$v"))" >&2
  "$COCOLOR" train --data "$VCIP" --split "$SPLIT" --photos "$DATA/bsds500/train" \
      --recipe "$(recipe_of "$v")" ${MINUTES:+--minutes "$MINUTES"} --out "$run" --resume --no-progress \
      --validate-every "$VALIDATE_EVERY" >&2
  "$COCOLOR" colorize --model "$run/model.cocolor" "$VAL/nir" -o "$run/val_pred" --no-progress >&2
  NIR[$v]=$("$COCOLOR" evaluate --pred "$run/val_pred" --gt "$VAL/rgb" | last_line)
  if grep -q "^  n2g:" "$(recipe_of "$v")"; then
    # CoColor's fused inference: the mean of F_N(NIR) and F_G(N2G(NIR)).
    "$COCOLOR" export --checkpoint "$run/checkpoint.ckpt" --nir 'mean(f_n(nir), f_g(n2g(nir)))' -o "$run/fused.cocolor" >/dev/null
    "$COCOLOR" colorize --model "$run/fused.cocolor" "$VAL/nir" -o "$run/val_pred_fused" --no-progress >&2
    NIR[$v+fused]=$("$COCOLOR" evaluate --pred "$run/val_pred_fused" --gt "$VAL/rgb" | last_line)
    GRAY[$v+fused]="(same F_G)"
    ROWS="$ROWS $v+fused"
  fi
  if "$COCOLOR" colorize --model "$run/model.cocolor" --mode gray "$DATA/bsds500/val" -o "$run/gray_pred" --no-progress >/dev/null 2>&1; then
    GRAY[$v]=$("$COCOLOR" evaluate --pred "$run/gray_pred" --gt "$DATA/bsds500/val" | last_line | sed 's/ AE=.*//')
  else
    GRAY[$v]="(no gray mode)"
  fi
done

echo
echo "| variant | NIR val (PSNR dB / SSIM / AE °) | gray held-out (PSNR dB / SSIM) |"
echo "|---|---|---|"
for v in $ROWS; do
  echo "| $v | ${NIR[$v]} | ${GRAY[$v]} |"
done
echo "(each variant: ${MINUTES:+$MINUTES min of training}${MINUTES:-trained for its recipe budget}, launcher ${COCOLOR}, $(nproc) cores on the machine)"
