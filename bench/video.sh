#!/usr/bin/env bash
# Video (docs/video.md): speed of `cocolor colorize` on the real camera-trap clip and on a 1080p
# clip, its peak memory, and flicker and quality of the per-frame and temporal routes.
#
#   bench/video.sh [--model FILE] [--skip-quality] [--skip-speed] [--limit K] [--grid]
#
# 1. Speed: ./cocolor colorize of ../shared/data/video/camera_trap_night.mp4 (720x404, 24 fps,
#    360 frames) with 2 threads, temporal (default) and --no-temporal; then a 1080p clip (the real
#    clip enlarged, 10 s and 40 s) under /usr/bin/time -v with COCOLOR_JAVA_OPTS=-Xmx1g: frames/s
#    and peak RSS, which must not grow with the length.
# 2. Quality (cocolor.bench.VideoQuality): synthetic clips (slow pan and zoom with NIR sensor noise)
#    over the val pairs of vcip2020 and epfl_extra (K of each with --limit), PSNR / SSIM against the
#    true colour and chroma flicker; the real clip's flicker in still areas.
# Environment: JAVA (default java), JAVA_OPTS (default -Xmx6g).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JAR=target/cocolor.jar
source runtime-env.sh
if [[ ! -f $JAR ]] || [[ -n $(find src pom.xml -newer "$JAR" -type f -print -quit) ]]; then
  echo "building $JAR ..." >&2
  mvn -q -o package -DskipTests >&2 || mvn -q package -DskipTests >&2
fi
[[ -d target/test-classes/cocolor/bench ]] || mvn -q test-compile >&2

DATA=${DATA:-../shared/data}
CLIP=$DATA/video/camera_trap_night.mp4
MODEL_ARGS=() QUALITY=1 SPEED=1 LIMIT=8 GRID=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL_ARGS=(--model "$2"); shift 2 ;;
    --skip-quality) QUALITY=0; shift ;;
    --skip-speed) SPEED=0; shift ;;
    --limit) LIMIT=$2; shift 2 ;;
    --grid) GRID=(--grid); shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
JAVA_OPTS=${JAVA_OPTS:--Xmx6g}
lscpu | grep -E '^Model name|^CPU\(s\)'
uptime
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ $SPEED == 1 ]]; then
  for route in "" --no-temporal; do
    echo "== $CLIP ${route:-(temporal)}"
    ./cocolor colorize "${MODEL_ARGS[@]}" "$CLIP" -o "$work/out" --no-progress $route 2>&1 | grep 'frames/s'
    rm -rf "$work/out"
  done
  for seconds in 10 40; do
    # shellcheck disable=SC2086
    "$JAVA" $JAVA_OPTS -cp "$JAR:target/test-classes" cocolor.bench.VideoCut "$CLIP" "$work/hd.mp4" 240 1920x1080 $((seconds / 10)) | grep -v SLF4J
    echo "== 1920x1080, $seconds s, -Xmx1g"
    COCOLOR_JAVA_OPTS=-Xmx1g /usr/bin/time -v ./cocolor colorize "${MODEL_ARGS[@]}" "$work/hd.mp4" -o "$work/out" --no-progress 2>&1 \
      | grep -E 'frames/s|Maximum resident'
    rm -rf "$work/out" "$work/hd.mp4"
  done
  uptime
fi

if [[ $QUALITY == 1 ]]; then
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -cp "$JAR:target/test-classes" cocolor.bench.VideoQuality "${MODEL_ARGS[@]}" "${GRID[@]}" --limit "$LIMIT" --frames 36 \
    --data "$DATA/vcip2020/train" --split "$DATA/vcip2020/train/splits.tsv" \
    --data "$DATA/epfl_extra" --split "$DATA/epfl_extra/splits.tsv" --video "$CLIP" | grep -v SLF4J
fi
