#!/usr/bin/env bash
# The pretrained-encoder screen (docs/experiments.md, "A pretrained ImageNet encoder"): each arm of
# recipes/ablation/encoder/ in turn, alone on 2 threads, trained on the train splits of vcip2020
# and epfl_extra and validated on both val splits; rerunning resumes or skips finished arms.
#
#   bench/encoder_screen.sh [--data SHARED_DATA_DIR] [--out DIR] [--arms "none frozen-skips ..."]
set -euo pipefail
cd "$(dirname "$0")/.."
D=../shared/data
OUT=runs/enc
ARMS="none frozen-skips frozen-bottleneck tuned-skips"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) D=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --arms) ARMS=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
COCOLOR=${COCOLOR:-./cocolor}
for a in $ARMS; do
  if [[ -f $OUT/$a/model.cocolor ]]; then continue; fi
  resume=; [[ -f $OUT/$a/checkpoint.ckpt ]] && resume=--resume
  echo "$(date +%T) start $a"
  mkdir -p "$OUT"
  $COCOLOR train --data "$D/vcip2020/train" --split "$D/vcip2020/train/splits.tsv" \
    --data "$D/epfl_extra" --split "$D/epfl_extra/splits.tsv" --recipe "recipes/ablation/encoder/$a.yaml" \
    --out "$OUT/$a" --no-progress $resume > "$OUT/$a.log" 2>&1
  echo "$(date +%T) end $a"
  tail -3 "$OUT/$a.log"
done
