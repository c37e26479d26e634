// Test helper (not shipped): run the enclosing describe block on one tfjs backend and put the cpu backend (the test
// default) back after it.
import { type BackendChoice, useBackend } from '@ratedistortion/core';
import { afterAll, beforeAll } from 'vitest';

export function backendForSuite(backend: BackendChoice): void {
  beforeAll(async () => {
    await useBackend(backend);
  });
  afterAll(async () => {
    await useBackend('cpu');
  });
}
