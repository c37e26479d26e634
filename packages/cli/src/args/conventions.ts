// `--units nats|bits` and `--distortion half-sse|sse|mse`: how a command prints rates and distortions (and reads
// the ones it is given). The library computes in nats with D = ½E‖X−X̂‖²; conversion happens only at the edge,
// through core's converters, and JSON output names the conventions it was written in.
import { bitsToNats, convertDistortion, natsToBits, type DistortionConvention } from '@ratedistortion/core';
import type { OptionSpec, ParsedOptions } from './options.js';
import { CliUsageError } from './usage-error.js';

/**
 * Rate units a command can print.
 *
 * @example
 * ```ts
 * import { RATE_UNITS } from '@ratedistortion/cli/args';
 * console.log(RATE_UNITS.join('|')); // nats|bits
 * ```
 */
export const RATE_UNITS = ['nats', 'bits'] as const;

/**
 * Distortion conventions a command can print: `half-sse` = ½E‖X−X̂‖² (the library's D), `sse` = E‖X−X̂‖²,
 * `mse` = E‖X−X̂‖²/d (per dimension).
 *
 * @example
 * ```ts
 * import { DISTORTION_CONVENTIONS } from '@ratedistortion/cli/args';
 * console.log(DISTORTION_CONVENTIONS.join('|')); // half-sse|sse|mse
 * ```
 */
export const DISTORTION_CONVENTIONS = ['half-sse', 'sse', 'mse'] as const;

/**
 * The options every command that prints rates or distortions takes.
 *
 * @example
 * ```ts
 * import { CONVENTION_OPTIONS } from '@ratedistortion/cli/args';
 * console.log(Object.keys(CONVENTION_OPTIONS)); // ['units', 'distortion']
 * ```
 */
export const CONVENTION_OPTIONS: Readonly<Record<'units' | 'distortion', OptionSpec>> = {
  units: { type: 'string', value: 'U', description: 'rates in nats (default) or bits' },
  distortion: {
    type: 'string',
    value: 'C',
    description: 'distortion as half-sse = ½E‖X−X̂‖² (default), sse = E‖X−X̂‖² or mse = E‖X−X̂‖²/d',
  },
};

/**
 * The printing conventions of one command run, for a source of dimension `dim`.
 *
 * @example
 * ```ts
 * import { Conventions } from '@ratedistortion/cli/args';
 * const c = new Conventions('bits', 'mse', 2);
 * console.log(c.rate(Math.LN2), c.distortion(0.5)); // 1 0.5
 * ```
 */
export class Conventions {
  constructor(
    readonly units: (typeof RATE_UNITS)[number],
    readonly distortionConvention: DistortionConvention,
    readonly dim: number,
  ) {}

  /**
   * Read `--units` and `--distortion` (defaults nats, half-sse); a bad value is a usage error naming the option.
   *
   * @example
   * ```ts
   * import { Conventions } from '@ratedistortion/cli/args';
   * const c = Conventions.fromOptions({ units: 'bits' }, 'analytic', 1);
   * console.log(c.units, c.distortionConvention); // bits half-sse
   * ```
   */
  static fromOptions(options: ParsedOptions, command: string, dim: number): Conventions {
    const units = options.units ?? 'nats';
    if (typeof units !== 'string' || !(RATE_UNITS as readonly string[]).includes(units)) {
      throw new CliUsageError(`--units must be ${RATE_UNITS.join(' or ')}, got ${JSON.stringify(units)}`, command);
    }
    const distortion = options.distortion ?? 'half-sse';
    if (typeof distortion !== 'string' || !(DISTORTION_CONVENTIONS as readonly string[]).includes(distortion)) {
      throw new CliUsageError(
        `--distortion must be one of ${DISTORTION_CONVENTIONS.join(', ')}, got ${JSON.stringify(distortion)}`,
        command,
      );
    }
    return new Conventions(units as (typeof RATE_UNITS)[number], distortion as DistortionConvention, dim);
  }

  /** A rate (or rate difference, gap, entropy) in nats, in the chosen units. */
  rate(nats: number): number {
    return this.units === 'bits' ? natsToBits(nats) : nats;
  }

  /** A rate given in the chosen units, in nats. */
  rateIn(value: number): number {
    return this.units === 'bits' ? bitsToNats(value) : value;
  }

  /** A library distortion ½E‖X−X̂‖² (or a difference of them), in the chosen convention. */
  distortion(halfSse: number): number {
    return convertDistortion(halfSse, 'half-sse', this.distortionConvention, this.dim);
  }

  /** A distortion given in the chosen convention, as the library's ½E‖X−X̂‖². */
  distortionIn(value: number): number {
    return convertDistortion(value, this.distortionConvention, 'half-sse', this.dim);
  }

  /** Column-header suffixes, e.g. `rate (bits)`, `distortion (mse)`. */
  get rateLabel(): string {
    return this.units;
  }

  get distortionLabel(): string {
    return this.distortionConvention;
  }

  /**
   * What JSON output records: the units, the distortion convention with its formula, the dimension, and that eps
   * stays the library's slope parameter.
   */
  toJSON(): { rate: string; distortion: string; distortionFormula: string; dim: number; eps: string } {
    const formula = { 'half-sse': '½E‖X−X̂‖²', sse: 'E‖X−X̂‖²', mse: 'E‖X−X̂‖²/d' }[this.distortionConvention];
    return {
      rate: this.units,
      distortion: this.distortionConvention,
      distortionFormula: formula,
      dim: this.dim,
      eps: '1/β for D = ½E‖X−X̂‖² (unchanged by --distortion)',
    };
  }
}
