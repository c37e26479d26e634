#!/usr/bin/env bash
# Installs what tests/notebooks/notebooks.test.ts needs to execute the notebooks headless, when it is missing:
#   - Debian's jupyter-nbconvert and python3-ipykernel (apt-get; needs root, as in CI),
#   - deno, from npm into .tools/ (git-ignored) unless a deno is already on PATH.
# tslab is a dev dependency of the repository (node_modules/.bin/tslab, after `pnpm install`). The test registers
# the Deno and tslab kernels itself, in a temporary Jupyter path, so nothing is written to ~/.local/share/jupyter.
# Idempotent: a second run only reports what is there. Prints one line per step.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DENO_VERSION=2.9.6
TOOLS="$ROOT/.tools"

say() { printf 'notebooks setup: %s\n' "$*"; }

# Debian's Python is /usr/bin/python3 (a pyenv or venv python3 earlier on PATH would not see the Debian modules).
have_jupyter() {
  command -v jupyter-nbconvert > /dev/null && /usr/bin/python3 -c 'import nbconvert, nbclient, ipykernel' 2> /dev/null
}

if have_jupyter; then
  say "jupyter nbconvert $(jupyter-nbconvert --version 2> /dev/null) and ipykernel already installed"
elif command -v apt-get > /dev/null && [[ "$(id -u)" == 0 ]]; then
  say "installing jupyter-nbconvert python3-ipykernel with apt-get"
  start=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  # apt-get waits up to APT_LOCK_WAIT seconds (default 120) for a lock another apt or dpkg process holds; if it is
  # still held then, say so in one line with the holder apt names, instead of apt's own multi-line error.
  apt_step() {
    local log
    log="$(mktemp)"
    if apt-get -o DPkg::Lock::Timeout="${APT_LOCK_WAIT:-120}" "$@" > /dev/null 2> "$log"; then rm -f "$log"; return 0; fi
    if grep -qE 'Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock directory' "$log"; then
      local holder
      holder="$(grep -oE 'held by process [0-9]+ \([^)]*\)' "$log" | head -1)"
      say "apt-get $1: the apt/dpkg lock is ${holder:-held by another process} (waited ${APT_LOCK_WAIT:-120} s)."
      say "  Another apt-get, dpkg or unattended-upgrades run is in progress: let it finish, then rerun bash tests/notebooks/setup.sh"
    else
      cat "$log" >&2
      say "apt-get $1 failed (its messages above)"
    fi
    rm -f "$log"
    exit 1
  }
  apt_step update -qq
  # No recommends: they add pandoc and matplotlib (51 MiB instead of 5), which executing a notebook does not use.
  apt_step install -y -qq --no-install-recommends jupyter-nbconvert python3-ipykernel
  have_jupyter || { say "apt-get finished but nbconvert/ipykernel still do not import"; exit 1; }
  say "installed jupyter nbconvert $(jupyter-nbconvert --version 2> /dev/null) in $((SECONDS - start)) s"
else
  say "jupyter-nbconvert/python3-ipykernel missing and apt-get is unavailable or not root:"
  say "  sudo apt-get install jupyter-nbconvert python3-ipykernel"
  exit 1
fi

if [[ -x "$TOOLS/node_modules/.bin/deno" ]]; then
  say "deno $("$TOOLS/node_modules/.bin/deno" --version | head -1 | cut -d' ' -f2) already in .tools/"
elif deno --version > /dev/null 2>&1; then
  say "deno $(deno --version | head -1 | cut -d' ' -f2) on PATH ($(command -v deno)); nothing to install"
else
  say "installing deno@$DENO_VERSION from npm into .tools/"
  start=$SECONDS
  npm install --prefix "$TOOLS" --no-audit --no-fund --no-save --loglevel=error "deno@$DENO_VERSION" > /dev/null
  say "installed deno $("$TOOLS/node_modules/.bin/deno" --version | head -1 | cut -d' ' -f2) in $((SECONDS - start)) s"
fi

# `deno bundle` (the Deno notebook's first cell) fetches its esbuild binary from npm into DENO_DIR on first use;
# fetch it now, so that executing the notebook needs no network.
DENO="$TOOLS/node_modules/.bin/deno"
[[ -x "$DENO" ]] || DENO=deno
warm="$(mktemp -d)"
echo 'export const ready = true;' > "$warm/warm.ts"
if NO_COLOR=1 "$DENO" bundle --quiet -o "$warm/warm.js" "$warm/warm.ts" > /dev/null 2>&1; then
  say "deno bundle ready (esbuild cached in DENO_DIR)"
else
  rm -rf "$warm"
  say "deno bundle failed on a one-line file"
  exit 1
fi
rm -rf "$warm"

if [[ -x "$ROOT/node_modules/.bin/tslab" ]]; then
  say "tslab $(node -p 'require(process.argv[1]).version' "$ROOT/node_modules/tslab/package.json") from the repository's dev dependencies"
else
  say "tslab not found: run pnpm install first (it is a dev dependency)"
  exit 1
fi
