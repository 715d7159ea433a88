#!/usr/bin/env bash
# Usage: with-toolchain.sh <command> [args...]
# Runs a command with everything the project needs first on PATH: Node >= 22, the `pulumi` CLI and
# its Node dynamic-provider plugin, and the pinned Directus releases installed in the user cache.
# Missing pieces are installed once (see README, "Prerequisites"); anything that cannot be installed
# stops here with the fix instead of letting tests skip.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=cache-dir.sh
source "$here/cache-dir.sh"

# Help needs no toolchain: answer it at once, even on a machine where nothing is installed yet.
for arg in "$@"; do
  case "$arg" in -h | --help) exec "$@" ;; esac
done

node_bin="$("$here/ensure-node22.sh")"
export PATH="$node_bin:$PATH"
pulumi_bin="$("$here/ensure-pulumi.sh")"
export PATH="$pulumi_bin:$PATH"
command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1 || export PATH="$PATH:$repo/node_modules/@pulumi/pulumi"

export DIRECTUS_VERSIONS="${DIRECTUS_VERSIONS:-$(ls "$repo/tools/directus" | sort -V | tr '\n' ' ')}"
for version in $DIRECTUS_VERSIONS; do
  "$here/ensure-directus.sh" "$version" >/dev/null
done

[ -e "$repo/node_modules/@pulumi/pulumi" ] || pd_fail "the project's dependencies are not installed." "run 'npm ci' in $repo first."
[ -L "$repo/node_modules/pulumi-directus" ] || node "$here/link-self.cjs"

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="${PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK:-false}"
echo "toolchain: node $(node --version), $(pulumi version) ($(command -v pulumi)), Directus $DIRECTUS_VERSIONS" >&2
exec "$@"
