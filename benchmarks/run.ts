// `pnpm bench` is `rd bench`, which loads this package (benchmarks/src): the profiles, the list of named benchmarks
// (src/repository-benchmarks.ts) and how a script is started live there, once.
//   pnpm bench                         list the profiles and the benchmarks
//   pnpm bench --profile ci            the CI profile (in-process checks, exits 1 when a threshold is missed)
//   pnpm bench NAME [flags]            one benchmark script with its own flags
// `rd bench` takes a benchmark's own flags after `--`; here everything after NAME is the benchmark's, so the
// separator is added for it.
import { processIo, runCli } from '@ratedistortion/cli';

// `pnpm bench list` was the old runner's spelling of the listing.
const args = process.argv[2] === 'list' ? [] : process.argv.slice(2);
const named = args.length > 0 && !args[0].startsWith('-') && args[1] !== '--';
const argv = named && args.length > 1 ? [args[0], '--', ...args.slice(1)] : args;
process.exitCode = await runCli(['bench', ...argv], processIo());
