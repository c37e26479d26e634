// vitest setup for in-process tests: a test that never chooses a backend keeps tfjs's cpu backend, the pure-JS
// reference its tolerances were set on, instead of the wasm default that training loads for users
// (ensureDefaultBackend). Tests that want wasm call useBackend('wasm'); the default itself is tested in fresh
// processes (tests/backends/default-backend.test.ts).
import { useBackend } from '@ratedistortion/core';

await useBackend('cpu');
