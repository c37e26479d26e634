// Sample matrices as text: one sample per row. Reading is strict (a ragged row or a non-number is an error
// that names the row and column); writing uses the shortest round-trip decimal form of each float64.
import { DimensionMismatchError, InvalidParameterError, toSamples, type Samples } from '@ratedistortion/core';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A parsed sample file: the samples and the column names of its header line, if it had one.
 *
 * @example
 * ```ts
 * import { parseSampleTable, type ParsedSampleTable } from '@ratedistortion/cli';
 * const table: ParsedSampleTable = parseSampleTable('x,y\n1,2\n3,4\n');
 * console.log(table.header, table.samples.n, table.samples.dim); // ['x', 'y'] 2 2
 * ```
 */
export interface ParsedSampleTable {
  readonly samples: Samples;
  readonly header: readonly string[] | undefined;
}

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Parse a sample table: one sample per line, fields separated by commas (or, when a line has no comma,
 * semicolons, tabs or spaces — the separator is chosen from the first data line). Blank lines and lines starting
 * with `#` are skipped; a first line with a non-numeric field is a header. NaN, Infinity, empty fields and
 * rows of a different length are rejected with a typed error naming the row (1-based line number) and column.
 *
 * @param name - what to call the input in error messages, e.g. the file name.
 * @example
 * ```ts
 * import { parseSampleTable } from '@ratedistortion/cli';
 * const { samples, header } = parseSampleTable('x,y\n1,2\n3,4\n', 'data.csv');
 * console.log(samples.n, samples.dim, header); // 2 2 ['x', 'y']
 * ```
 */
export function parseSampleTable(text: string, name = 'samples'): ParsedSampleTable {
  const lines = text.split(/\r?\n/);
  let sep: RegExp | undefined;
  let header: string[] | undefined;
  let dim = 0;
  const values: number[] = [];
  let rows = 0;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!sep) sep = line.includes(',') ? /,/ : line.includes(';') ? /;/ : line.includes('\t') ? /\t/ : /\s+/;
    const fields = line.split(sep).map((f) => f.trim());
    // A first line holding NaN or Infinity is a data row with a non-finite value (refused below), not a header.
    if (
      rows === 0 &&
      header === undefined &&
      fields.some((f) => !NUMBER.test(f)) &&
      !fields.some((f) => NON_FINITE.test(f))
    ) {
      // Only the first non-comment line may be a header, and only if it is not a data row.
      header = fields;
      dim = fields.length;
      continue;
    }
    if (dim === 0) dim = fields.length;
    if (fields.length !== dim)
      throw new DimensionMismatchError(
        `${name} line ${li + 1}`,
        dim,
        fields.length,
        'every row must have the same number of columns',
      );
    fields.forEach((f, j) => {
      const v = Number(f);
      if (!NUMBER.test(f) || !Number.isFinite(v))
        throw new InvalidParameterError(`${name} line ${li + 1}, column ${j + 1}`, 'a finite decimal number', f);
      values.push(v);
    });
    rows++;
  }
  if (rows === 0) throw new InvalidParameterError(name, 'at least one row of numbers', text, 'no data rows found');
  return { samples: toSamples({ data: values, dim }, name), header };
}

/**
 * Write samples as CSV, one sample per line, with an optional header (`x1,...,xd` when `header` is true).
 * Values use JavaScript's shortest round-trip form, so parsing the text gives back the same float64 values.
 *
 * @example
 * ```ts
 * import { formatSamplesCsv } from '@ratedistortion/cli';
 * console.log(formatSamplesCsv({ n: 2, dim: 1, data: new Float64Array([0.5, -1]) }, true)); // "x1\n0.5\n-1\n"
 * ```
 */
export function formatSamplesCsv(samples: Samples, header = false): string {
  const { n, dim, data } = samples;
  const out: string[] = [];
  if (header) out.push(Array.from({ length: dim }, (_, j) => `x${j + 1}`).join(','));
  for (let i = 0; i < n; i++) {
    const row = new Array<string>(dim);
    for (let j = 0; j < dim; j++) row[j] = String(data[i * dim + j]);
    out.push(row.join(','));
  }
  return out.join('\n') + '\n';
}
