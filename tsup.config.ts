// One build for every package: ESM + CJS + .d.ts, one entry per concept folder.
// Each package runs `tsup --config ../../tsup.config.ts` from its own folder.
import { defineConfig } from 'tsup';
// @ts-expect-error plain ESM helper shared with scripts/sync-exports.mjs
import { entriesOf } from './scripts/packages.mjs';

export default defineConfig(() => {
  const pkgDir = process.cwd();
  return {
    entry: entriesOf(pkgDir) as Record<string, string>,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    // Workspace siblings and tfjs stay external: users get one copy of each.
    external: [/^@ratedistortion\//, /^@tensorflow\//, /^node:/],
    splitting: false,
    treeshake: true,
    tsconfig: 'tsconfig.build.json',
  };
});
