#!/usr/bin/env bash
# Exposure robustness (cocolor.bench.ExposureRobustness): each model colorizes the val NIR as
# recorded and re-exposed (darker, brighter, flatter); prints PSNR/SSIM/AE per exposure, the
# brightness bias and the PSNR after one constant brightness shift of all outputs.
#
#   bench/exposure.sh [--model FILE ...] [--data DIR] [--split FILE] [--set val]
# Without --model the bundled model is scored. Environment: JAVA (default java), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."

VCIP=${VCIP:-../shared/data/vcip2020/train}
ARGS=()
DATA=$VCIP SPLIT=$VCIP/splits.tsv
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) DATA=$2; shift 2 ;;
    --split) SPLIT=$2; shift 2 ;;
    --model|--set) ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

JAR=target/cocolor.jar  # the probes (cocolor.bench) are not shipped: they run from target/test-classes
source runtime-env.sh
if [[ ! -f $JAR ]] || [[ -n $(find src pom.xml -newer "$JAR" -type f -print -quit) ]]; then
  echo "building $JAR ..." >&2
  mvn -q -o package -DskipTests >&2 || mvn -q package -DskipTests >&2
fi
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${JAVA_OPTS:-} -Dai.djl.offline=true -cp "$JAR:target/test-classes" cocolor.bench.ExposureRobustness \
  --data "$DATA" --split "$SPLIT" "${ARGS[@]}"
