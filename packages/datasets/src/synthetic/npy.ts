// NumPy sample files: `.npy` (one array) and `.npz` (a zip of `.npy` arrays, stored or deflated), float32 or float64,
// either byte order, C or Fortran order, shape (n,) or (n, d). A file on disk is read in 8 MiB chunks straight into
// the sample matrix (a Float64Array of n·d values), so a 1 GB file never becomes JS numbers in arrays or objects;
// Fortran-ordered data is transposed as it streams. Deflated `.npz` members are inflated in memory (zlib).
import type { Samples } from '@ratedistortion/core';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { nodeFileSystem } from '../files/file-access.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const CHUNK = 8 << 20;

/** The header of a `.npy` array: element type, order and shape, and where the data starts. */
interface NpyHeader {
  bytes: 4 | 8;
  littleEndian: boolean;
  fortran: boolean;
  n: number;
  dim: number;
  dataOffset: number;
}

function parseHeader(head: Uint8Array, name: string): NpyHeader {
  if (head.length < 10 || MAGIC.some((b, i) => head[i] !== b))
    throw new DatasetFileError(name, 'not a .npy array (no \\x93NUMPY magic)');
  const major = head[6];
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (head.length < start + headerLen) throw new DatasetFileError(name, 'truncated .npy header');
  const text = new TextDecoder('latin1').decode(head.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw new DatasetFileError(name, `unreadable .npy header ${JSON.stringify(text.trim())}`);
  const kind = /^([<>|=])f([48])$/.exec(descr);
  if (!kind) {
    throw new DatasetFileError(
      name,
      `dtype '${descr}' is not supported: samples must be float32 or float64 (in NumPy: x.astype(np.float64))`,
    );
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.length < 1 || shape.length > 2 || shape.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new DatasetFileError(
      name,
      `shape (${shapeText}) is not supported: samples must be an array of shape (n,) or (n, d)`,
    );
  }
  const n = shape[0];
  const dim = shape.length === 2 ? shape[1] : 1;
  if (n === 0 || dim === 0) throw new DatasetFileError(name, `the array is empty (shape (${shapeText}))`);
  return {
    bytes: kind[2] === '4' ? 4 : 8,
    littleEndian: kind[1] !== '>',
    fortran: fortran === 'True',
    n,
    dim,
    dataOffset: start + headerLen,
  };
}

/** Copy `count` elements of raw data, starting at element `first` in file order, into the row-major matrix. */
function decodeInto(
  h: NpyHeader,
  raw: Uint8Array,
  first: number,
  count: number,
  out: Float64Array,
  name: string,
): void {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let e = 0; e < count; e++) {
    const k = first + e;
    const v = h.bytes === 8 ? view.getFloat64(e * 8, h.littleEndian) : view.getFloat32(e * 4, h.littleEndian);
    if (!Number.isFinite(v)) throw new DatasetFileError(name, `element ${k} is not a finite number (${v})`);
    out[h.fortran ? (k % h.n) * h.dim + Math.floor(k / h.n) : k] = v;
  }
}

/**
 * Parse the bytes of a `.npy` file into a sample matrix (one sample per row). A 1-D array is n samples of
 * dimension 1. Other dtypes, shapes of rank > 2, non-finite values and truncated data are a `DatasetFileError`.
 *
 * @example
 * ```ts
 * import { parseNpySamples } from '@ratedistortion/datasets';
 * // what numpy.save writes for np.array([1.5, 2.5]): magic, version 1.0, header length, header, little-endian float64s
 * const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }".padEnd(117, ' ') + '\n';
 * const bytes = new Uint8Array(128 + 16);
 * bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]);
 * bytes.set(new TextEncoder().encode(header), 10);
 * new DataView(bytes.buffer).setFloat64(128, 1.5, true);
 * new DataView(bytes.buffer).setFloat64(136, 2.5, true);
 * console.log(parseNpySamples(bytes).data); // Float64Array [1.5, 2.5]
 * ```
 */
export function parseNpySamples(bytes: Uint8Array, name = '<npy>'): Samples {
  const h = parseHeader(bytes, name);
  const total = h.n * h.dim;
  if (bytes.length < h.dataOffset + total * h.bytes)
    throw new DatasetFileError(name, `truncated data: ${total} values of ${h.bytes} bytes expected`);
  const out = new Float64Array(total);
  decodeInto(h, bytes.subarray(h.dataOffset, h.dataOffset + total * h.bytes), 0, total, out, name);
  return { n: h.n, dim: h.dim, data: out };
}

type Fs = NonNullable<ReturnType<typeof nodeFileSystem>>;

function readAt(fs: Fs, fd: number, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const r = fs.readSync(fd, buf, got, length - got, position + got);
    if (r === 0) break;
    got += r;
  }
  return buf.subarray(0, got);
}

/** Stream one `.npy` array that starts at byte `base` of an open file. */
function streamNpy(fs: Fs, fd: number, base: number, name: string): Samples {
  const probe = readAt(fs, fd, base, 12);
  const headerLen =
    probe.length >= 10
      ? probe[6] === 1
        ? probe[8] | (probe[9] << 8)
        : new DataView(probe.buffer).getUint32(8, true)
      : 0;
  const h = parseHeader(readAt(fs, fd, base, (probe[6] === 1 ? 10 : 12) + headerLen), name);
  const total = h.n * h.dim;
  const out = new Float64Array(total);
  const perChunk = Math.max(1, Math.floor(CHUNK / h.bytes));
  for (let first = 0; first < total; first += perChunk) {
    const count = Math.min(perChunk, total - first);
    const raw = readAt(fs, fd, base + h.dataOffset + first * h.bytes, count * h.bytes);
    if (raw.length < count * h.bytes)
      throw new DatasetFileError(name, `truncated data: ${total} values of ${h.bytes} bytes expected`);
    decodeInto(h, raw, first, count, out, name);
  }
  return { n: h.n, dim: h.dim, data: out };
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function zipEntries(
  tail: Uint8Array,
  readCentral: (offset: number, length: number) => Uint8Array,
  name: string,
): ZipEntry[] {
  const v = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (v.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new DatasetFileError(name, 'not a .npz archive (no zip end-of-central-directory record)');
  const count = v.getUint16(eocd + 10, true);
  const size = v.getUint32(eocd + 12, true);
  const offset = v.getUint32(eocd + 16, true);
  if (offset === 0xffffffff)
    throw new DatasetFileError(name, 'zip64 archives are not supported; save the array as .npy instead');
  const cd = readCentral(offset, size);
  const c = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const out: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (c.getUint32(p, true) !== 0x02014b50) throw new DatasetFileError(name, 'corrupt zip central directory');
    const method = c.getUint16(p + 10, true);
    const compressedSize = c.getUint32(p + 20, true);
    const nameLen = c.getUint16(p + 28, true);
    const extraLen = c.getUint16(p + 30, true);
    const commentLen = c.getUint16(p + 32, true);
    const localOffset = c.getUint32(p + 42, true);
    out.push({
      name: new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLen)),
      method,
      compressedSize,
      localOffset,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function pickEntry(entries: ZipEntry[], array: string | undefined, name: string): ZipEntry {
  const arrays = entries.filter((e) => e.name.endsWith('.npy'));
  const names = arrays.map((e) => e.name.slice(0, -4));
  if (array !== undefined) {
    const e = arrays.find((x) => x.name === `${array}.npy`);
    if (!e) throw new DatasetFileError(name, `has no array '${array}' (arrays: ${names.join(', ')})`);
    return e;
  }
  if (arrays.length !== 1)
    throw new DatasetFileError(name, `holds ${arrays.length} arrays (${names.join(', ')}): name one with "array"`);
  return arrays[0];
}

function inflate(raw: Uint8Array, name: string): Uint8Array {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const zlib = proc?.getBuiltinModule?.('node:zlib') as { inflateRawSync(b: Uint8Array): Uint8Array } | undefined;
  if (!zlib)
    throw new DatasetFileError(
      name,
      'a compressed .npz member needs Node.js zlib; use np.savez (uncompressed) or .npy',
    );
  return zlib.inflateRawSync(raw);
}

/**
 * Parse the bytes of a `.npz` archive (`np.savez` or `np.savez_compressed`) and return one array as samples:
 * `array` names it (required when the archive holds several).
 *
 * @example
 * ```ts
 * import { parseNpzSamples } from '@ratedistortion/datasets';
 * const read = (bytes: Uint8Array) => parseNpzSamples(bytes, 'x.npz', 'x');
 * ```
 */
export function parseNpzSamples(bytes: Uint8Array, name = '<npz>', array?: string): Samples {
  const entries = zipEntries(bytes, (o, l) => bytes.subarray(o, o + l), name);
  const e = pickEntry(entries, array, name);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = e.localOffset + 30 + v.getUint16(e.localOffset + 26, true) + v.getUint16(e.localOffset + 28, true);
  const raw = bytes.subarray(start, start + e.compressedSize);
  if (e.method === 0) return parseNpySamples(raw, `${name}:${e.name}`);
  if (e.method === 8) return parseNpySamples(inflate(raw, name), `${name}:${e.name}`);
  throw new DatasetFileError(
    name,
    `member ${e.name} uses zip method ${e.method}; only stored and deflated members are read`,
  );
}

/**
 * Read a `.npy` or `.npz` file from disk as samples (Node), streamed in 8 MiB chunks into the sample matrix (see the
 * file notes); `array` picks the member of an `.npz`.
 *
 * @example
 * ```ts
 * import { readNumpySamples } from '@ratedistortion/datasets';
 * const load = (path: string) => readNumpySamples(path); // e.g. 'samples.npy'
 * ```
 */
export function readNumpySamples(path: string, array?: string): Samples {
  const fs = nodeFileSystem();
  if (!fs)
    throw new DatasetFileError(
      path,
      'reading files by path needs Node.js; pass the bytes to parseNpySamples / parseNpzSamples',
    );
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new DatasetFileError(path, code === 'ENOENT' ? 'file not found' : `cannot be read (${(e as Error).message})`);
  }
  try {
    if (!path.toLowerCase().endsWith('.npz')) {
      if (array !== undefined) throw new DatasetFileError(path, '"array" applies to .npz archives only');
      return streamNpy(fs, fd, 0, path);
    }
    const size = fs.fstatSync(fd).size;
    const tailStart = Math.max(0, size - 65_557);
    const tail = readAt(fs, fd, tailStart, size - tailStart);
    const e = pickEntry(
      zipEntries(tail, (o, l) => readAt(fs, fd, o, l), path),
      array,
      path,
    );
    const local = readAt(fs, fd, e.localOffset, 30);
    const lv = new DataView(local.buffer, local.byteOffset, local.byteLength);
    const start = e.localOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
    if (e.method === 0) return streamNpy(fs, fd, start, `${path}:${e.name}`);
    if (e.method === 8)
      return parseNpySamples(inflate(readAt(fs, fd, start, e.compressedSize), path), `${path}:${e.name}`);
    throw new DatasetFileError(
      path,
      `member ${e.name} uses zip method ${e.method}; only stored and deflated members are read`,
    );
  } finally {
    fs.closeSync(fd);
  }
}
