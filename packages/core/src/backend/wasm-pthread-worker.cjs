// The script each pthread worker of tfjs-backend-wasm's threaded build starts from in Node (wasm-threads.ts).
// tfjs ships the worker's code as a string (made for a Blob URL, which Node's worker_threads cannot start) in a
// CommonJS module; this file runs that string in the worker's global scope, where emscripten's Node branch
// expects `require` and `__filename` as globals. The string holds "\n" escapes inside its own string literals that
// the template literal around it turned into line breaks: tfjs's browser loader escapes them back the same way.
'use strict';
globalThis.require = require;
globalThis.__filename = __filename;
const {
  wasmWorkerContents,
} = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
// Run in the global scope (its top-level declarations become globals, as a classic worker script's do).
require('node:vm').runInThisContext(wasmWorkerContents.replace(/\n/g, '\\n'), {
  filename: 'tfjs-backend-wasm-threaded-simd.worker.js',
});
