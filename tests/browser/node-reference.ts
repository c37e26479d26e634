// The Node half of the browser test: the same computation on the cpu backend, printed as one JSON line
// (run by run.mjs through tsx, which maps the workspace packages to their sources via tsconfig paths).
import { runBrowserCheck } from './compute.js';

console.log(JSON.stringify(await runBrowserCheck('cpu')));
