// Plot files: SVG is written as text; PNG goes through resvg, a real SVG rasteriser shipped as prebuilt native
// binaries inside npm packages, so no browser and no system library is involved. resvg is loaded on demand:
// SVG output and every other command work without it.
import { extname, isAbsolute, resolve } from 'node:path';
import { BackendUnavailableError, InvalidParameterError, assertPositive, writeFileAtomic } from '@ratedistortion/core';

/**
 * The image formats a plot can be written in.
 *
 * @example
 * ```ts
 * import type { PlotFormat } from '@ratedistortion/cli';
 * const f: PlotFormat = 'png';
 * ```
 */
export type PlotFormat = 'svg' | 'png';

/**
 * The format a plot file name asks for (`.svg` or `.png`, any case); anything else is an InvalidParameterError.
 *
 * @example
 * ```ts
 * import { plotFormatOf } from '@ratedistortion/cli/plot';
 * console.log(plotFormatOf('curve.PNG')); // 'png'
 * ```
 */
export function plotFormatOf(file: string): PlotFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.png') return 'png';
  throw new InvalidParameterError('plot file', 'a name ending in .svg or .png', file);
}

type ResvgModule = {
  Resvg: new (svg: string, options?: Record<string, unknown>) => { render(): { asPng(): Uint8Array } };
};

/**
 * Rasterise an SVG document to PNG bytes with resvg (`@resvg/resvg-js`, a dependency of this package).
 * `scale` multiplies the SVG's pixel size (default 2, for sharp text). Text uses the system's fonts
 * (DejaVu Sans / Liberation Sans where installed). Throws BackendUnavailableError when resvg cannot be loaded
 * (e.g. no prebuilt binary for the platform).
 *
 * @example
 * ```ts
 * import { svgToPng } from '@ratedistortion/cli';
 * const png = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>');
 * console.log(png.length > 0);
 * ```
 */
export async function svgToPng(svg: string, options: { scale?: number } = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 2;
  assertPositive('scale', scale);
  let mod: ResvgModule;
  try {
    const loaded = (await import('@resvg/resvg-js')) as unknown as ResvgModule & { default?: ResvgModule };
    mod = typeof loaded.Resvg === 'function' ? loaded : (loaded.default as ResvgModule);
  } catch (e) {
    throw new BackendUnavailableError(
      'png',
      '@resvg/resvg-js',
      'a prebuilt binary for this platform (or write .svg instead)',
      e,
    );
  }
  const renderer = new mod.Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return renderer.render().asPng();
}

/**
 * Write an SVG plot to `file`: as SVG text for `.svg`, rasterised by {@link svgToPng} for `.png`. Relative paths
 * start from `cwd` (default the process's). Returns the absolute path and the format written.
 *
 * @example
 * ```ts
 * import { writePlot, rdCurveSvg } from '@ratedistortion/cli';
 * const svg = rdCurveSvg({ references: [{ name: 'N(0, 1)', points: [0.1, 0.5, 0.9].map((e) => ({ distortion: e / 2, rate: -0.5 * Math.log(e) })) }] });
 * console.log(await writePlot('gaussian-rd.svg', svg));
 * ```
 */
export async function writePlot(
  file: string,
  svg: string,
  cwd?: string,
): Promise<{ path: string; format: PlotFormat }> {
  const format = plotFormatOf(file);
  const path = isAbsolute(file) ? file : resolve(cwd ?? process.cwd(), file);
  const bytes = format === 'svg' ? svg : await svgToPng(svg);
  writeFileAtomic(path, bytes);
  return { path, format };
}
