# Shared preamble of the bench scripts: tools, runtime settings, an up-to-date jar, PyTorch.
# Sourced from the repository root. NO_PERF_ENV=1 skips runtime-env.sh (for before/after runs).
JAVA=${JAVA:-java}
PYTHON=${PYTHON:-/usr/bin/python3}
JAR=target/cocolor.jar  # the profilers and probes (cocolor.bench) are not shipped: they run from target/test-classes

if [[ -z ${NO_PERF_ENV:-} ]]; then
  # shellcheck source=../runtime-env.sh
  source runtime-env.sh
fi

if [[ ! -f $JAR ]] || [[ -n $(find src pom.xml -newer "$JAR" -type f -print -quit) ]]; then
  echo "building $JAR ..." >&2
  mvn -q -o package -DskipTests >&2 || mvn -q package -DskipTests >&2
fi

# Debian's python3-torch: a benchmark tool only, never a dependency of the project. Its BLAS calls
# (matrix products, and 1x1 convolutions on one thread) go to whatever provides libblas.so.3: without
# OpenBLAS that is the reference BLAS (libblas3), 0.9 GFLOP/s, and PyTorch would lose for that alone.
PYTORCH_PACKAGES=(python3-torch libopenblas0-openmp)
if ! "$PYTHON" -c 'import torch' 2>/dev/null \
    || ! dpkg-query -W -f='${Status}' libopenblas0-openmp 2>/dev/null | grep -q 'ok installed'; then
  echo "installing Debian's ${PYTORCH_PACKAGES[*]} (benchmark only) ..." >&2
  apt-get install -y "${PYTORCH_PACKAGES[@]}" >&2 || { apt-get update >&2 && apt-get install -y "${PYTORCH_PACKAGES[@]}" >&2; }
fi

# The machine, for every table: figures of different CPUs or loads do not compare.
machine() {
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
