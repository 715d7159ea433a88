#!/usr/bin/env bash
# Shared helpers for the toolchain scripts. Heavy installs live in a per-user cache outside the
# repository so fresh clones (CI) reuse them; each entry is keyed by version and only becomes
# visible once complete (installed into a temp folder, then renamed).
set -euo pipefail

pd_cache_root() {
  printf '%s\n' "${PULUMI_DIRECTUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-directus}"
}

pd_fail() {
  printf 'pulumi-directus: %s\n' "$1" >&2
  if [ -n "${2:-}" ]; then printf '  fix: %s\n' "$2" >&2; fi
  exit 1
}

pd_require_command() {
  command -v "$1" >/dev/null 2>&1 || pd_fail "'$1' is required but not on PATH." "$2"
}

# Runs "$2..." to populate a temp folder, then renames it to $1. A stale temp folder from an
# interrupted run is removed first, so a half-finished install is never mistaken for a done one; a
# temp folder whose installer (the pid in its name) still runs is left alone, so two shells that
# install the same version at once do not delete each other's files.
pd_install_atomically() {
  local final="$1"; shift
  local staging="${final}.partial-$$"
  local stale
  for stale in "${final}".partial-*; do
    [ -e "$stale" ] || continue
    kill -0 "${stale##*.partial-}" 2>/dev/null || rm -rf "$stale"
  done
  mkdir -p "$staging"
  if ! "$@" "$staging"; then
    rm -rf "$staging"
    pd_fail "installing $(basename "$final") failed (see the output above)." "check the package registries are reachable, then re-run; nothing half-installed was kept."
  fi
  rm -rf "$final"
  mv "$staging" "$final"
}
