#!/usr/bin/env bash
# Installs Claude Code (npm package @anthropic-ai/claude-code) into a cache OUTSIDE the repository and
# prints the path of the `claude` executable on stdout (everything else goes to stderr).
#
#   scripts/install-claude-code.sh            # → /root/.cache/protocols/claude-code/2.1.330/node_modules/.bin/claude
#
# Idempotent: an install that is already there and answers `claude --version` with the pinned version
# is reused without touching the network. Safe to run concurrently (flock).
#
# Environment:
#   PROTOCOLS_CACHE       cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/protocols)
#   CLAUDE_CODE_VERSION   the version to install (default: the pinned one below)
#
# What the package is (2.1.x): a small wrapper whose bin/claude.exe is replaced at postinstall by a
# native, self-contained linux-x64 executable (~380 MB, from the optional dependency
# @anthropic-ai/claude-code-linux-x64). It needs no Node.js at run time and works offline; the
# wrapper declares engines.node >= 22, which is only a warning with the node 20 here. If npm did not
# run the postinstall (e.g. --ignore-scripts), the platform package's binary is used directly.
set -euo pipefail

version="${CLAUDE_CODE_VERSION:-2.1.330}"
cache="${PROTOCOLS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/protocols}"
root="$cache/claude-code"
dir="$root/$version"

log() { printf 'install-claude-code: %s\n' "$*" >&2; }

# Prints the first candidate executable under $1 that reports the pinned version; fails if none does.
find_claude() {
  local prefix="$1" candidate
  for candidate in \
    "$prefix/node_modules/.bin/claude" \
    "$prefix/node_modules/@anthropic-ai/claude-code/bin/claude.exe" \
    "$prefix"/node_modules/@anthropic-ai/claude-code-linux-*/claude; do
    [ -x "$candidate" ] || continue
    if out="$(DISABLE_AUTOUPDATER=1 timeout 60 "$candidate" --version 2>/dev/null)" && [[ "$out" == "$version "* ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if path="$(find_claude "$dir")"; then
  printf '%s\n' "$path"
  exit 0
fi

command -v npm >/dev/null || { log "npm is not installed (node 20 + npm are needed to install Claude Code)"; exit 1; }
mkdir -p "$root"

# One installer at a time; the others wait, then find the finished install.
exec 9>"$root/.lock"
if ! flock -w 900 9; then
  log "timed out waiting for another install ($root/.lock)"
  exit 1
fi
if path="$(find_claude "$dir")"; then
  printf '%s\n' "$path"
  exit 0
fi

staging="$root/.staging-$version-$$"
rm -rf "$staging" "$dir"
mkdir -p "$staging"
trap 'rm -rf "$staging"' EXIT
log "installing @anthropic-ai/claude-code@$version into $dir (about 380 MB, once)"
# --engine-strict=false: the wrapper asks for node >= 22, the native binary does not use node at all.
if ! npm install --prefix "$staging" --no-audit --no-fund --no-save --no-package-lock \
    --engine-strict=false --loglevel=error "@anthropic-ai/claude-code@$version" >&2; then
  log "npm install failed"
  exit 1
fi
if ! path="$(find_claude "$staging")"; then
  log "installed, but no executable answered '$version' to --version; contents:"
  ls -la "$staging/node_modules/.bin" "$staging"/node_modules/@anthropic-ai/* >&2 || true
  exit 1
fi
# npm's .bin links are relative, so the finished tree can be moved into place as a whole.
mv "$staging" "$dir"
trap - EXIT
find_claude "$dir"
