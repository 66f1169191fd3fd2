#!/usr/bin/env bash
# Training throughput, DJL (cocolor.bench.TrainThroughput) vs PyTorch eager (bench/pytorch_unet.py),
# on the same network: TrainThroughput exports the network it builds (by default the bundled recipe's
# f_n, the shipped network with its frozen ImageNet encoder), and the Python side builds it from that
# export, checks its outputs against Java's first and trains from those weights (each timed DJL run
# starts from its own random initialization and the same ImageNet encoder: speed does not depend on
# the values). A step on both sides:
# random input and target, forward, the loss (L1 + 0.2*(1 - SSIM) as the recipe trains, or L1),
# backward, AdamW with the recipe's settings; the frozen encoder gets no gradient on either side.
# Each configuration (batch x size) runs REPEATS times per side, fresh processes, interleaved; the
# table shows the median img/s and steps/s.
#
#   bench/train_throughput.sh [--network default|reference|RECIPE.yaml] [--configs "8x128 4x256"]
#                             [--loss l1+ssim|l1] [--steps 20] [--warmup 3] [--repeats 3]
#                             [--threads "2"] [--mode train|infer] [--pt-channels-last]
# --pt-channels-last: PyTorch with its weights and inputs channels-last, as cocolor lays out its
# activations (cocolor.nn.Layers.channelsLast); by default PyTorch runs as written, NCHW.
# --configs: batch x crop side; the default pair is the bundled recipe's: its crops (batch 8 of 128²)
# and its whole-image polish stage (batch 4 of 256²). --network reference: the network of the older
# comparisons (UNetConfig.colorizer(1), Adam 1e-3).
# Environment: JAVA (default java), JAVA_OPTS (extra JVM flags), PYTHON (default /usr/bin/python3),
# NO_PERF_ENV=1 to skip runtime-env.sh (OpenMP/malloc settings; applied to both DJL and PyTorch).
set -euo pipefail
cd "$(dirname "$0")/.."

NETWORK=default CONFIGS="8x128 4x256" LOSS=l1+ssim STEPS=20 WARMUP=3 REPEATS=3 THREADS="2" MODE=train PT_OPTS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --network) NETWORK=$2; shift 2 ;;
    --configs) CONFIGS=$2; shift 2 ;;
    --loss) LOSS=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --repeats) REPEATS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --mode) MODE=$2; shift 2 ;;
    --pt-channels-last) PT_OPTS=(--channels-last); shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

# shellcheck source=common.sh
source bench/common.sh

weights=$(mktemp -d)
trap 'rm -rf "$weights"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }
img_s() { sed -n 's/^RESULT .*img_s=\([0-9.]*\).*/\1/p'; }

# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} -cp "$JAR:target/test-classes" cocolor.bench.TrainThroughput --network "$NETWORK" --loss "$LOSS" \
  --export-pytorch "$weights" 2>/dev/null | grep -v '^RESULT' >&2
# The same network on both sides, or no figures: outputs compared before anything is timed.
"$PYTHON" -c 'import sys; sys.path.insert(0, "bench"); import pytorch_unet as p; net, index = p.load_export(sys.argv[1]); p.check(net, index, sys.argv[1])' \
  "$weights" | grep '^RESULT' >&2

run_djl() { # threads batch size
  # shellcheck disable=SC2086
  "$JAVA" ${JAVA_OPTS:-} -cp "$JAR:target/test-classes" cocolor.bench.TrainThroughput --network "$NETWORK" --loss "$LOSS" \
    --mode "$MODE" --batch "$2" --size "$3" --steps "$STEPS" --warmup "$WARMUP" --threads "$1" 2>/dev/null | img_s
}
run_pt() { # threads batch size
  OMP_NUM_THREADS=$1 "$PYTHON" bench/pytorch_unet.py --weights "$weights" --mode "$MODE" --batch "$2" --size "$3" \
    --steps "$STEPS" --warmup "$WARMUP" --threads "$1" "${PT_OPTS[@]}" | img_s
}

machine
echo "network=$NETWORK mode=$MODE loss=$LOSS pytorch=${PT_OPTS[*]:-nchw} steps=$STEPS warmup=$WARMUP repeats=$REPEATS (medians)"
printf '%-10s %-8s %10s %10s %10s %10s %8s   %s\n' config threads "DJL img/s" "PT img/s" "DJL step/s" "PT step/s" "DJL/PT" "runs DJL | PyTorch (img/s)"
for config in $CONFIGS; do
  batch=${config%x*} size=${config#*x}
  for t in $THREADS; do
    d=() p=()
    for ((r = 0; r < REPEATS; r++)); do
      d+=("$(run_djl "$t" "$batch" "$size")")
      p+=("$(run_pt "$t" "$batch" "$size")")
    done
    dm=$(printf '%s\n' "${d[@]}" | median)
    pm=$(printf '%s\n' "${p[@]}" | median)
    awk -v c="$config" -v t="$t" -v b="$batch" -v a="$dm" -v p="$pm" -v runs="${d[*]} | ${p[*]}" \
      'BEGIN {printf "%-10s %-8s %10.2f %10.2f %10.3f %10.3f %8.2f   %s\n", c, t, a, p, a / b, p / b, a / p, runs}'
  done
done
