// Test helpers: a small strict XML reader (enough for the SVG the plot writers emit, and it rejects anything
// malformed), the pixel↔data map recovered from an axis' tick labels, and a PNG decoder on node:zlib. They read
// the files back independently of the writers' own scale code.
import { inflateSync } from 'node:zlib';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export function parseXml(src: string): XmlNode {
  let i = 0;
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const text = src.slice(i, lt === -1 ? src.length : lt);
    if (text.trim()) {
      if (stack.length === 1) throw new Error(`text outside the root element: ${text.trim().slice(0, 30)}`);
      stack[stack.length - 1].text += unescapeXml(text);
    }
    if (lt === -1) break;
    const gt = src.indexOf('>', lt);
    if (gt === -1) throw new Error('unterminated tag');
    const tag = src.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (!open || open.name !== tag.slice(1).trim())
        throw new Error(`mismatched </${tag.slice(1)}> (open: ${open?.name})`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([A-Za-z][\w:-]*)/.exec(body);
    if (!m) throw new Error(`bad tag <${tag}>`);
    const node: XmlNode = { name: m[1], attrs: {}, children: [], text: '' };
    const rest = body.slice(m[1].length);
    const attrRe = /\s+([A-Za-z_:][\w:.-]*)="([^"]*)"/gy;
    let pos = 0;
    let a: RegExpExecArray | null;
    while ((a = attrRe.exec(rest)) !== null) {
      if (a[1] in node.attrs) throw new Error(`duplicate attribute ${a[1]}`);
      node.attrs[a[1]] = unescapeXml(a[2]);
      pos = attrRe.lastIndex;
    }
    if (rest.slice(pos).trim() !== '') throw new Error(`malformed attributes in <${tag}>`);
    stack[stack.length - 1].children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error('expected exactly one root element');
  return root.children[0];
}

export function findAll(node: XmlNode, pred: (n: XmlNode) => boolean, out: XmlNode[] = []): XmlNode[] {
  if (pred(node)) out.push(node);
  for (const c of node.children) findAll(c, pred, out);
  return out;
}

export const hasClass = (cls: string) => (n: XmlNode) => (n.attrs.class ?? '').split(/\s+/).includes(cls);

/** The vertices of a path written with absolute M/L commands (and an optional closing Z). */
export function pathPoints(d: string): [number, number][] {
  const pts: [number, number][] = [];
  const re = /([MLZ])\s*(?:(-?[\d.]+),(-?[\d.]+))?/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(d)) !== null) {
    if (m.index !== consumed && d.slice(consumed, m.index).trim() !== '')
      throw new Error(`unexpected path text '${d.slice(consumed, m.index)}'`);
    consumed = re.lastIndex;
    if (m[1] !== 'Z') pts.push([Number(m[2]), Number(m[3])]);
  }
  if (d.slice(consumed).trim() !== '') throw new Error(`trailing path text '${d.slice(consumed)}'`);
  return pts;
}

/** The affine pixel→data map of an axis, fitted through its tick marks and their printed values. */
export function axisMap(svg: XmlNode, which: 'x' | 'y'): { toData(px: number): number; ticks: number } {
  const axis = findAll(svg, hasClass(`${which}-axis`))[0];
  if (!axis) throw new Error(`no ${which}-axis`);
  const labels = findAll(axis, hasClass('tick-label'));
  const ticks = findAll(axis, hasClass('tick'));
  if (labels.length < 2 || labels.length !== ticks.length)
    throw new Error(`${which}-axis: ${labels.length} labels, ${ticks.length} ticks`);
  const vals = labels.map((l) => Number(l.text));
  const pxs = ticks.map((t) => Number(which === 'x' ? t.attrs.x1 : t.attrs.y1));
  const k = (pxs[pxs.length - 1] - pxs[0]) / (vals[vals.length - 1] - vals[0]);
  return { toData: (px) => vals[0] + (px - pxs[0]) / k, ticks: labels.length };
}

/** Decode an 8-bit RGB/RGBA, non-interlaced PNG into RGBA pixels. */
export function decodePng(buf: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const b = Buffer.from(buf);
  if (b.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG signature');
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (off < b.length) {
    const len = b.readUInt32BE(off);
    const type = b.subarray(off + 4, off + 8).toString('latin1');
    const data = b.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      colorType = data[9];
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    off += 12 + len;
  }
  const ch = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (!ch) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * ch;
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= ch ? px[y * stride + x - ch] : 0;
      const up = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= ch && y > 0 ? px[(y - 1) * stride + x - ch] : 0;
      let pred = 0;
      if (f === 1) pred = a;
      else if (f === 2) pred = up;
      else if (f === 3) pred = (a + up) >> 1;
      else if (f === 4) {
        const p = a + up - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      } else if (f !== 0) throw new Error(`bad PNG filter ${f}`);
      px[y * stride + x] = (v + pred) & 0xff;
    }
  }
  if (ch === 4) return { width, height, rgba: px };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([px[3 * i], px[3 * i + 1], px[3 * i + 2], 255], 4 * i);
  return { width, height, rgba };
}
