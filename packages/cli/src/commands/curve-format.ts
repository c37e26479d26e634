// `rd curve`'s output: the results of runCurves as JSON, CSV or a table with the analytic reference columns.
import { describeWebGpuAdapter } from '@ratedistortion/core';
import type { RunCurveResult } from '@ratedistortion/estimators';
import type { Conventions } from '../args/conventions.js';
import { formatCsv, formatJson, formatNumber, formatTable, type Cell } from '../io/format.js';

/**
 * The text `rd curve` prints for its results (`--json`: one result, or `{results}` for several; `--csv`; else a table).
 * With `--units` / `--distortion` other than nats / half-sse, every rate (and rate error, SE, IQR) and distortion is
 * converted, the table headers name the units and the JSON results carry a `conventions` record.
 *
 * @internal
 */
export function formatCurveResults(
  results: readonly RunCurveResult[],
  output: 'json' | 'csv' | 'table',
  conventions?: Conventions,
): string {
  const converted =
    conventions !== undefined && (conventions.units !== 'nats' || conventions.distortionConvention !== 'half-sse');
  const shown = converted ? results.map((r) => inConventions(r, conventions)) : results;
  if (output === 'json') {
    const withConventions = converted ? shown.map((r) => ({ ...r, conventions: conventions.toJSON() })) : shown;
    return formatJson(withConventions.length === 1 ? withConventions[0] : { results: withConventions });
  }
  return output === 'csv' ? csvOf(shown) : tableOf(shown, converted ? conventions : undefined);
}

/**
 * A result with rates and distortions in the given conventions (eps unchanged), for `rd curve` and `rd merge`.
 *
 * @internal
 */
export function inConventions(r: RunCurveResult, c: Conventions): RunCurveResult {
  const R = (x: number) => (Number.isFinite(x) ? c.rate(x) : x);
  const D = (x: number) => (Number.isFinite(x) ? c.distortion(x) : x);
  return {
    ...r,
    points: r.points.map((p) => ({
      ...p,
      rate: R(p.rate),
      distortion: D(p.distortion),
      rateSe: R(p.rateSe),
      distortionSe: D(p.distortionSe),
      rateIqr: [R(p.rateIqr[0]), R(p.rateIqr[1])],
      distortionIqr: [D(p.distortionIqr[0]), D(p.distortionIqr[1])],
      ...(p.reference
        ? { reference: { ...p.reference, rate: R(p.reference.rate), distortion: D(p.reference.distortion) } }
        : {}),
      ...(p.rateError !== undefined ? { rateError: R(p.rateError) } : {}),
      ...(p.referenceAtDistortion
        ? {
            referenceAtDistortion: {
              ...p.referenceAtDistortion,
              rate: R(p.referenceAtDistortion.rate),
              distortion: D(p.referenceAtDistortion.distortion),
            },
          }
        : {}),
      ...(p.rateErrorAtDistortion !== undefined ? { rateErrorAtDistortion: R(p.rateErrorAtDistortion) } : {}),
    })),
  };
}

function tableOf(results: readonly RunCurveResult[], c?: Conventions): string {
  const withRef = results.some((r) => r.points.some((p) => p.reference));
  const headers = [
    'method',
    'eps',
    `rate (${c?.units ?? 'nats'})`,
    'rate SE',
    c ? `distortion (${c.distortionConvention})` : 'distortion',
    'distortion SE',
    ...(withRef ? ['R(D) exact', 'D exact', 'rate error', 'R(D̂)', 'error at D̂'] : []),
  ];
  const se = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '' : x.toPrecision(2));
  const rows: Cell[][] = results.flatMap((r) =>
    r.points.map((p) => {
      const atD: Cell[] = p.referenceAtDistortion
        ? [p.referenceAtDistortion.rate, p.rateErrorAtDistortion as number]
        : ['', ''];
      const ref: Cell[] = withRef
        ? [...(p.reference ? [p.reference.rate, p.reference.distortion, p.rateError as number] : ['', '', '']), ...atD]
        : [];
      return [r.method, p.eps, p.rate, se(p.rateSe), p.distortion, se(p.distortionSe), ...ref];
    }),
  );
  const lines = results.map((r) => {
    // The thread count always for the per-eps methods (their default takes the available cores, or falls back to
    // one), and for R2D2 when it trained data-parallel.
    const workers = r.train.workers;
    const perEps = r.method === 'nerd' || r.method === 'wgd' || r.method === 'ebrd';
    const counts = [
      ...(r.train.models !== undefined && r.train.models > 1 ? [`${r.train.models} models`] : []),
      ...(workers !== undefined && (perEps || workers > 1) ? [`${workers} thread${workers === 1 ? '' : 's'}`] : []),
    ];
    const models = counts.length > 0 ? ` (${counts.join(', ')})` : '';
    const chain = r.train.chain ? `, ${r.train.chain} chain` : '';
    const ro = r.train.readout;
    const readout = ro
      ? `; read out with the ${ro.entropy === 'train' ? 'training' : ro.entropy === 'knn' ? 'whitened k-NN' : 'Gaussian plug-in'} entropy${ro.controlVariate ? ' and the Gaussian control variate' : ''} on ${ro.sampling === 'iid' ? 'i.i.d.' : 'stratified'} batches${ro.controlVariateWithheld === 'infinite-fourth-moment' ? " (no control variate: the source's fourth moment is infinite)" : ''}`
      : '';
    const kt = r.train.kernelThreads;
    const backend = r.train.adapter
      ? `${r.train.backend} (${describeWebGpuAdapter(r.train.adapter)})`
      : kt !== undefined
        ? `${r.train.backend} (${kt} kernel thread${kt === 1 ? '' : 's'})`
        : r.train.backend;
    return `# ${r.method}: ${r.train.steps} steps${models} in ${formatNumber(Number(r.train.seconds.toFixed(2)))} s on ${backend}${chain}${readout}`;
  });
  return formatTable(headers, rows) + lines.join('\n') + '\n';
}

function csvOf(results: readonly RunCurveResult[]): string {
  const headers = [
    'method',
    'eps',
    'rate',
    'distortion',
    'rate_se',
    'distortion_se',
    'rate_q25',
    'rate_q75',
    'distortion_q25',
    'distortion_q75',
    'reference_rate',
    'reference_distortion',
    'rate_error',
    'reference_rate_at_distortion',
    'rate_error_at_distortion',
  ];
  const rows: Cell[][] = results.flatMap((r) =>
    r.points.map((p) => [
      r.method,
      p.eps,
      p.rate,
      p.distortion,
      p.rateSe ?? '',
      p.distortionSe ?? '',
      p.rateIqr[0],
      p.rateIqr[1],
      p.distortionIqr[0],
      p.distortionIqr[1],
      p.reference?.rate ?? '',
      p.reference?.distortion ?? '',
      p.rateError ?? '',
      p.referenceAtDistortion?.rate ?? '',
      p.rateErrorAtDistortion ?? '',
    ]),
  );
  return formatCsv(headers, rows);
}
