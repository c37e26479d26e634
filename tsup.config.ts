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
    // Workspace siblings and tfjs packages stay external: users get one copy of each. tfjs-core's per-kernel
    // gradient files are bundled instead, because their extensionless internal imports fail under Node's
    // own ESM loader (they only resolve through a bundler).
    external: [/^@ratedistortion\//, /^@tensorflow\/[^/]+$/, /^node:/],
    noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
    splitting: false,
    treeshake: true,
    tsconfig: 'tsconfig.build.json',
  };
});
