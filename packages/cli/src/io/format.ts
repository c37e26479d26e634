// Output formats shared by the commands: an aligned human table, CSV, and JSON. JSON carries full float64
// precision; the table rounds for reading only.

/**
 * Format a number for the human table: 6 significant digits, exponent form for very small or large values.
 *
 * @example
 * ```ts
 * import { formatNumber } from '@ratedistortion/cli';
 * console.log(formatNumber(Math.PI)); // 3.14159
 * ```
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e7) return x.toExponential(5);
  return String(Number(x.toPrecision(6)));
}

/**
 * A table cell: numbers are formatted with {@link formatNumber} and right-aligned.
 *
 * @example
 * ```ts
 * import { formatTable, type Cell } from '@ratedistortion/cli';
 * const row: Cell[] = [0.1, 1.1513, 'closed-form', true];
 * console.log(formatTable(['eps', 'rate', 'method', 'valid'], [row]));
 * ```
 */
export type Cell = string | number | boolean;

/**
 * An aligned plain-text table with a header line.
 *
 * @example
 * ```ts
 * import { formatTable } from '@ratedistortion/cli';
 * console.log(formatTable(['eps', 'rate'], [[0.1, 1.1513], [0.2, 0.8047]]));
 * ```
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : String(c))));
  const right = headers.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number'));
  const width = headers.map((h, j) => Math.max(h.length, ...text.map((r) => r[j].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => (right[j] ? c.padStart(width[j]) : c.padEnd(width[j])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...text.map(line)].join('\n') + '\n';
}

/**
 * CSV text of a table (header line plus rows); numbers at full precision.
 *
 * @example
 * ```ts
 * import { formatCsv } from '@ratedistortion/cli';
 * console.log(formatCsv(['eps', 'rate'], [[0.1, 1.151292546497023]]));
 * ```
 */
export function formatCsv(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const esc = (c: Cell): string => {
    const s = String(c);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers.map(esc).join(','), ...rows.map((r) => r.map(esc).join(','))].join('\n') + '\n';
}

/**
 * Pretty-printed JSON followed by a newline (Float64Arrays become arrays).
 *
 * @example
 * ```ts
 * import { formatJson } from '@ratedistortion/cli';
 * console.log(formatJson({ rate: 0.5 }));
 * ```
 */
export function formatJson(value: unknown): string {
  return (
    JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2) +
    '\n'
  );
}
