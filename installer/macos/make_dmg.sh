#!/usr/bin/env bash
# Wrap dist/Rapport.app into dist/Rapport.dmg with an Applications link (macOS only).
set -euo pipefail
cd "$(dirname "$0")/../.."
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R dist/Rapport.app "$staging/"
ln -s /Applications "$staging/Applications"
rm -f dist/Rapport.dmg
hdiutil create -volname Rapport -srcfolder "$staging" -ov -format UDZO dist/Rapport.dmg
echo "dist/Rapport.dmg"
