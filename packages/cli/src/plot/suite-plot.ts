// The RD benchmark suite as a figure: one R(D) pane per catalogue source, stacked in one SVG. Each pane draws the
// source's reference (a dashed curve where it is cheap to trace, else its stored values as markers) and, when an
// estimator was scored, its points with ±1 standard error. Rates in nats
// and D = ½E‖X−X̂‖², whatever --units/--distortion the table was printed in, so figures of different runs compare.
import { InvalidParameterError } from '@ratedistortion/core';
import { stackSvgPanels } from './panels-plot.js';
import { rdCurveSvg, type RdReferenceCurve, type RdSeries } from './rd-curve-plot.js';

/**
 * One pane of {@link suiteSvg}: a catalogue source, its reference points (rate in nats, D = ½E‖X−X̂‖²) and,
 * optionally, an estimator's scored points with their standard errors.
 *
 * @example
 * ```ts
 * import type { SuitePlotSource } from '@ratedistortion/cli';
 * const s: SuitePlotSource = {
 *   id: 'gaussian-1d',
 *   description: 'N(0, 1)',
 *   reference: [{ distortion: 0.1, rate: 0.8047 }, { distortion: 0.25, rate: 0.3466 }],
 *   estimates: [{ distortion: 0.1, rate: 0.81, rateSe: 0.004, distortionSe: 0.001 }],
 * };
 * ```
 */
export interface SuitePlotSource {
  id: string;
  description: string;
  /** The reference: a dense curve (drawn dashed) or, with `referencePointsOnly`, isolated values (markers). */
  reference: readonly { distortion: number; rate: number }[];
  referencePointsOnly?: boolean;
  estimates?: readonly { distortion: number; rate: number; rateSe?: number; distortionSe?: number }[];
}

/**
 * SVG of the suite: for each source a pane with the reference R(D) (dashed, "reference") and the estimates of
 * `method` as markers with a ±1 SE band on the rate and whiskers on the distortion (where the SE is finite).
 *
 * @example
 * ```ts
 * import { suiteSvg } from '@ratedistortion/cli';
 * const svg = suiteSvg(
 *   [{ id: 'gaussian-1d', description: 'N(0, 1)', reference: [{ distortion: 0.025, rate: 1.498 }, { distortion: 0.25, rate: 0.3466 }] }],
 *   { method: 'r2d2' },
 * );
 * console.log(svg.includes('gaussian-1d'));
 * ```
 */
export function suiteSvg(sources: readonly SuitePlotSource[], options: { method?: string } = {}): string {
  if (sources.length === 0) throw new InvalidParameterError('sources', 'at least one suite source', 0);
  const panes = sources.map((s) => {
    const references: RdReferenceCurve[] = s.referencePointsOnly
      ? []
      : [{ name: 'reference R(D)', points: s.reference }];
    const series: RdSeries[] = s.referencePointsOnly
      ? [{ name: 'reference points', points: s.reference, line: false }]
      : [];
    if (s.estimates && s.estimates.length > 0) {
      series.push({
        name: options.method ?? 'estimate',
        bandLabel: '±1 SE',
        points: s.estimates.map((p) => ({
          distortion: p.distortion,
          rate: p.rate,
          ...(p.rateSe !== undefined && Number.isFinite(p.rateSe)
            ? { rateIqr: [p.rate - p.rateSe, p.rate + p.rateSe] as const }
            : {}),
          ...(p.distortionSe !== undefined && Number.isFinite(p.distortionSe)
            ? { distortionIqr: [p.distortion - p.distortionSe, p.distortion + p.distortionSe] as const }
            : {}),
        })),
      });
    }
    // The id only: descriptions run longer than a pane is wide (docs/suite.md lists them).
    return rdCurveSvg({ title: s.id, references, series, width: 560, height: 340 });
  });
  return stackSvgPanels(panes);
}
