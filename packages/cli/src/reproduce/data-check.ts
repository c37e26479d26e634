// Real-data figures read a data set from `--data DIR`. Before any training starts, the folder is opened with the
// datasets package's own loader, so a missing flag, a wrong folder or a folder without the data set ends the
// command at once with one line that says what to download and where to point --data.
import { RateDistortionError } from '@ratedistortion/core';
import { DATASET_URLS, loadCifarPatches, loadFreeSpokenDigits } from '@ratedistortion/datasets';
import { CliUsageError } from '../args/usage-error.js';

const WHAT = {
  cifar10: { name: 'CIFAR-10 binary batches', holds: 'data_batch_1.bin … data_batch_5.bin', url: DATASET_URLS.cifar10 },
  fsdd: {
    name: 'Free Spoken Digit Dataset recordings',
    holds: 'the {digit}_theo_{index}.wav files (or the repository with recordings/)',
    url: DATASET_URLS.fsdd,
  },
} as const;

/**
 * Check that `dir` holds the data set a figure needs (loading it with the datasets package); throws a
 * one-line {@link CliUsageError} when `dir` is missing, absent or holds no such data.
 *
 * @example
 * ```ts
 * import { checkFigureData } from '@ratedistortion/cli/reproduce';
 * try { checkFigureData('fig5-cifar', 'cifar10', undefined); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function checkFigureData(figure: string, data: 'cifar10' | 'fsdd', dir: string | undefined): void {
  const w = WHAT[data];
  const fix = `Download the ${w.name} from ${w.url} and pass the folder holding ${w.holds} as --data DIR.`;
  if (dir === undefined || dir.trim() === '')
    throw new CliUsageError(`${figure} needs real data: missing --data DIR`, 'reproduce', fix);
  try {
    if (data === 'cifar10') loadCifarPatches(dir, { patches: 1, seed: 0 });
    else loadFreeSpokenDigits(dir, { split: 'train', whitening: 'none' });
  } catch (e) {
    if (e instanceof RateDistortionError) {
      throw new CliUsageError(
        `--data '${dir}' holds no usable ${w.name} (${e.message.replace(/\.$/, '').replace(/\s*\n\s*/g, ' ')})`,
        'reproduce',
        fix,
      );
    }
    throw e;
  }
}
