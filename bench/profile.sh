#!/usr/bin/env bash
# Where the time of a DJL training step and of an inference call goes with the shipped network, and
# the same breakdown in PyTorch eager for comparison:
#
# 1. cocolor.bench.TrainStepProfile: the trainer's own steps on the bundled recipe, per phase (data:
#    waiting for the loader thread's augmented batches; feed; forward; backward; sync; optimizer:
#    AdamW and the weight average; close), stage 1 (batch 8 of 128² crops) and stage 2 (batch 4 of
#    256² whole images), with and without the SSIM term, on --data's train split or synthetic pairs.
# 2. cocolor.bench.OpProfile: the network-only training step (--configs) and one inference call of
#    the bundled model through the predictor, under libtorch's profiler: per phase, per category of
#    op, the ops and the convolutions by shape; and pieces timed alone (encoder, pixel unshuffle,
#    bilinear enlargement, affine apply).
# 3. bench/pytorch_unet.py --mode profile: torch.profiler's table of the same step and call.
#
#   bench/profile.sh [--threads 2] [--steps 5] [--configs "8x128 4x256"] [--data DIR]
#                    [--skip-trainer] [--skip-ops] [--skip-pytorch]
# Environment: JAVA (default java), JAVA_OPTS, PYTHON (default /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=2 STEPS=5 CONFIGS="8x128 4x256" DATA=() TRAINER=1 OPS=1 PYTORCH=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --configs) CONFIGS=$2; shift 2 ;;
    --data) DATA=(--data "$2"); shift 2 ;;
    --skip-trainer) TRAINER=0; shift ;;
    --skip-ops) OPS=0; shift ;;
    --skip-pytorch) PYTORCH=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=common.sh
source bench/common.sh
java_bench() {
  # shellcheck disable=SC2086
  "$JAVA" ${JAVA_OPTS:-} -cp "$JAR:target/test-classes" "$@" 2>&1 | grep -v -e SLF4J -e 'Warning: AutoNonVariableTypeMode'
}
machine

if [[ $TRAINER == 1 ]]; then
  for stage in 1 2; do
    echo "== the trainer's steps, recipe default, stage $stage"
    java_bench cocolor.bench.TrainStepProfile --recipe default --stage "$stage" --threads "$THREADS" --steps "$STEPS" "${DATA[@]}"
  done
fi

first=1
for config in $CONFIGS; do
  batch=${config%x*} size=${config#*x}
  what=train
  [[ $first == 1 ]] && what=train,infer
  if [[ $OPS == 1 ]]; then
    java_bench cocolor.bench.OpProfile --what "$what" --batch "$batch" --size "$size" --threads "$THREADS" --steps "$STEPS"
  fi
  if [[ $PYTORCH == 1 ]]; then
    weights=$(mktemp -d)
    java_bench cocolor.bench.TrainThroughput --network default --export-pytorch "$weights" >/dev/null
    OMP_NUM_THREADS=$THREADS "$PYTHON" bench/pytorch_unet.py --mode profile --weights "$weights" --threads "$THREADS" \
      --batch "$batch" --size "$size" --steps "$STEPS" --warmup 2 --what "$what"
    rm -rf "$weights"
  fi
  first=0
done
