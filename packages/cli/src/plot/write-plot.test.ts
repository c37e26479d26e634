// PNG output goes through resvg; the PNG is decoded here (node:zlib) and its pixels checked where the SVG says
// something was drawn: marker centres carry the series colour, the background is white, and the title has
// dark (text) pixels, which also shows that a font was found.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { rdCurveSvg } from './rd-curve-plot.js';
import { findAll, hasClass, parseXml, decodePng } from './svg-reader.test-util.js';
import { plotFormatOf, svgToPng, writePlot } from './write-plot.js';

const eps = [0.1, 0.3, 0.5, 0.7, 0.9];
const svgText = rdCurveSvg({
  title: 'PNG check',
  references: [{ name: 'closed form', points: eps.map((e) => ({ distortion: e / 2, rate: -0.5 * Math.log(e) })) }],
  series: [{ name: 'estimate', points: eps.map((e) => ({ distortion: e / 2, rate: -0.5 * Math.log(e) + 0.05 })) }],
});

describe('plot files', () => {
  it('the format follows the extension, case-insensitively; others are refused', () => {
    expect(plotFormatOf('a/b/c.SVG')).toBe('svg');
    expect(plotFormatOf('c.png')).toBe('png');
    expect(() => plotFormatOf('c.pdf')).toThrow(InvalidParameterError);
    expect(() => plotFormatOf('svg')).toThrow(InvalidParameterError);
  });

  it('writes SVG text unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-plot-'));
    const w = await writePlot('curve.svg', svgText, dir);
    expect(w).toEqual({ path: join(dir, 'curve.svg'), format: 'svg' });
    expect(readFileSync(w.path, 'utf8')).toBe(svgText);
  });

  it('rasterises to a PNG of twice the SVG size with the drawing where the SVG puts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-plot-'));
    const w = await writePlot(join(dir, 'curve.png'), svgText);
    expect(w.format).toBe('png');
    const png = decodePng(readFileSync(w.path));
    expect([png.width, png.height]).toEqual([1280, 840]);
    const at = (x: number, y: number) =>
      Array.from(png.rgba.subarray(4 * (y * png.width + x), 4 * (y * png.width + x) + 3));
    expect(at(2, 2)).toEqual([255, 255, 255]);

    const svg = parseXml(svgText);
    const series = findAll(svg, hasClass('series-points'))[0];
    const blue = [0x00, 0x72, 0xb2];
    expect(series.attrs.fill.toLowerCase()).toBe('#0072b2');
    for (const c of findAll(series, (n) => n.name === 'circle')) {
      const rgb = at(Math.round(2 * Number(c.attrs.cx)), Math.round(2 * Number(c.attrs.cy)));
      rgb.forEach((v, k) => expect(Math.abs(v - blue[k])).toBeLessThanOrEqual(8));
    }
    // Title text: some near-black pixels in its band (y ≈ 10..30 px in SVG units), none of the plot colours.
    const title = findAll(svg, hasClass('title'))[0];
    const cx = 2 * Number(title.attrs.x);
    let dark = 0;
    for (let y = 20; y < 60; y++) for (let x = cx - 80; x < cx + 80; x++) if (at(x, y).every((v) => v < 80)) dark++;
    expect(dark).toBeGreaterThan(50);
  });

  it('svgToPng refuses a non-positive scale', async () => {
    await expect(svgToPng(svgText, { scale: 0 })).rejects.toThrow(InvalidParameterError);
  });
});
