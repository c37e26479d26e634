// Browser test (`pnpm test:browser`): bundle tests/browser/page.ts with esbuild (the copy tsup depends on) for
// the browser, serve it with tfjs' .wasm files on 127.0.0.1, open it in headless Chromium (Debian's
// `chromium`, or $CHROMIUM), and wait for the page to POST its result. The same computation runs in Node
// (node-reference.ts through tsx) as the reference: the float64 results must agree to 1e-12, the tfjs (float32, wasm in the
// browser vs cpu in Node) entropy to 1e-4, and both must match the closed forms.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = join(root, 'tests/browser');
const TIMEOUT_MS = Number(process.env.BROWSER_TIMEOUT_MS ?? 120_000);
const work = mkdtempSync(join(tmpdir(), 'rd-browser-'));
const site = join(work, 'site');
mkdirSync(join(site, 'wasm'), { recursive: true });

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
}

// esbuild is not a root dependency; take the one tsup (a root devDependency) resolves.
const rootRequire = createRequire(join(root, 'package.json'));
const esbuild = createRequire(rootRequire.resolve('tsup'))('esbuild');
const coreRequire = createRequire(join(root, 'packages/core/package.json'));

// Workspace packages resolve to their TypeScript sources (as in vitest), so no `pnpm build` is needed; the
// third-party modules resolve from the package that depends on them.
const sourcesPlugin = {
  name: 'ratedistortion-sources',
  setup(build) {
    build.onResolve({ filter: /^@ratedistortion\/[a-z-]+(\/[a-z0-9-]+)?$/ }, (args) => {
      const [, pkg, sub] = /^@ratedistortion\/([a-z-]+)(?:\/([a-z0-9-]+))?$/.exec(args.path);
      return { path: join(root, 'packages', pkg, 'src', sub ? `${sub}/index.ts` : 'index.ts') };
    });
  },
};

async function bundle(entry, outfile) {
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    plugins: [sourcesPlugin],
    nodePaths: [join(root, 'packages/core/node_modules'), join(root, 'packages/analytic/node_modules')],
    // Node-only code paths (installed-wasm lookup, native tfjs) import these lazily; the browser never runs them.
    external: ['node:*'],
    metafile: true,
  });
  return Object.values(result.metafile.outputs)[0].bytes;
}

const t0 = performance.now();
const pageBytes = await bundle(join(here, 'page.ts'), join(site, 'main.js'));
console.log(
  `bundled page.ts for the browser: ${(pageBytes / 1024).toFixed(0)} KB (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
writeFileSync(
  join(site, 'index.html'),
  '<!doctype html><html><head><meta charset="utf-8"><title>ratedistortion browser check</title></head>' +
    '<body><pre id="result">running</pre><script type="module" src="./main.js"></script></body></html>\n',
);
const wasmDir = join(dirname(coreRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')))
  copyFileSync(join(wasmDir, f), join(site, 'wasm', f));

const chromium = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!chromium) {
  console.error('FAIL: no chromium found (apt-get install -y chromium, or set CHROMIUM=/path/to/chrome)');
  process.exit(1);
}

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
let resolveResult;
const resultPosted = new Promise((r) => {
  resolveResult = r;
});
const requests = [];
const server = createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  if (req.method === 'POST' && req.url === '/result') {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      res.end('ok');
      resolveResult(JSON.parse(body));
    });
    return;
  }
  const path = join(
    site,
    decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html',
  );
  if (!path.startsWith(site) || !existsSync(path)) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.setHeader('content-type', MIME[extname(path)] ?? 'application/octet-stream');
  res.end(readFileSync(path));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/index.html`;

const browser = spawn(
  chromium,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
    `--user-data-dir=${join(work, 'profile')}`,
    url,
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
let browserLog = '';
browser.stderr.on('data', (c) => {
  browserLog += c;
});
const exited = new Promise((r) => browser.on('exit', (code) => r(`chromium exited early with code ${code}`)));
const timer = new Promise((r) => setTimeout(() => r(`no result after ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS));

const t1 = performance.now();
const outcome = await Promise.race([resultPosted, exited, timer]);
browser.kill('SIGTERM');
server.close();
const browserSeconds = (performance.now() - t1) / 1000;

if (typeof outcome === 'string' || !outcome.ok) {
  fail(typeof outcome === 'string' ? outcome : `the page threw: ${outcome.error}`);
  console.error(`requests: ${requests.join(', ')}`);
  console.error(browserLog.split('\n').slice(-20).join('\n'));
} else {
  const b = outcome.result;
  const n = JSON.parse(
    execFileSync(join(root, 'node_modules/.bin/tsx'), [join(here, 'node-reference.ts')], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  console.log(`chromium: ${b.userAgent}`);
  console.log(`page loaded and computed in ${browserSeconds.toFixed(1)} s; requests: ${requests.join(', ')}`);
  console.log('browser:', JSON.stringify({ ...b, userAgent: undefined }));
  console.log('node   :', JSON.stringify({ ...n, userAgent: undefined }));
  const checks = [
    ['browser used the wasm backend', b.backend === 'wasm'],
    [
      'the .wasm binary was fetched from wasmPaths',
      requests.some((r) => /^GET \/wasm\/tfjs-backend-wasm.*\.wasm$/.test(r)),
    ],
    ['rdPoint N(0,1), eps 0.25: R = log 2', Math.abs(b.rate - Math.log(2)) < 1e-12],
    ['rdPoint N(0,1), eps 0.25: D = 0.125', Math.abs(b.distortion - 0.125) < 1e-12],
    // KL estimator, n = 4000: SD ≈ √((½ + π²/6)/4000) ≈ 0.023, so 5 SD = 0.12 around ½ log 2πe.
    ['knnEntropy within 0.12 of ½ log 2πe', Math.abs(b.knnEntropy - 0.5 * Math.log(2 * Math.PI * Math.E)) < 0.12],
    ['knnEntropy: browser = node to 1e-12', Math.abs(b.knnEntropy - n.knnEntropy) < 1e-12],
    // Plug-in entropy of N(0, Σ), Σ = [[1, ½], [½, 5/4]] (det 1): h = log 2πe; SE ≈ √(d/2n) = 0.032, 4 SE = 0.13.
    ['gaussianEntropy within 0.13 of log 2πe', Math.abs(b.gaussianEntropy64 - Math.log(2 * Math.PI * Math.E)) < 0.13],
    ['gaussianEntropy (float64): browser = node to 1e-12', Math.abs(b.gaussianEntropy64 - n.gaussianEntropy64) < 1e-12],
    // float32 data and reductions on 1000 rows: relative rounding ~1e-6, so 1e-4 absolute is generous but still
    // catches a wrong kernel (the 2-D entropy is ≈ 2.84 nats).
    [
      'gaussianEntropyTf (wasm, float32) = float64 value to 1e-4',
      Math.abs(b.gaussianEntropyTf - b.gaussianEntropy64) < 1e-4,
    ],
    [
      'gaussianEntropyTf: wasm in the browser = cpu in node to 1e-4',
      Math.abs(b.gaussianEntropyTf - n.gaussianEntropyTf) < 1e-4,
    ],
    ['no tensors leaked', b.tensorsLeaked === 0 && n.tensorsLeaked === 0],
  ];
  for (const [what, ok] of checks) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) process.exitCode = 1;
  }
}
rmSync(work, { recursive: true, force: true });
console.log(process.exitCode ? '\nBROWSER TEST FAILED' : '\nBROWSER TEST PASSED');
// Chromium helpers may linger for a moment after SIGTERM; do not wait for them.
process.exit(process.exitCode ?? 0);
