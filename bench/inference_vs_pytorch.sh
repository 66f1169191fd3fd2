#!/usr/bin/env bash
# Inference speed, DJL (cocolor benchmark) vs PyTorch eager (bench/pytorch_unet.py --mode bench), on the
# same network WITH THE SAME WEIGHTS: the Java run exports them (raw float32 + JSON index) and the
# Python run loads them and checks its outputs against Java's before timing (the network as trained,
# its folded copy and the default route; max |PyTorch - DJL| printed, the run stops above 1e-3). Both
# sides run each image as cocolor's predictor does (mirrored margins, network, crop, copies in and
# out). Each side runs REPEATS times (fresh process each, interleaved, since the machine may be
# shared); the table shows medians.
#
#   bench/inference_vs_pytorch.sh [--model FILE] [--repeats 3] [--runs 5] [--threads N]
#                                 [--large 4000x6000] [--large-runs 3]
# Default model: the bundled one (the shipped network with its encoder). --runs: timed runs per
# figure inside one process; --threads: PyTorch intra-op threads for both sides (default: the number
# of cores); --large HxW: also the default route (colour at the working scale, carried back by
# guided upsampling) on one HxW image, after a first untimed run, the median of --large-runs ('' skips it).
# Environment: JAVA, PYTHON (default /usr/bin/python3), NO_PERF_ENV=1 to skip runtime-env.sh.
# Debian's python3-torch (and OpenBLAS) are installed if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=() REPEATS=3 RUNS=5 THREADS=$(nproc) BATCH=4 LARGE=4000x6000 LARGE_RUNS=3  # BATCH: InferenceBenchmark.BATCH
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL=(--model "$2"); shift 2 ;;
    --repeats) REPEATS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --large) LARGE=$2; shift 2 ;;
    --large-runs) LARGE_RUNS=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=common.sh
source bench/common.sh

weights=$(mktemp -d)
results=$(mktemp)
trap 'rm -rf "$weights" "$results"' EXIT
machine
for ((r = 0; r < REPEATS; r++)); do
  export_opt=()
  [[ $r == 0 ]] && export_opt=(--export-pytorch "$weights")
  # Both reports go to stderr as they come; their RESULT lines are collected for the table.
  out=$("$JAVA" -Dai.djl.pytorch.num_threads="$THREADS" -jar "$JAR" benchmark "${MODEL[@]}" --repeats "$RUNS" \
    "${export_opt[@]}" 2>/dev/null)
  echo "$out" >&2
  grep '^RESULT' <<<"$out" >>"$results"
  if [[ -n $LARGE ]]; then
    # A first untimed run on both sides (Python: --warmup), then the median of LARGE_RUNS.
    out=$("$JAVA" -Dai.djl.pytorch.num_threads="$THREADS" -jar "$JAR" benchmark "${MODEL[@]}" --large "$LARGE" --route auto \
      --large-runs $((LARGE_RUNS + 1)) 2>/dev/null)
    echo "$out" >&2
    grep '^RESULT' <<<"$out" >>"$results"
  fi
  out=$(OMP_NUM_THREADS=$THREADS "$PYTHON" bench/pytorch_unet.py --mode bench --weights "$weights" \
    --threads "$THREADS" --steps "$RUNS" --warmup 2 --batch "$BATCH" --large "$LARGE" --large-repeats "$LARGE_RUNS")
  echo "$out" >&2
  grep '^RESULT' <<<"$out" >>"$results"
done

# One row per implementation and variant: the median of each figure over the repeats.
awk '
  function median(key,   n, i, j, t, v) {
    n = split(vals[key], v, " ")
    if (n == 0) return "nan"
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  /^RESULT/ {
    impl = ""; variant = ""
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    row = f["impl"] " " f["variant"]
    if (f["variant"] == "large") { large_size = f["size"] }
    if (f["variant"] == "peak" && f["blas"] != "") { blas = f["blas"] }
    if (!(row in seen)) { seen[row] = 1; order[++rows] = row }
    for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[2] ~ /^[0-9.e+-]+$/) vals[row SUBSEP kv[1]] = vals[row SUBSEP kv[1]] " " kv[2] }
    delete f
  }
  END {
    gflop = median("djl peak" SUBSEP "gflop_img_256")
    peak = median("djl peak" SUBSEP "gflop_s")
    printf "\nmedians of %s runs; %.2f GFLOP per 256x256 image; %s threads each\n", '"$REPEATS"', gflop, '"$THREADS"'
    printf "max |PyTorch - DJL| on the check images: network %s, folded %s, default route %s\n",
      median("pytorch check" SUBSEP "max_diff_network"), median("pytorch check" SUBSEP "max_diff_folded"),
      median("pytorch check" SUBSEP "max_diff_route")
    printf "%-24s %12s %12s %14s %14s %11s\n", "implementation", "256² b1 img/s", "256² b'"$BATCH"' img/s", "1024x768 ms", "GFLOP/s (b1)", "% DJL peak"
    for (k = 1; k <= rows; k++) {
      row = order[k]
      if (row ~ / (peak|check|large)$/) continue
      b1 = median(row SUBSEP "img_s_256")
      printf "%-24s %12.2f %12.2f %14.0f %14.0f %10.0f%%\n", row, b1, median(row SUBSEP "img_s_256_batched"), median(row SUBSEP "ms_1024x768"), b1 * gflop, 100 * b1 * gflop / peak
    }
    if (large_size != "") {
      d = median("djl large" SUBSEP "s"); p = median("pytorch large" SUBSEP "s")
      printf "default route, one %s image (HxW), s: DJL %.2f, PyTorch %.2f (DJL/PyTorch speed %.2f)\n", large_size, d, p, p / d
    }
    printf "fp32 matmul peak GFLOP/s: DJL %.0f, PyTorch %.0f (BLAS: %s)\n", median("djl peak" SUBSEP "gflop_s"),
      median("pytorch peak" SUBSEP "gflop_s"), blas
  }' "$results"
