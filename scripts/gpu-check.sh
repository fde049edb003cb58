#!/usr/bin/env bash
# Strata's Vulkan path on a real GPU. No GPU is on the development machines,
# so this makes, from a build here, a self-contained bundle that runs on
# another Linux machine without installing anything: the command-line
# `strata` (no editor), every shared library it loads including glibc's
# loader (so the host's own libraries do not matter), the Vulkan loader, and
# the Fashion-MNIST files with the tutorial CNN. The GPU machine's driver
# comes from that machine.
#
#   bash scripts/gpu-check.sh             build the bundle:
#                                         build/gpu-check/strata-gpu-check.tar.gz
#   (on the GPU machine, from the repository root)
#   tar xzf build/gpu-check/strata-gpu-check.tar.gz -C /tmp && /tmp/strata-gpu-check/run.sh OUTDIR
#
# run.sh writes each step's output to OUTDIR (devices, selftest, GEMM at 1024
# and 4096, Conv2D, one epoch of the CNN and of the Transformer example,
# attention) and a summary; every step has its own time limit (7 min 50 s in
# all), so the whole stays under 8 minutes. bench/README.md
# ("On a real GPU") records what came back.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=build/gpu-bundle
out=build/gpu-check
stage=$out/strata-gpu-check

# The command line alone: no Qt, so the bundle stays small.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_UI=OFF -DSTRATA_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target strata

rm -rf "$out"
mkdir -p "$stage/lib" "$stage/data/fashion-mnist"
cp "$build/app/strata" "$stage/strata"
# Every library the executable loads, resolved here, and the loader itself.
ldd "$build/app/strata" | awk '/=> \//{print $3} /^[ \t]*\/[^ ]*ld-linux/{print $1}' | sort -u | while read -r lib; do
  cp -L "$lib" "$stage/lib/"
done
# Loaded at run time (dlopen), not listed by ldd: the Vulkan loader and what
# OpenBLAS's threads and the C++ runtime may pull in.
vulkan=$(ldconfig -p | awk '/libvulkan.so.1 .*x86-64/{print $NF}' | head -1 || true)
[[ -n $vulkan ]] || { echo "gpu-check.sh: libvulkan1 is not installed (scripts/install-deps.sh)" >&2; exit 1; }
cp -L "$vulkan" "$stage/lib/libvulkan.so.1"
# What NVIDIA's Vulkan driver (libGLX_nvidia) loads and a bare GPU machine may
# lack: glvnd's dispatch library and X11's client libraries; and glibc's
# libdl/libpthread/librt, which the driver names and which must be the
# bundled glibc's own (the host's, of another glibc, break it: vkCreateInstance
# then comes back null).
for lib in libdl.so.2 libpthread.so.0 librt.so.1 libGLdispatch.so.0 libEGL.so.1 libGLX.so.0 libGL.so.1 libOpenGL.so.0 libX11.so.6 libXext.so.6 libxcb.so.1 libXau.so.6 libXdmcp.so.6 libbsd.so.0 libmd.so.0; do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/{print $NF}' | head -1 || true)
  [[ -n $path ]] && cp -L "$path" "$stage/lib/"
done
# glibc's own libraries apart (lib/glibc): on a host whose glibc is at least
# the build's, strata runs on the host's glibc (NVIDIA's driver, loaded into
# the process, fails under another glibc than the host's); elsewhere through
# the bundled loader and glibc.
mkdir -p "$stage/lib/glibc"
for lib in ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libresolv.so.2 libutil.so.1; do
  [[ -f $stage/lib/$lib ]] && mv "$stage/lib/$lib" "$stage/lib/glibc/"
done
build_glibc=$(ldd --version | head -1 | grep -o '[0-9][0-9.]*$')
cp /usr/share/datasets/fashion-mnist/*.gz "$stage/data/fashion-mnist/"
cp "$root/resources/examples/data/reviews_hard.csv" "$stage/data/"
# The tutorial CNN and the Transformer example reading the bundled data.
/usr/bin/python3 - "$root/resources/examples" "$stage" <<'PY'
import json, sys
src, stage = sys.argv[1:3]
p = json.load(open(src + "/fashion_mnist_cnn.strata"))
p["dataset"]["dir"] = "data/fashion-mnist"
json.dump(p, open(stage + "/fashion_mnist_cnn.strata", "w"), indent=2)
p = json.load(open(src + "/transformer_text.strata"))
p["dataset"]["train"] = "data/reviews_hard.csv"
json.dump(p, open(stage + "/transformer_text.strata", "w"), indent=2)
PY

cat >"$stage/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs Strata's GPU checks with the bundled libraries; writes OUTDIR/*.txt.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
outdir=${1:?usage: run.sh OUTDIR}
mkdir -p "$outdir"
cd "$here"
export STRATA_VULKAN_LOADER="$here/lib/libvulkan.so.1" STRATA_CACHE_DIR="$here/cache" STRATA_DATA_DIR="$here/runs"
step() {  # name, seconds, strata's arguments...
  local name=$1 limit=$2; shift 2
  local t0=$SECONDS
  timeout --kill-after=10 "$limit" "$here/strata-run" "$@" >"$outdir/$name.txt" 2>&1
  echo "$name: exit $? in $((SECONDS - t0)) s" | tee -a "$outdir/summary.txt"
}
uname -a >"$outdir/summary.txt"
"$here/strata-run" devices >"$outdir/devices.txt" 2>&1
# Some machines keep the NVIDIA driver's manifest outside the loader's search
# path, and its library outside the host's linker cache (which the bundled
# glibc loader reads): name both.
if ! grep -q "discrete\|integrated" "$outdir/devices.txt" && [[ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  [[ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ]] &&
    export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  echo "using VK_DRIVER_FILES=$VK_DRIVER_FILES" >>"$outdir/summary.txt"
  for dir in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu; do
    if ls "$dir"/libGLX_nvidia.so.0 >/dev/null 2>&1; then
      export STRATA_GPU_LIBS=$dir
      echo "driver libraries from $dir" >>"$outdir/summary.txt"
      break
    fi
  done
  "$here/strata-run" devices >"$outdir/devices.txt" 2>&1
fi
step devices 30 devices
step selftest 80 selftest --device vulkan --json
step gemm-1024 60 bench gemm --m 1024 --n 1024 --k 1024 --device vulkan --json
step gemm-4096 60 bench gemm --m 4096 --n 4096 --k 4096 --device vulkan --runs 5 --json
step conv2d 60 bench conv2d --device vulkan --json
step train-cnn 90 bench train fashion_mnist_cnn.strata --device vulkan --epochs 1 --json
step train-transformer 60 bench train transformer_text.strata --device vulkan --epochs 1 --json
step attention 30 bench attention --device vulkan --no-torch --json
cat "$outdir/summary.txt"
RUN
chmod +x "$stage/run.sh"
# strata through the bundled glibc loader and libraries, whatever the host has.
cat >"$stage/strata-run" <<WRAP
#!/bin/sh
here=\$(cd "\$(dirname "\$0")" && pwd)
host=\$(ldd --version 2>/dev/null | head -1 | grep -o '[0-9][0-9.]*\$')
if [ -n "\$host" ] && [ "\$(printf '%s\n' $build_glibc "\$host" | sort -V | head -1)" = $build_glibc ]; then
  LD_LIBRARY_PATH="\$here/lib\${STRATA_GPU_LIBS:+:\$STRATA_GPU_LIBS}" exec "\$here/strata" "\$@"
fi
exec "\$here/lib/glibc/ld-linux-x86-64.so.2" --library-path "\$here/lib/glibc:\$here/lib\${STRATA_GPU_LIBS:+:\$STRATA_GPU_LIBS}" "\$here/strata" "\$@"
WRAP
chmod +x "$stage/strata-run"
tar czf "$out/strata-gpu-check.tar.gz" -C "$out" strata-gpu-check
rm -rf "$stage"
ls -la "$out"
echo "bundle: $out/strata-gpu-check.tar.gz ($(du -m "$out/strata-gpu-check.tar.gz" | cut -f1) MiB)"
