#!/usr/bin/env bash
# Registers the notebooks' two kernels, Deno and tslab ("TypeScript"; also "JavaScript"), in a private Jupyter data
# directory: DIR (default: .jupyter/ at the repository root, git-ignored). Nothing is written to ~/.local/share/jupyter,
# /usr/local/share/jupyter or any other system or user location. Prints the JUPYTER_PATH entry to use:
#
#   bash notebooks/install-kernels.sh
#   JUPYTER_PATH="$PWD/.jupyter/share/jupyter" jupyter lab notebooks/
#
# Tools: deno (on PATH, or .tools/ from tests/notebooks/setup.sh; override with DENO=...), tslab (a dev dependency:
# pnpm install), and the Python that runs Jupyter (for tslab's installer; default: the interpreter of `jupyter`'s
# #! line, else python3; override with PYTHON=...).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$(mkdir -p "${1:-$ROOT/.jupyter}" && cd "${1:-$ROOT/.jupyter}" && pwd)"
fail() { echo "install-kernels: $*" >&2; exit 1; }

if [[ -z "${DENO:-}" ]]; then
  for c in deno "$ROOT/.tools/node_modules/.bin/deno"; do
    if "$c" --version > /dev/null 2>&1; then DENO="$c"; break; fi
  done
fi
[[ -n "${DENO:-}" ]] || fail "deno not found (bash tests/notebooks/setup.sh installs it into .tools/)"
TSLAB="$ROOT/node_modules/.bin/tslab"
[[ -x "$TSLAB" ]] || fail "tslab not found: run pnpm install (it is a dev dependency)"
if [[ -z "${PYTHON:-}" ]]; then
  jupyter="$(command -v jupyter || true)"
  shebang="$([[ -n "$jupyter" ]] && head -1 "$jupyter" || true)"
  case "$shebang" in
    '#!'*/env\ *) PYTHON="${shebang##* }" ;;
    '#!'*) PYTHON="${shebang#\#!}" ;;
    *) PYTHON=python3 ;;
  esac
fi

# Deno's installer writes to the user data directory and ignores JUPYTER_DATA_DIR: point HOME and XDG_DATA_HOME into DIR.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
HOME="$DIR" XDG_DATA_HOME="$DIR/share" NO_COLOR=1 "$DENO" jupyter --install --force > "$log" 2>&1 || { cat "$log" >&2; fail "deno jupyter --install failed"; }
PYDEVD_DISABLE_FILE_VALIDATION=1 "$TSLAB" install --python="$PYTHON" --prefix="$DIR" --binary="$TSLAB" > "$log" 2>&1 \
  || { cat "$log" >&2; fail "tslab install failed (is $PYTHON the Python that runs Jupyter? set PYTHON=...)"; }
for k in deno tslab; do
  [[ -f "$DIR/share/jupyter/kernels/$k/kernel.json" ]] || fail "the $k kernel spec was not written under $DIR/share/jupyter/kernels"
done
echo "$DIR/share/jupyter"
