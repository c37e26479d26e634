// `--source SPEC`: inline JSON or the path of a JSON file. The file is read here (so a missing file gets the
// CLI's one-line message), the text is parsed once and the Source built once; commands hand that object down.
import { InvalidParameterError, type AnalyticSourceSpec } from '@ratedistortion/core';
import { parseSourceSpec, sourceFromSpec, type Source, type SourceSpec } from '@ratedistortion/datasets';
import { CliUsageError } from '../args/usage-error.js';
import { readTextFile, type CliIo } from './cli-io.js';

const SOURCES_FIX = "Run 'rd sources' to see every kind with its fields and an example.";

/**
 * A `--source` argument after loading: the JSON spec as given and the Source built from it.
 *
 * @example
 * ```ts
 * import { loadSource, processIo, type LoadedSource } from '@ratedistortion/cli';
 * const loaded: LoadedSource = loadSource(processIo(), '{"kind":"gaussian","variance":2}');
 * console.log(loaded.spec.kind, loaded.source.dim); // gaussian 1
 * ```
 */
export interface LoadedSource {
  readonly spec: SourceSpec;
  readonly source: Source;
}

/**
 * Load `--source`: text starting with `{` is inline JSON, anything else a path to a JSON file (relative to
 * `io.cwd`). Bad JSON, a missing file or an invalid spec (unknown kind, weights not summing to 1, ...) become a
 * one-line {@link CliUsageError} pointing at `rd sources`.
 *
 * @example
 * ```ts
 * import { loadSource, processIo } from '@ratedistortion/cli';
 * const { source } = loadSource(processIo(), '{"kind":"gaussian","variance":2}');
 * console.log(source.dim); // 1
 * ```
 */
export function loadSource(io: CliIo, text: string, command?: string): LoadedSource {
  const inline = text.trim().startsWith('{');
  const json = inline ? text : readTextFile(io, '--source', text, command);
  const where = inline ? '--source' : `--source file '${text}'`;
  let spec: SourceSpec;
  try {
    spec = parseSourceSpec(json);
  } catch (e) {
    if (e instanceof InvalidParameterError && e.parameter === 'spec') {
      const detail = e.message.split('\n')[0];
      throw new CliUsageError(
        `${where} is not valid JSON (${detail}); quote inline JSON for the shell, e.g. --source '{"kind":"gaussian","variance":1}'`,
        command,
      );
    }
    if (e instanceof InvalidParameterError)
      throw new CliUsageError(`invalid ${where}: ${e.message}`, command, SOURCES_FIX);
    throw e;
  }
  try {
    return { spec, source: sourceFromSpec(spec) };
  } catch (e) {
    if (e instanceof InvalidParameterError)
      throw new CliUsageError(`invalid ${where}: ${e.message}`, command, SOURCES_FIX);
    throw e;
  }
}

/**
 * Kinds for which the analytic package has RD answers (closed form, BHE, or Blahut–Arimoto for Laplace and uniform).
 *
 * @example
 * ```ts
 * import { ANALYTIC_KINDS } from '@ratedistortion/cli/io';
 * console.log(ANALYTIC_KINDS.includes('gmm')); // true
 * ```
 */
export const ANALYTIC_KINDS = ['gaussian', 'gmm', 'sinc4-mixture', 'laplace', 'uniform'] as const;

/**
 * The {@link AnalyticSourceSpec} of a loaded source, for `rd analytic`. A Gaussian given without `variance` or
 * `covariance` (e.g. the rotated family `{kind:'gaussian', dim, decay, rotationSeed}`) is passed on by its exact
 * mean and covariance; other kinds without an analytic answer are a usage error.
 *
 * @example
 * ```ts
 * import { analyticSpecOf } from '@ratedistortion/cli/io';
 * import { loadSource, processIo } from '@ratedistortion/cli';
 * const spec = analyticSpecOf(loadSource(processIo(), '{"kind":"gaussian","variance":1}'), 'analytic');
 * ```
 */
export function analyticSpecOf(loaded: LoadedSource, command?: string): AnalyticSourceSpec {
  const analytic = loaded.source.analyticSpec();
  if (!analytic) {
    throw new CliUsageError(
      `rd analytic has no analytic answer for kind '${loaded.spec.kind}' (it supports ${ANALYTIC_KINDS.join(', ')})`,
      command,
      "For other sources, sample them with 'rd sample' and use the neural estimators.",
    );
  }
  return analytic;
}
