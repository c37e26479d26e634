// `rd reproduce --units/--distortion`: the printed table of a figure in the reader's conventions. The figures build
// their tables in nats and D = ½E‖X−X̂‖²; which column holds what is read from its header (one vocabulary for all
// figures), so a new figure's columns convert as long as it names them as the others do.
import type { Conventions } from '../args/conventions.js';
import type { Cell } from '../io/format.js';
import type { FigureTable } from './figure.js';

type ColumnKind = 'rate' | 'rate-interval' | 'distortion';

/** Header → what its cells hold (rates and rate differences in nats; distortions ½E‖X−X̂‖²). */
const COLUMN_KINDS: Readonly<Record<string, ColumnKind>> = {
  'rate (nats)': 'rate',
  'median rate': 'rate',
  'rate SE': 'rate',
  'R exact': 'rate',
  'SLB rate': 'rate',
  'rate error': 'rate',
  'median |ΔR|': 'rate',
  'rate IQR': 'rate-interval',
  '|ΔR| IQR': 'rate-interval',
  distortion: 'distortion',
  'distortion SE': 'distortion',
};

/**
 * A figure table with its rate and distortion columns converted to `conventions` (eps and other columns as they
 * are) and their headers naming the units, e.g. `rate (bits)`, `R exact (bits)`, `distortion (mse)`.
 *
 * @example
 * ```ts
 * import { Conventions } from '@ratedistortion/cli/args';
 * import { figureTableInConventions } from '@ratedistortion/cli/reproduce';
 * const t = figureTableInConventions(
 *   { headers: ['eps', 'rate (nats)', 'distortion'], rows: [[0.5, Math.LN2, 0.25]] },
 *   new Conventions('bits', 'sse', 1),
 * );
 * console.log(t.headers, t.rows[0]); // ['eps', 'rate (bits)', 'distortion (sse)'] [0.5, 1, 0.5]
 * ```
 */
export function figureTableInConventions(table: FigureTable, conventions: Conventions): FigureTable {
  const kinds = table.headers.map((h) => COLUMN_KINDS[h]);
  const headers = table.headers.map((h, j) => {
    const kind = kinds[j];
    if (kind === undefined) return h;
    if (kind === 'distortion') return `${h} (${conventions.distortionConvention})`;
    return h === 'rate (nats)' ? `rate (${conventions.units})` : `${h} (${conventions.units})`;
  });
  const rows = table.rows.map((row) =>
    row.map((cell, j): Cell => {
      const kind = kinds[j];
      if (kind === undefined || cell === '') return cell;
      if (kind === 'rate-interval') return convertInterval(cell, (x) => conventions.rate(x));
      if (typeof cell !== 'number') return convertNumericText(cell, kind, conventions);
      return kind === 'rate' ? conventions.rate(cell) : conventions.distortion(cell);
    }),
  );
  return { headers, rows };
}

// Standard errors arrive formatted (two significant digits): convert the number they spell.
function convertNumericText(cell: Cell, kind: 'rate' | 'distortion', c: Conventions): Cell {
  const x = Number(cell);
  if (typeof cell !== 'string' || cell.trim() === '' || !Number.isFinite(x)) return cell;
  return (kind === 'rate' ? c.rate(x) : c.distortion(x)).toPrecision(2);
}

// An interval cell "[a, b]" as curveTable and fig2 print it.
function convertInterval(cell: Cell, f: (x: number) => number): Cell {
  const m = typeof cell === 'string' ? /^\[\s*([^,\s]+)\s*,\s*([^\]\s]+)\s*\]$/.exec(cell) : null;
  if (!m || !Number.isFinite(Number(m[1])) || !Number.isFinite(Number(m[2]))) return cell;
  const fmt = (x: number) => String(Number(x.toPrecision(6)));
  return `[${fmt(f(Number(m[1])))}, ${fmt(f(Number(m[2])))}]`;
}
