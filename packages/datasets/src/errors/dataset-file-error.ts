// A data-set file that is missing, unreadable or not in the expected format. The message names the file,
// what was wrong with it, and where the public data set can be downloaded (nothing is fetched at run time).
import { RateDistortionError } from '@ratedistortion/core';

/**
 * Where each public data set the loaders read can be obtained.
 *
 * @example
 * ```ts
 * import { DATASET_URLS } from '@ratedistortion/datasets';
 * console.log(DATASET_URLS.cifar10);
 * ```
 */
export const DATASET_URLS = {
  cifar10: 'https://www.cs.toronto.edu/~kriz/cifar.html',
  fsdd: 'https://github.com/Jakobovski/free-spoken-digit-dataset',
} as const;

/**
 * A missing or malformed data-set file.
 *
 * @example
 * ```ts
 * import { DatasetFileError } from '@ratedistortion/datasets';
 * const err = new DatasetFileError('data_batch_1.bin', 'not found', 'https://www.cs.toronto.edu/~kriz/cifar.html');
 * console.log(err.file, err.message);
 * ```
 */
export class DatasetFileError extends RateDistortionError {
  /** The file (path or name) at fault. */
  readonly file: string;
  /** Where the public data set can be obtained, when it is a public data set. */
  readonly obtainFrom?: string;
  constructor(file: string, problem: string, obtainFrom?: string) {
    super(
      'DATASET_FILE',
      `Data file ${JSON.stringify(file)}: ${problem}` +
        (obtainFrom ? `. The data set can be obtained from ${obtainFrom}` : '') +
        '.',
    );
    this.file = file;
    this.obtainFrom = obtainFrom;
  }
}
