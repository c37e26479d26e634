#!/usr/bin/env bash
# Packaging smoke test (`pnpm test:packaging`): build every package, pack it as npm would publish it, check the
# type exports with @arethetypeswrong/cli, install the tarballs into a fresh project with npm, and use them from
# ESM (`import`), CommonJS (`require`), the installed `rd` executable, and Deno (`npm:` specifiers resolved from
# that project's node_modules, offline). Not part of `pnpm test`: the build alone takes minutes.
#
# Environment: SKIP_BUILD=1 reuses the existing dist/ folders; SKIP_DENO=1 skips the Deno run (it is otherwise
# required: `deno` on PATH, or `npm i -g deno`); KEEP=1 keeps the temporary folder for inspection.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/packaging"
PACKAGES=(core analytic datasets estimators cli)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rd-packaging.XXXXXX")"
cleanup() { if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$ROOT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  step "build (pnpm build)"
  pnpm build > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; fail "pnpm build"; }
fi
node scripts/sync-exports.mjs --check || fail "exports maps are stale (run node scripts/sync-exports.mjs)"

step "pack"
mkdir -p "$WORK/tarballs"
for p in "${PACKAGES[@]}"; do
  (cd "packages/$p" && pnpm pack --pack-destination "$WORK/tarballs" > /dev/null)
  tgz="$WORK/tarballs/ratedistortion-$p-0.1.0.tgz"
  [[ -f "$tgz" ]] || fail "no tarball for $p"
  listing="$(tar -tzf "$tgz")"
  for f in dist/index.js dist/index.cjs dist/index.d.ts dist/index.d.cts; do
    grep -qx "package/$f" <<< "$listing" || fail "$p: $f missing from the tarball"
  done
  if grep -q '\.test\.ts$' <<< "$listing"; then fail "$p: test files in the tarball"; fi
  if tar -xOzf "$tgz" package/package.json | grep -q '"workspace:'; then fail "$p: workspace: protocol left in package.json"; fi
  printf '%-11s %6s KB, %4d files\n' "$p" "$(( $(stat -c %s "$tgz") / 1024 ))" "$(wc -l <<< "$listing")"
done

step "are the types wrong? (@arethetypeswrong/cli)"
for p in "${PACKAGES[@]}"; do
  if ! pnpm exec attw "$WORK/tarballs/ratedistortion-$p-0.1.0.tgz" > "$WORK/attw-$p.log" 2>&1; then
    cat "$WORK/attw-$p.log"; fail "attw found problems in @ratedistortion/$p"
  fi
  echo "@ratedistortion/$p: $(grep -m1 -o 'No problems found' "$WORK/attw-$p.log" || echo 'ok')"
done

step "install the tarballs into a fresh npm project"
APP="$WORK/app"
mkdir -p "$APP"
echo '{ "name": "rd-packaging-smoke", "version": "0.0.0", "private": true }' > "$APP/package.json"
cp "$HERE/check-esm.mjs" "$HERE/check-cjs.cjs" "$HERE/check-deno.mjs" "$APP/"
# The five packages come from the tarballs (their mutual 0.1.0 dependencies are satisfied by them); only the
# third-party dependencies (tfjs, ml-matrix, fft.js, resvg) come from the registry.
(cd "$APP" && npm install --no-audit --no-fund --loglevel=error "$WORK"/tarballs/*.tgz) || fail "npm install"

step "ESM: node check-esm.mjs"
ESM="$(cd "$APP" && node check-esm.mjs)" || fail "ESM import"
echo "$ESM"
step "CommonJS: node check-cjs.cjs"
CJS="$(cd "$APP" && node check-cjs.cjs)" || fail "CommonJS require"
echo "$CJS"

step "the installed rd executable"
(cd "$APP" && ./node_modules/.bin/rd --version && ./node_modules/.bin/rd analytic --source '{"kind":"gaussian","variance":1}' --eps 0.25,0.5 --json > rd.json \
  && ./node_modules/.bin/rd plot rd.json --out rd.png) || fail "rd"
[[ "$(head -c 8 "$APP/rd.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || fail "rd plot did not write a PNG"
echo "rd plot → rd.png ($(stat -c %s "$APP/rd.png") bytes, PNG signature ok)"

DENO_OUT=""
if [[ "${SKIP_DENO:-0}" != 1 ]]; then
  step "Deno: npm: specifiers from the local node_modules (--node-modules-dir=manual, --cached-only)"
  command -v deno > /dev/null || fail "deno not found (npm i -g deno, or SKIP_DENO=1)"
  deno --version | head -1
  # A fresh DENO_DIR and --cached-only prove that nothing is fetched: every npm: import resolves to the
  # tarball-installed packages.
  DENO_OUT="$(cd "$APP" && DENO_DIR="$WORK/deno-dir" deno run --node-modules-dir=manual --cached-only \
    --allow-read --allow-env --allow-sys check-deno.mjs)" || fail "Deno"
  echo "$DENO_OUT"
fi

step "the runtimes agree"
# Same seed, same code: only the last bits may differ (V8 builds round Math.log/exp differently).
node -e '
  const runs = process.argv.slice(1).filter(Boolean).map((s) => JSON.parse(s));
  for (const r of runs) for (const k of ["rate", "distortion", "entropy"]) {
    const d = Math.abs(r[k] - runs[0][k]);
    if (!(d <= 1e-12 * Math.max(1, Math.abs(runs[0][k])))) { console.error(`${r.flavour}.${k} = ${r[k]} vs ${runs[0][k]}`); process.exit(1); }
  }
  console.log(`${runs.map((r) => r.flavour).join(", ")}: rate, distortion and entropy agree to 1e-12`);
' "$ESM" "$CJS" "$DENO_OUT" || fail "runtimes disagree"

printf '\nPACKAGING SMOKE TEST PASSED\n'
