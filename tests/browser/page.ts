// Entry of the browser bundle: run the check on the wasm backend (its .wasm files are served beside the page)
// and post the result back to the test server, which also shows it in the page for --dump-dom debugging.
import { runBrowserCheck } from './compute.js';

const show = (text: string) => {
  const el = document.getElementById('result');
  if (el) el.textContent = text;
};

runBrowserCheck('wasm', new URL('./wasm/', location.href).href)
  .then((r) => ({ ok: true, result: r }))
  .catch((e: unknown) => ({
    ok: false,
    error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e),
  }))
  .then(async (body) => {
    show(JSON.stringify(body));
    await fetch('/result', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  });
