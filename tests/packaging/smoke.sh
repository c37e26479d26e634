#!/usr/bin/env bash
# Packaging smoke test (`pnpm test:packaging`, run by .ci/run): build every package, pack it as npm would publish it,
# check the type exports with @arethetypeswrong/cli, install the tarballs into a fresh project with npm, and use them
# from ESM (`import`, including the README's install script, which trains R2D2), CommonJS (`require`), the installed
# `rd` executable, and Deno (`npm:` specifiers resolved from that project's node_modules, offline; R2D2 trains there
# too). Every tool is checked before the build starts.
#
# Environment: SKIP_BUILD=1 reuses the existing dist/ folders; SKIP_DENO=1 skips the Deno run (it is otherwise
# required: `deno` on PATH or in .tools/, e.g. from `bash tests/notebooks/setup.sh`); KEEP=1 keeps the temporary
# folder for inspection; PNPM overrides the pnpm command (default: pnpm on PATH, else npx -y pnpm@12.21.0).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/packaging"
PACKAGES=(core analytic datasets estimators cli)
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
START=$SECONDS

step "tools"
missing=()
command -v node > /dev/null || missing+=("node (>= 20)")
if command -v node > /dev/null && (( $(node -p 'process.versions.node.split(".")[0]') < 20 )); then missing+=("node >= 20 (found $(node --version))"); fi
command -v npm > /dev/null || missing+=("npm")
command -v tar > /dev/null || missing+=("tar")
if [[ -z "${PNPM:-}" ]]; then
  if command -v pnpm > /dev/null; then PNPM=pnpm; else PNPM="npx -y pnpm@12.21.0"; fi
fi
$PNPM --version > /dev/null 2>&1 || missing+=("pnpm (tried: $PNPM)")
[[ -x "$ROOT/node_modules/.bin/attw" ]] || missing+=("@arethetypeswrong/cli (a root devDependency: pnpm install)")
DENO=""
if [[ "${SKIP_DENO:-0}" != 1 ]]; then
  for c in deno "$ROOT/.tools/node_modules/.bin/deno"; do
    if "$c" --version > /dev/null 2>&1; then DENO="$c"; break; fi
  done
  [[ -n "$DENO" ]] || missing+=("deno (bash tests/notebooks/setup.sh installs it into .tools/; or npm i -g deno; or SKIP_DENO=1)")
fi
if (( ${#missing[@]} > 0 )); then
  for m in "${missing[@]}"; do echo "missing: $m" >&2; done
  fail "tools missing (nothing was built)"
fi
echo "node $(node --version), npm $(npm --version), pnpm $($PNPM --version)${DENO:+, $("$DENO" --version | head -1)}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rd-packaging.XXXXXX")"
cleanup() { if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

cd "$ROOT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  step "build (pnpm build)"
  t=$SECONDS
  $PNPM build > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; fail "pnpm build"; }
  echo "built in $((SECONDS - t)) s"
fi
node scripts/sync-exports.mjs --check || fail "exports maps are stale (run node scripts/sync-exports.mjs)"

step "pack"
mkdir -p "$WORK/tarballs"
VERSION="$(node -p 'require("./packages/core/package.json").version')"
for p in "${PACKAGES[@]}"; do
  [[ "$(node -p "require('./packages/$p/package.json').version")" == "$VERSION" ]] || fail "$p: version differs from core's $VERSION"
  (cd "packages/$p" && $PNPM pack --pack-destination "$WORK/tarballs" > /dev/null)
  tgz="$WORK/tarballs/ratedistortion-$p-$VERSION.tgz"
  [[ -f "$tgz" ]] || fail "no tarball for $p"
  listing="$(tar -tzf "$tgz")"
  for f in dist/index.js dist/index.cjs dist/index.d.ts dist/index.d.cts README.md LICENSE; do
    grep -qx "package/$f" <<< "$listing" || fail "$p: $f missing from the tarball"
  done
  if grep -q '\.test\.ts$' <<< "$listing"; then fail "$p: test files in the tarball"; fi
  if tar -xOzf "$tgz" package/package.json | grep -q '"workspace:'; then fail "$p: workspace: protocol left in package.json"; fi
  # Sibling ranges are ^VERSION, so the five tarballs of one version install together.
  tar -xOzf "$tgz" package/package.json | node -e '
    const pkg = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const [n, r] of Object.entries(pkg.dependencies ?? {})) {
      if (n.startsWith("@ratedistortion/") && r !== `^${process.argv[1]}`) { console.error(`${pkg.name}: ${n}@${r}`); process.exit(1); }
    }' "$VERSION" || fail "$p: a sibling range is not ^$VERSION"
  printf '%-11s %6s KB, %4d files\n' "$p" "$(( $(stat -c %s "$tgz") / 1024 ))" "$(wc -l <<< "$listing")"
done

step "are the types wrong? (@arethetypeswrong/cli)"
for p in "${PACKAGES[@]}"; do
  if ! "$ROOT/node_modules/.bin/attw" "$WORK/tarballs/ratedistortion-$p-$VERSION.tgz" > "$WORK/attw-$p.log" 2>&1; then
    cat "$WORK/attw-$p.log"; fail "attw found problems in @ratedistortion/$p"
  fi
  echo "@ratedistortion/$p: $(grep -m1 -o 'No problems found' "$WORK/attw-$p.log" || echo 'ok')"
done

step "npm publish --dry-run"
for p in "${PACKAGES[@]}"; do
  # What `changeset publish` would upload: npm's own view of each tarball (warnings fail the test).
  log="$WORK/publish-$p.log"
  (cd "$WORK" && npm publish --dry-run --access public --tag dry-run "$WORK/tarballs/ratedistortion-$p-$VERSION.tgz" > "$log" 2>&1) \
    || { cat "$log"; fail "npm publish --dry-run of $p"; }
  if grep -E '^npm (warn|WARN)' "$log" | grep -v 'dry-run' > /dev/null; then cat "$log"; fail "npm publish --dry-run of $p warns"; fi
  echo "@ratedistortion/$p@$VERSION: $(grep -m1 -oE 'total files: +[0-9]+' "$log" | tr -s ' ')"
done

step "install the tarballs into a fresh npm project (the README's Install section)"
APP="$WORK/app"
mkdir -p "$APP"
echo '{ "name": "rd-packaging-smoke", "version": "0.0.0", "private": true }' > "$APP/package.json"
cp "$HERE/check-esm.mjs" "$HERE/check-cjs.cjs" "$HERE/check-deno.mjs" "$HERE/check-deno-permission.mjs" "$APP/"
# The README's ESM script, extracted from the ```js block of its Install section.
node "$HERE/readme-script.mjs" "$ROOT/README.md" > "$APP/curve.mjs" || fail "no \`\`\`js block in the README's Install section"
# The five packages come from the tarballs (their mutual ^VERSION dependencies are satisfied by them); only the
# third-party dependencies (tfjs, fft.js, resvg) come from the registry.
t=$SECONDS
(cd "$APP" && npm install --no-audit --no-fund --loglevel=error "$WORK"/tarballs/*.tgz) || fail "npm install"
echo "installed in $((SECONDS - t)) s"

step "the README's script: node curve.mjs"
t=$SECONDS
(cd "$APP" && node curve.mjs) > "$WORK/curve.txt" || { cat "$WORK/curve.txt"; fail "the README's script"; }
cat "$WORK/curve.txt"
# Five rows "eps D̂ R̂ R(eps)", numbers finite, R̂ within 0.1 nats of the closed form (the Gaussian warm start and
# 50 steps land within about 0.01).
node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.trim().split(/\s+/).map(Number)).filter((r) => r.length === 4 && r.every(Number.isFinite));
  if (rows.length !== 5) { console.error(`expected 5 numeric rows, got ${rows.length}`); process.exit(1); }
  for (const [eps, , rate, exact] of rows) if (!(Math.abs(rate - exact) < 0.1)) { console.error(`eps ${eps}: R̂ ${rate} vs ${exact}`); process.exit(1); }
' "$WORK/curve.txt" || fail "the README's script printed no curve near the closed form"
echo "(ran in $((SECONDS - t)) s)"

step "ESM: node check-esm.mjs"
ESM="$(cd "$APP" && node check-esm.mjs)" || fail "ESM import"
echo "$ESM"
step "CommonJS: node check-cjs.cjs"
CJS="$(cd "$APP" && node check-cjs.cjs)" || fail "CommonJS require"
echo "$CJS"

step "the installed rd executable"
(cd "$APP" && [[ "$(./node_modules/.bin/rd --version)" == *"$VERSION"* ]] && ./node_modules/.bin/rd analytic --source '{"kind":"gaussian","variance":1}' --eps 0.25,0.5 --json > rd.json \
  && ./node_modules/.bin/rd plot rd.json --out rd.png) || fail "rd"
[[ "$(head -c 8 "$APP/rd.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || fail "rd plot did not write a PNG"
echo "rd plot → rd.png ($(stat -c %s "$APP/rd.png") bytes, PNG signature ok)"

DENO_OUT=""
if [[ -n "$DENO" ]]; then
  step "Deno: npm: specifiers from the local node_modules (--node-modules-dir=manual, --cached-only); R2D2 trains"
  # A fresh DENO_DIR and --cached-only prove that nothing is fetched: every npm: import resolves to the
  # tarball-installed packages.
  DENO_OUT="$(cd "$APP" && DENO_DIR="$WORK/deno-dir" "$DENO" run --node-modules-dir=manual --cached-only \
    --allow-read --allow-env --allow-sys check-deno.mjs)" || fail "Deno"
  echo "$DENO_OUT"
  step "Deno without --allow-read: the wasm backend reports the missing permission, not a missing package"
  (cd "$APP" && DENO_DIR="$WORK/deno-dir" "$DENO" run --node-modules-dir=manual --cached-only \
    --allow-env --allow-sys check-deno-permission.mjs) || fail "Deno permission error"
fi

step "the runtimes agree"
# Same seed, same code: only the last bits may differ (V8 builds round Math.log/exp differently). The R2D2 read-out
# (ESM and Deno) runs float32 wasm kernels: agreement to 1e-6.
node -e '
  const runs = process.argv.slice(1).filter(Boolean).map((s) => JSON.parse(s));
  const tol = { rate: 1e-12, distortion: 1e-12, entropy: 1e-12, r2d2Rate: 1e-6 };
  for (const r of runs) for (const [k, t] of Object.entries(tol)) {
    if (r[k] === undefined) continue;
    const ref = runs.find((x) => x[k] !== undefined)[k];
    if (!(Math.abs(r[k] - ref) <= t * Math.max(1, Math.abs(ref)))) { console.error(`${r.flavour}.${k} = ${r[k]} vs ${ref}`); process.exit(1); }
  }
  console.log(`${runs.map((r) => r.flavour).join(", ")}: rate, distortion, entropy agree to 1e-12, the R2D2 rate to 1e-6`);
' "$ESM" "$CJS" "$DENO_OUT" || fail "runtimes disagree"

printf '\nPACKAGING SMOKE TEST PASSED (%d s)\n' "$((SECONDS - START))"
