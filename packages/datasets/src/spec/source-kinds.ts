// A machine-readable catalogue of the SPEC kinds, for `rd sources` and for documentation. The catalogue itself is
// data (source-kinds.json); the tests check that it lists every kind, documents every field an example uses, and
// that every synthetic example builds.
import catalogue from './source-kinds.json';
import type { SourceSpec } from './specs.js';

/**
 * One SPEC field of a kind.
 *
 * @example
 * ```ts
 * import type { SourceFieldInfo } from '@ratedistortion/datasets';
 * const f: SourceFieldInfo = { name: 'scale', type: 'number', required: true, description: 'scale b > 0' };
 * ```
 */
export interface SourceFieldInfo {
  name: string;
  /** JSON type, e.g. `number | number[]`. */
  type: string;
  required: boolean;
  description: string;
}

/**
 * A SPEC kind: what it is, its fields and an example SPEC.
 *
 * @example
 * ```ts
 * import type { SourceKindInfo } from '@ratedistortion/datasets';
 * const k: SourceKindInfo = { kind: 'uniform', description: 'box', fields: [], example: { kind: 'uniform', low: 0, high: 1 } };
 * ```
 */
export interface SourceKindInfo {
  kind: string;
  description: string;
  fields: SourceFieldInfo[];
  example: SourceSpec;
}

/**
 * Every source kind `sourceFromSpec` accepts, with its fields and an example (read from `source-kinds.json`).
 *
 * @example
 * ```ts
 * import { SOURCE_KINDS, sourceFromSpec } from '@ratedistortion/datasets';
 * for (const k of SOURCE_KINDS) console.log(k.kind, '-', k.description);
 * sourceFromSpec(SOURCE_KINDS[0].example);
 * ```
 */
export const SOURCE_KINDS: readonly SourceKindInfo[] = catalogue as readonly SourceKindInfo[];
