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

# Debian's python3-torch: a benchmark tool only, never a dependency of the project.
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch (benchmark only) ..." >&2
  apt-get install -y python3-torch >&2
fi
