// Several plots in one SVG file, one below the other, for figures with more than one pane. Each pane is a
// complete SVG document nested at its offset; ids are made unique per pane so clip paths stay separate.
import { InvalidParameterError } from '@ratedistortion/core';

/**
 * Stack SVG documents vertically into one (width: the widest pane).
 *
 * @example
 * ```ts
 * import { stackSvgPanels, xySvg } from '@ratedistortion/cli';
 * const pane = xySvg({ xLabel: 'x', yLabel: 'y', series: [{ name: 'a', x: [0, 1], y: [0, 1] }] });
 * console.log(stackSvgPanels([pane, pane]).match(/<svg/g)?.length); // 3
 * ```
 */
export function stackSvgPanels(panels: readonly string[]): string {
  if (panels.length === 0) throw new InvalidParameterError('panels', 'at least one SVG', 0);
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  panels.forEach((svg, k) => {
    const m = /<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
    if (!m) throw new InvalidParameterError(`panels[${k}]`, 'an SVG document with width and height', svg.slice(0, 40));
    const w = Number(m[1]);
    const h = Number(m[2]);
    const unique = svg.replace(/\bid="([^"]+)"/g, `id="$1-p${k}"`).replace(/url\(#([^)]+)\)/g, `url(#$1-p${k})`);
    parts.push(unique.replace(/<svg\b/, `<svg x="0" y="${y}"`));
    y += h;
    width = Math.max(width, w);
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">\n` +
    `<rect x="0" y="0" width="${width}" height="${y}" fill="#ffffff"/>\n${parts.join('')}</svg>\n`
  );
}
