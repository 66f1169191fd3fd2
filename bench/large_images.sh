#!/usr/bin/env bash
# Large photos (docs/large-images.md): colour quality at 4x the training scale, seams of tiled
# colorization, and the time and peak memory of one 6000x4000 image by each route.
#
#   bench/large_images.sh [--model FILE] [--factor 4] [--size 4000x6000] [--skip-quality] [--skip-speed]
#
# 1. cocolor.bench.LargeImageQuality: the val pairs of ../shared/data/vcip2020/train and
#    ../shared/data/epfl_extra enlarged --factor times, colorized at the working scale (each
#    upsampler) and at full resolution (one pass, old and new tiles, with their seams); then the
#    upsamplers alone on real detail (the true colour reduced 4x and carried back), with and
#    without noise on the NIR, over a grid of their parameters.
# 2. cocolor benchmark --large SIZE --route R for R in auto, native, old, each in its own JVM
#    (peak RSS is per process), and ./cocolor colorize of a SIZE PNG under /usr/bin/time -v.
# Environment: JAVA (default java), JAVA_OPTS (default -Xmx8g, as ./cocolor).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JAR=target/cocolor.jar  # the probes (cocolor.bench) are not shipped: they run from target/test-classes
source runtime-env.sh
if [[ ! -f $JAR ]] || [[ -n $(find src pom.xml -newer "$JAR" -type f -print -quit) ]]; then
  echo "building $JAR ..." >&2
  mvn -q -o package -DskipTests >&2 || mvn -q package -DskipTests >&2
fi

DATA=${DATA:-../shared/data}
MODEL_ARGS=() FACTOR=4 SIZE=4000x6000 QUALITY=1 SPEED=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL_ARGS=(--model "$2"); shift 2 ;;
    --factor) FACTOR=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --skip-quality) QUALITY=0; shift ;;
    --skip-speed) SPEED=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
JAVA_OPTS=${JAVA_OPTS:--Xmx8g}
SETS=(--data "$DATA/vcip2020/train" --split "$DATA/vcip2020/train/splits.tsv"
      --data "$DATA/epfl_extra" --split "$DATA/epfl_extra/splits.tsv")
lscpu | grep -E '^Model name|^CPU\(s\)'
uptime

if [[ $QUALITY == 1 ]]; then
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -cp "$JAR:target/test-classes" cocolor.bench.LargeImageQuality "${SETS[@]}" "${MODEL_ARGS[@]}" --factor "$FACTOR" --native
  for noise in 0 0.02; do
    echo "== upsamplers alone: the true colour reduced 4x, NIR noise sigma $noise"
    # shellcheck disable=SC2086
    "$JAVA" $JAVA_OPTS -cp "$JAR:target/test-classes" cocolor.bench.LargeImageQuality "${SETS[@]}" --factor 1 --oracle 4 --noise "$noise" --grid \
      | sed -n '/all images/,$p'
  done
fi

if [[ $SPEED == 1 ]]; then
  for route in auto native old; do
    # shellcheck disable=SC2086
    "$JAVA" $JAVA_OPTS -jar "$JAR" benchmark "${MODEL_ARGS[@]}" --large "$SIZE" --route "$route" | grep -v '^RESULT' || true
  done
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # A real scene at SIZE: a val NIR image enlarged (bicubic), written as an 8-bit PNG.
  "$JAVA" -cp "$JAR:target/test-classes" cocolor.bench.LargeImageQuality --write-enlarged "$DATA/epfl_extra/nir/urban_0014_nir.png" "$SIZE" "$work/in/large.png"
  for scale in auto native; do
    /usr/bin/time -v ./cocolor colorize "${MODEL_ARGS[@]}" --scale "$scale" "$work/in/large.png" -o "$work/out-$scale" --no-progress 2>&1 \
      | grep -E "colorized|Elapsed|Maximum resident" | sed "s/^/[colorize --scale $scale] /"
  done
fi
