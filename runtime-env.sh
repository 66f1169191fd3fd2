# Runtime environment of the bundled PyTorch CPU library: sourced by ./cocolor, .ci/run and the
# bench scripts before they start a JVM (or Python), so that every run uses the same settings.
#
# OpenMP (libgomp bundled with pytorch-native-cpu, and Debian's for python3-torch): by default
# idle workers spin 300k iterations at every barrier. When anything else runs on the 2 cores,
# a spinning worker burns the time slice its partner needs: measured 7.0 s/step instead of
# ~0.45 s (DJL, 2 threads) and 5.7 s vs 0.86 s (PyTorch). PASSIVE makes them sleep on a futex.
# On a machine you have to yourself, COCOLOR_SPIN=1 lets a worker spin up to 10,000 times before it
# sleeps: a training step 22% faster, inference 7% (quiet machine, docs/performance.md), but 57%
# slower with another process busy on one of the cores.
if [[ ${COCOLOR_SPIN:-0} == 1 && -z ${OMP_WAIT_POLICY:-} ]]; then
  export GOMP_SPINCOUNT=${GOMP_SPINCOUNT:-10000}
else
  export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
fi
# glibc malloc: tensors (0.5-8 MB here) are mmap'ed/munmap'ed or trimmed every step, so every
# step page-faults its activations in again (DJL: ~70k faults/step, clear_page in the profile).
# Keep freed memory in the heap instead (32 MB is glibc's max mmap threshold). Inference activations
# are larger (a 1024x768 image: 50 MB per 16-channel map, a batch of 8 at 256x256: 34 MB), so
# mmap_max=0 stops mmap for good: 1024x768 1.5 s instead of 1.6-2.1 s, batch 8 +15-25%, half the
# system time (cocolor benchmark, 2 runs each).
export GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=268435456:glibc.malloc.mmap_max=0}
