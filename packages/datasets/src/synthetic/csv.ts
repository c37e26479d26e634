// CSV reader for user sample matrices: one sample per row.
import type { Samples } from '@ratedistortion/core';
import { DatasetFileError } from '../errors/dataset-file-error.js';

/**
 * Parse numeric CSV text into a sample matrix, one sample per line. Fields are separated by commas,
 * semicolons, tabs or spaces; blank lines and lines starting with `#` are skipped; a first line that does not
 * parse as numbers is taken as a header. Every other line must have the same number of finite numbers;
 * otherwise a {@link DatasetFileError} names the file and line.
 *
 * @param name - file name used in error messages.
 * @example
 * ```ts
 * import { parseCsvSamples } from '@ratedistortion/datasets';
 * const s = parseCsvSamples('x,y\n1,2\n3,4\n');
 * console.log(s.n, s.dim); // 2 2
 * ```
 */
export function parseCsvSamples(text: string, name = '<csv>'): Samples {
  const lines = text.split(/\r?\n/);
  const values: number[] = [];
  let dim = -1;
  let n = 0;
  let seenContent = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s*[,;\t ]\s*/);
    const nums = fields.map((f) => (f === '' ? NaN : Number(f)));
    const ok = nums.every((v) => Number.isFinite(v));
    if (!ok) {
      if (!seenContent) {
        seenContent = true;
        continue;
      } // header
      throw new DatasetFileError(
        name,
        `line ${li + 1} has a field that is not a finite number: ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
    seenContent = true;
    if (dim === -1) dim = nums.length;
    else if (nums.length !== dim) {
      throw new DatasetFileError(
        name,
        `line ${li + 1} has ${nums.length} fields, expected ${dim} like the first data line`,
      );
    }
    for (const v of nums) values.push(v);
    n++;
  }
  if (n === 0) throw new DatasetFileError(name, 'no numeric rows');
  return { n, dim, data: Float64Array.from(values) };
}
