import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    // Heavy numerical tests: run files in separate forks, two at a time on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
