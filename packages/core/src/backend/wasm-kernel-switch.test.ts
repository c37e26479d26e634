// The switch behaviour the three wasm kernel replacements share (wasm-kernel-switch.ts): installed by
// useBackend('wasm'), switched off and on again, refusing a non-boolean. What each replacement computes is tested
// beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { useBackend } from './use-backend.js';
import { useWasmMatMulGuard, wasmMatMulGuardActive } from './wasm-matmul-guard.js';
import { useWasmSharedIdentity, wasmSharedIdentityActive } from './wasm-shared-identity.js';
import { useWasmHeapTranspose, wasmHeapTransposeActive } from './wasm-transpose.js';

const switches: [string, (enabled: boolean) => void, () => boolean][] = [
  ['useWasmMatMulGuard', useWasmMatMulGuard, wasmMatMulGuardActive],
  ['useWasmSharedIdentity', useWasmSharedIdentity, wasmSharedIdentityActive],
  ['useWasmHeapTranspose', useWasmHeapTranspose, wasmHeapTransposeActive],
];

describe('the wasm kernel switches', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    for (const [, set] of switches) set(true);
    await useBackend('cpu');
  });

  it.each(switches)('%s: installed by useBackend(wasm), off and on again, refuses a non-boolean', (_, set, active) => {
    expect(active()).toBe(true);
    set(false);
    expect(active()).toBe(false);
    set(false); // idempotent
    expect(active()).toBe(false);
    set(true);
    expect(active()).toBe(true);
    expect(() => set('yes' as unknown as boolean)).toThrow(InvalidParameterError);
    expect(() => set(1 as unknown as boolean)).toThrow(/enabled/);
    expect(active()).toBe(true);
  });

  it('turning the sharing Identity on turns the matMul guard on (sharing needs it), even when it is already on', () => {
    useWasmMatMulGuard(false);
    useWasmSharedIdentity(true);
    expect(wasmMatMulGuardActive()).toBe(true);
  });
});
