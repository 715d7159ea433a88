#!/usr/bin/env bash
# Prints a folder to put first on PATH so that `pulumi` and `pulumi-resource-pulumi-nodejs` resolve.
# Uses the `pulumi` already on PATH when there is one (users have it); otherwise builds the pinned
# CLI from the Go module proxy once into the user cache (rebuilt only when the pins change), with a
# Node language host beside it (tools/pulumi-language-nodejs, wrapped by tools/pulumi/rig-language-host,
# see docs/test-rig.md) so `pulumi up` runs program folders the way it does for users.
# Set PULUMI_DIRECTUS_BUILD_CLI=1 to ignore a `pulumi` on PATH and use the pinned build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=cache-dir.sh
source "$here/cache-dir.sh"

PULUMI_RELEASE="v3.274.1"

if [ "${PULUMI_DIRECTUS_BUILD_CLI:-0}" != "1" ] && command -v pulumi >/dev/null 2>&1; then
  dirname "$(command -v pulumi)"
  exit 0
fi

pd_require_command go "install Go >= 1.26 (to build the pinned Pulumi CLI), or install the Pulumi CLI yourself and put it on PATH."

pins="$repo/tools/pulumi"
host_pins="$repo/tools/pulumi-language-nodejs"
pin_hash="$(cat "$pins/go.mod" "$pins/go.sum" "$pins/rig-language-host/main.go" "$host_pins/go.mod" "$host_pins/go.sum" \
  "$here/ensure-pulumi.sh" | sha256sum | cut -c1-12)"
target="$(pd_cache_root)/pulumi-$PULUMI_RELEASE-$pin_hash"

build_pulumi() {
  mkdir -p "$1/bin"
  (
    cd "$pins"
    go build -trimpath -o "$1/bin/pulumi" \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_RELEASE" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
    # Next to the CLI, the host counts as bundled (found on PATH instead, every command warns).
    go build -trimpath -o "$1/bin/pulumi-language-nodejs" ./rig-language-host >&2
  )
  (
    cd "$host_pins"
    go build -trimpath -o "$1/bin/pulumi-rig-legacy-nodejs-host" \
      github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs >&2
  )
  # The engine starts dynamic providers through this plugin name; it runs the dynamic-provider
  # entry point of the @pulumi/pulumi package installed in the program's folder.
  cat > "$1/bin/pulumi-resource-pulumi-nodejs" <<'SHIM'
#!/usr/bin/env bash
set -euo pipefail
entry="$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [process.cwd()] }))')" || {
  echo "pulumi-resource-pulumi-nodejs: @pulumi/pulumi is not installed in $(pwd); run npm ci there." >&2
  exit 1
}
exec node "$entry" "$@"
SHIM
  chmod +x "$1/bin/pulumi-resource-pulumi-nodejs"
  "$1/bin/pulumi" version >&2
}

if [ ! -x "$target/bin/pulumi" ]; then
  echo "pulumi-directus: building Pulumi CLI $PULUMI_RELEASE into $target (once, several minutes)" >&2
  pd_install_atomically "$target" build_pulumi
fi
printf '%s\n' "$target/bin"
