#!/usr/bin/env bash
# Training throughput, DJL (cocolor.bench.TrainThroughput) vs PyTorch eager (bench/pytorch_unet.py),
# same U-Net, batch/size/steps, 1 and 2 intra-op threads. Each configuration runs REPEATS times
# (fresh process each); the table shows the median img/s.
#
#   bench/train_throughput.sh [--batch 8] [--size 128] [--steps 20] [--warmup 3] [--repeats 3]
#                             [--threads "1 2"] [--mode train|infer]
# Environment: JAVA (default java), JAVA_OPTS (extra JVM flags), PYTHON (default /usr/bin/python3),
# NO_PERF_ENV=1 to skip runtime-env.sh (OpenMP/malloc settings; applied to both DJL and PyTorch).
set -euo pipefail
cd "$(dirname "$0")/.."

BATCH=8 SIZE=128 STEPS=20 WARMUP=3 REPEATS=3 THREADS="1 2" MODE=train
while [[ $# -gt 0 ]]; do
  case "$1" in
    --batch) BATCH=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --repeats) REPEATS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --mode) MODE=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

# shellcheck source=common.sh
source bench/common.sh

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }
img_s() { sed -n 's/^RESULT .*img_s=\([0-9.]*\).*/\1/p'; }

run_djl() {
  # shellcheck disable=SC2086
  "$JAVA" ${JAVA_OPTS:-} -cp "$JAR:target/test-classes" cocolor.bench.TrainThroughput --mode "$MODE" --batch "$BATCH" \
    --size "$SIZE" --steps "$STEPS" --warmup "$WARMUP" --threads "$1" 2>/dev/null | img_s
}
run_pt() {
  OMP_NUM_THREADS=$1 "$PYTHON" bench/pytorch_unet.py --mode "$MODE" --batch "$BATCH" --size "$SIZE" \
    --steps "$STEPS" --warmup "$WARMUP" --threads "$1" | img_s
}

echo "mode=$MODE batch=$BATCH size=${SIZE}x${SIZE} steps=$STEPS warmup=$WARMUP repeats=$REPEATS (median img/s)"
printf '%-8s %12s %12s %10s   %s\n' threads "DJL img/s" "PyTorch" "DJL/PT" "runs DJL | PyTorch"
for t in $THREADS; do
  d=() p=()
  for ((r = 0; r < REPEATS; r++)); do
    d+=("$(run_djl "$t")")
    p+=("$(run_pt "$t")")
  done
  dm=$(printf '%s\n' "${d[@]}" | median)
  pm=$(printf '%s\n' "${p[@]}" | median)
  ratio=$(awk -v a="$dm" -v b="$pm" 'BEGIN {printf "%.2f", a / b}')
  printf '%-8s %12s %12s %10s   %s | %s\n' "$t" "$dm" "$pm" "$ratio" "${d[*]}" "${p[*]}"
done
