// `rd curve`'s output: the results of runCurves as JSON, CSV or a table with the analytic reference columns.
import type { RunCurveResult } from '@ratedistortion/estimators';
import { formatCsv, formatJson, formatNumber, formatTable, type Cell } from '../io/format.js';

/**
 * The text `rd curve` prints for its results (`--json`: one result, or `{results}` for several; `--csv`; else a table).
 *
 * @internal
 */
export function formatCurveResults(results: readonly RunCurveResult[], output: 'json' | 'csv' | 'table'): string {
  if (output === 'json') return formatJson(results.length === 1 ? results[0] : { results });
  return output === 'csv' ? csvOf(results) : tableOf(results);
}

function tableOf(results: readonly RunCurveResult[]): string {
  const withRef = results.some((r) => r.points.some((p) => p.reference));
  const headers = ['method', 'eps', 'rate (nats)', 'rate SE', 'distortion', 'distortion SE', ...(withRef ? ['R(D) exact', 'D exact', 'rate error', 'R(D̂)', 'error at D̂'] : [])];
  const se = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '' : x.toPrecision(2));
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const p of r.points) {
      const atD: Cell[] = p.referenceAtDistortion ? [p.referenceAtDistortion.rate, p.rateErrorAtDistortion as number] : ['', ''];
      const ref: Cell[] = withRef ? [...(p.reference ? [p.reference.rate, p.reference.distortion, p.rateError as number] : ['', '', '']), ...atD] : [];
      rows.push([r.method, p.eps, p.rate, se(p.rateSe), p.distortion, se(p.distortionSe), ...ref]);
    }
  }
  const lines = results.map((r) => {
    const models = r.train.models !== undefined && r.train.models > 1 ? ` (${r.train.models} models)` : '';
    const chain = r.train.chain ? `, ${r.train.chain} chain` : '';
    return `# ${r.method}: ${r.train.steps} steps${models} in ${formatNumber(Number(r.train.seconds.toFixed(2)))} s on ${r.train.backend}${chain}`;
  });
  return formatTable(headers, rows) + lines.join('\n') + '\n';
}

function csvOf(results: readonly RunCurveResult[]): string {
  const headers = [
    'method', 'eps', 'rate', 'distortion', 'rate_se', 'distortion_se', 'rate_q25', 'rate_q75', 'distortion_q25', 'distortion_q75',
    'reference_rate', 'reference_distortion', 'rate_error', 'reference_rate_at_distortion', 'rate_error_at_distortion',
  ];
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const p of r.points) {
      rows.push([r.method, p.eps, p.rate, p.distortion, p.rateSe ?? '', p.distortionSe ?? '', p.rateIqr[0], p.rateIqr[1], p.distortionIqr[0], p.distortionIqr[1],
        p.reference?.rate ?? '', p.reference?.distortion ?? '', p.rateError ?? '', p.referenceAtDistortion?.rate ?? '', p.rateErrorAtDistortion ?? '']);
    }
  }
  return formatCsv(headers, rows);
}
