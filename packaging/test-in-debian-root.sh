#!/usr/bin/env bash
# Installs the Strata .deb with apt into a fresh Debian 12 root made by
# debootstrap, then inside it: `strata devices`, a short headless training,
# the editor under xvfb-run opening an example, and the checks that a
# double-clicked .strata opens in Strata (its MIME type is registered and
# strata.desktop is the application for it). Needs root and Debian's mirror;
# takes several minutes, so it is not part of CI.
# Usage: sudo packaging/test-in-debian-root.sh build/release/strata_*_amd64.deb [ROOT]
set -euo pipefail
deb=$(realpath "$1")
root=${2:-/tmp/strata-debian-root}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || apt-get install -y debootstrap
if [ ! -x "$root/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase bookworm "$root" "$mirror"
fi
cleanup() { umount "$root/proc" 2>/dev/null || true; }
trap cleanup EXIT
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/strata.deb"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
in_root apt-get update -q
# The package and what it recommends (the MIME and desktop databases, the data), and a display for the check.
in_root apt-get install -y -q /tmp/strata.deb xvfb xauth
echo "== strata devices"
in_root strata devices
echo "== a short headless training"
in_root strata train /usr/share/strata/examples/fashion_mnist_mlp.strata --device cpu --epochs 1 --limit-train 2000 --limit-test 500
echo "== the editor under xvfb-run, opening an example"
in_root sh -c 'QT_QPA_PLATFORM=xcb timeout 20 xvfb-run -a strata /usr/share/strata/examples/fashion_mnist_cnn.strata; test $? = 124'
echo "== double-click: MIME type and the application for it"
test -f "$root/usr/share/mime/application/x-strata-project.xml"
grep -q "application/x-strata-project=.*strata.desktop" "$root/usr/share/applications/mimeinfo.cache"
echo "OK: the package installs on a fresh Debian 12, trains, opens the editor and owns .strata files"
