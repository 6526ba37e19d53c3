#!/usr/bin/env bash
# Prove the .deb on a clean system: debootstrap a minimal Debian (统信UOS/麒麟 are Debian-based), install the
# package there with apt (which pulls in the declared dependencies), then from the frozen binaries only:
# start the window offscreen and take a screenshot, make a demo ledger, generate a letter and a report.
# Usage (as root):  bash packaging/linux/test-deb.sh dist/gongkai-desktop_<version>_<arch>.deb [ROOTDIR]
set -euo pipefail
DEB=$(readlink -f "$1")
ROOTDIR=${2:-/tmp/gongkai-clean-root}
OUT=$(readlink -f "${OUT:-dist/deb-check}")
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
mkdir -p "$OUT"
if [ ! -x "$ROOTDIR/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase "$SUITE" "$ROOTDIR" "$MIRROR"
fi
cp "$DEB" "$ROOTDIR/tmp/pkg.deb"
mount --bind /proc "$ROOTDIR/proc" 2>/dev/null || true
trap 'umount "$ROOTDIR/proc" 2>/dev/null || true' EXIT
chroot "$ROOTDIR" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive \
  bash -c 'apt-get update -q && apt-get install -y -q --reinstall /tmp/pkg.deb >/tmp/apt.log && tail -1 /tmp/apt.log'
chroot "$ROOTDIR" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 bash -e -c '
  cd /root && rm -rf check && mkdir check && cd check
  gongkai --version
  gongkai --db ledger.sqlite demo --applications 200 --tasks 30 --today 2026-11-20
  gongkai --db ledger.sqlite check
  gongkai --db ledger.sqlite settings --set organ_name=某县某某局 --set doc_prefix=某公开 \
    --set review_organ=某县人民政府 --set court=某县人民法院 --set contact=李明 --set phone=0935-1234567
  NO=$(gongkai --db ledger.sqlite apps list --status 已办结 --json --today 2026-11-20 | grep -o "\"no\": \"[^\"]*\"" | head -1 | cut -d\" -f4)
  gongkai --db ledger.sqlite letter "$NO" --type receipt --out 回执.docx --today 2026-11-20
  gongkai --db ledger.sqlite report 2025 --out 年报.docx --xlsx 年报.xlsx --today 2026-11-20 || test $? -eq 1
  gongkai-desktop --db ledger.sqlite --today 2026-11-20 --page 工作台 --screenshot window.png
  ls -la
'
cp "$ROOTDIR/root/check/"{window.png,回执.docx,年报.docx,年报.xlsx} "$OUT/"
echo "OK: the frozen app ran in $ROOTDIR; outputs in $OUT"
