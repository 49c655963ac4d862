#!/usr/bin/env bash
# Vendor axe-core (the accessibility engine the browser tests inject) from the npm registry
# into tests/vendor/axe-core/ (gitignored). Nothing is committed; run by `make test` / `make axe`.
set -euo pipefail
version="${AXE_VERSION:-4.11.4}"
dest="$(dirname "$0")/../tests/vendor/axe-core"
if [[ -f "$dest/axe.min.js" && "$(cat "$dest/.version" 2>/dev/null)" == "$version" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "note: npm is not installed (apt-get install npm); the axe-core accessibility test will be skipped" >&2
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "axe-core@$version" --silent >/dev/null)
tar -xzf "$tmp"/axe-core-*.tgz -C "$tmp" package/axe.min.js package/LICENSE
mkdir -p "$dest"
cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$dest/"
echo "$version" > "$dest/.version"
echo "vendored axe-core $version into tests/vendor/axe-core/"
