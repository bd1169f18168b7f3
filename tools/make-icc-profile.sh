#!/usr/bin/env bash
# Rebuild the bundled CMYK output profile, resourcepack/data/icc/FOGRA39L-coated.icc, and copy the
# sRGB profile beside it. Run once by a developer (not by the build or CI); commit the results.
#
# The CMYK profile is made with ArgyllCMS's colprof from FOGRA39L.ti3, the FOGRA39
# characterisation data (offset, coated paper, ISO 12647-2:2004/Amd 1) as packaged by Debian's
# icc-profiles-free (Zlib licence, Kai-Uwe Behrmann). See resourcepack/data/icc/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
apt-get install -y argyll icc-profiles-free >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
(cd "$work" && colprof -ql -kr \
  -D "FOGRA39L coated (resourcepack)" \
  -C "No copyright. Built with ArgyllCMS from FOGRA39L.ti3 (Zlib licence)" \
  -O FOGRA39L-coated.icc FOGRA39L >/dev/null)
cp "$work/FOGRA39L-coated.icc" resourcepack/data/icc/FOGRA39L-coated.icc
cp /usr/share/color/icc/sRGB.icc resourcepack/data/icc/sRGB.icc
echo "wrote resourcepack/data/icc/FOGRA39L-coated.icc and sRGB.icc"
