/**
 * Images as uploaded: their type told by their bytes (never by name or Content-Type), their pixel
 * size read from the header, and their metadata removed without re-encoding: EXIF (camera, time,
 * GPS position), XMP and IPTC, text and comments. A photo's location can expose a source.
 *
 * - JPEG: APP1 (EXIF, XMP), APP3–APP13, APP15 and COM segments are dropped; JFIF, ICC (APP2) and
 *   Adobe (APP14) colour information stays. The EXIF orientation survives as a minimal EXIF of
 *   that one tag, so a phone photo still shows upright.
 * - PNG: eXIf, tEXt, zTXt, iTXt (XMP lives there) and tIME chunks are dropped.
 * - WebP: EXIF and XMP chunks are dropped and the VP8X flags cleared.
 * - AVIF: EXIF and XMP items live inside the media data; their bytes are overwritten with zeros
 *   (the box layout stays valid, nothing is re-encoded).
 */

export type ImageType = "jpeg" | "png" | "webp" | "avif";

export interface ImageInfo {
  type: ImageType;
  mime: string;
  extension: string;
  /** Pixel size as displayed (EXIF orientation applied). */
  width: number;
  height: number;
}

const MIME: Record<ImageType, [string, string]> = {
  jpeg: ["image/jpeg", "jpg"],
  png: ["image/png", "png"],
  webp: ["image/webp", "webp"],
  avif: ["image/avif", "avif"],
};

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32le = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The type of an image by its first bytes, or null for anything else.
 * @example imageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) // "png"
 */
export function imageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "webp";
  if (bytes.length >= 16 && ascii(bytes, 4, 4) === "ftyp") {
    const size = u32be(bytes, 0);
    const end = Math.min(size, bytes.length);
    for (let i = 8; i + 4 <= end; i += 4) {
      if (i === 12) continue; // minor version
      const brand = ascii(bytes, i, 4);
      if (brand === "avif" || brand === "avis") return "avif";
    }
  }
  return null;
}

export interface CleanImage {
  bytes: Uint8Array;
  info: ImageInfo;
}

/**
 * The image with its metadata removed, and what it is; null when the bytes are no well-formed
 * JPEG, PNG, WebP or AVIF (whatever its name or Content-Type claims).
 * @example const clean = cleanImage(new Uint8Array(await file.arrayBuffer()));
 */
export function cleanImage(bytes: Uint8Array): CleanImage | null {
  const type = imageType(bytes);
  try {
    const result = type === "jpeg" ? cleanJpeg(bytes) : type === "png" ? cleanPng(bytes) : type === "webp" ? cleanWebp(bytes) : type === "avif" ? cleanAvif(bytes) : null;
    if (!result || !type || result.width < 1 || result.height < 1) return null;
    const [mime, extension] = MIME[type];
    return { bytes: result.bytes, info: { type, mime, extension, width: result.width, height: result.height } };
  } catch {
    return null; // truncated or malformed: read past its end
  }
}

interface Cleaned {
  bytes: Uint8Array;
  width: number;
  height: number;
}

// ---------------------------------------------------------------------------------------------
// JPEG

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** APP0 (JFIF), APP2 (ICC profile), APP14 (Adobe colour transform) describe how to show the pixels. */
const KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

/** The EXIF orientation (1–8) in an APP1 EXIF payload, or null. */
function exifOrientation(segment: Uint8Array): number | null {
  if (ascii(segment, 0, 6) !== "Exif\0\0") return null;
  const tiff = segment.subarray(6);
  const little = ascii(tiff, 0, 2) === "II";
  const u16 = (i: number) => (little ? u16le(tiff, i) : u16be(tiff, i));
  const u32 = (i: number) => (little ? u32le(tiff, i) : u32be(tiff, i));
  const ifd = u32(4);
  const count = u16(ifd);
  for (let n = 0; n < count; n++) {
    const at = ifd + 2 + n * 12;
    if (u16(at) === 0x0112) {
      const value = u16(at + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

/** A minimal APP1 EXIF segment holding only the orientation tag. */
function orientationSegment(orientation: number): Uint8Array {
  const payload = [
    ...[0x45, 0x78, 0x69, 0x66, 0, 0], // "Exif\0\0"
    ...[0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8], // big-endian TIFF header, IFD0 at 8
    ...[0, 1], // one entry
    ...[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0], // Orientation, SHORT, 1, value
    ...[0, 0, 0, 0], // no next IFD
  ];
  const length = payload.length + 2;
  return new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff, ...payload]);
}

function cleanJpeg(b: Uint8Array): Cleaned | null {
  const kept: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  let width = 0;
  let height = 0;
  let orientation: number | null = null;
  let insertAt = 1; // after SOI, or after APP0 when there is one
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) break;
    const length = u16be(b, i + 2);
    if (length < 2 || i + 2 + length > b.length) return null;
    const segment = b.subarray(i, i + 2 + length);
    if (SOF.has(marker)) {
      height = u16be(b, i + 5);
      width = u16be(b, i + 7);
    }
    if (marker === 0xda) {
      kept.push(b.subarray(i)); // the scans: pixels, kept as they are
      if (!width || !height) return null;
      if (orientation !== null && orientation !== 1) kept.splice(insertAt, 0, orientationSegment(orientation));
      const swap = orientation !== null && orientation >= 5;
      return { bytes: concat(kept), width: swap ? height : width, height: swap ? width : height };
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (marker === 0xe1) orientation ??= exifOrientation(segment.subarray(4));
    if ((isApp && !KEPT_APP.has(marker)) || marker === 0xfe) {
      // dropped: EXIF, XMP, IPTC, comments and other application data
    } else {
      kept.push(segment);
      if (marker === 0xe0) insertAt = kept.length;
    }
    i += 2 + length;
  }
  return null; // no image data
}

// ---------------------------------------------------------------------------------------------
// PNG

const PNG_DROPPED = new Set(["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]);

function cleanPng(b: Uint8Array): Cleaned | null {
  const kept: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  let width = 0;
  let height = 0;
  while (i + 12 <= b.length) {
    const length = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + length;
    if (end > b.length) return null;
    if (type === "IHDR") {
      width = u32be(b, i + 8);
      height = u32be(b, i + 12);
    }
    if (!PNG_DROPPED.has(type)) kept.push(b.subarray(i, end));
    i = end;
    if (type === "IEND") return width && height ? { bytes: concat(kept), width, height } : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// WebP

function cleanWebp(b: Uint8Array): Cleaned | null {
  const chunks: Uint8Array[] = [];
  let i = 12;
  let width = 0;
  let height = 0;
  const end = Math.min(b.length, 8 + u32le(b, 4));
  while (i + 8 <= end) {
    const fourcc = ascii(b, i, 4);
    const size = u32le(b, i + 4);
    const next = i + 8 + size + (size & 1);
    if (i + 8 + size > end) return null;
    const data = i + 8;
    if (fourcc === "VP8X") {
      width = u24le(b, data + 4) + 1;
      height = u24le(b, data + 7) + 1;
    } else if (fourcc === "VP8 " && !width) {
      if (b[data + 3] !== 0x9d || b[data + 4] !== 0x01 || b[data + 5] !== 0x2a) return null;
      width = u16le(b, data + 6) & 0x3fff;
      height = u16le(b, data + 8) & 0x3fff;
    } else if (fourcc === "VP8L" && !width) {
      if (b[data] !== 0x2f) return null;
      const bits = u32le(b, data + 1);
      width = (bits & 0x3fff) + 1;
      height = ((bits >>> 14) & 0x3fff) + 1;
    }
    if (fourcc !== "EXIF" && fourcc !== "XMP ") {
      const chunk = b.slice(i, Math.min(next, end));
      if (fourcc === "VP8X") chunk[8] = chunk[8]! & ~0x0c; // no EXIF, no XMP
      chunks.push(chunk);
    }
    i = next;
  }
  if (!width || !height) return null;
  const body = concat(chunks);
  const header = new Uint8Array(12);
  header.set([0x52, 0x49, 0x46, 0x46]);
  const size = body.length + 4;
  header.set([size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >>> 24) & 0xff], 4);
  header.set([0x57, 0x45, 0x42, 0x50], 8);
  return { bytes: concat([header, body]), width, height };
}

// ---------------------------------------------------------------------------------------------
// AVIF (ISO base media file format)

interface Box {
  type: string;
  start: number;
  /** Where the content begins (after size and type). */
  data: number;
  end: number;
}

function boxes(b: Uint8Array, from: number, to: number): Box[] {
  const found: Box[] = [];
  let i = from;
  while (i + 8 <= to) {
    let size = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    let data = i + 8;
    if (size === 1) {
      size = u32be(b, i + 8) * 2 ** 32 + u32be(b, i + 12);
      data = i + 16;
    } else if (size === 0) size = to - i;
    if (size < data - i || i + size > to) throw new Error("box out of bounds");
    found.push({ type, start: i, data, end: i + size });
    i += size;
  }
  return found;
}

const child = (b: Uint8Array, box: Box, type: string, skip = 0) => boxes(b, box.data + skip, box.end).find((x) => x.type === type);

function readUint(b: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let k = 0; k < size; k++) value = value * 256 + b[at + k]!;
  return value;
}

function cleanAvif(input: Uint8Array): Cleaned | null {
  const b = input.slice();
  const top = boxes(b, 0, b.length);
  const meta = top.find((x) => x.type === "meta");
  if (!meta) return null;
  const inner = boxes(b, meta.data + 4, meta.end); // meta is a full box
  const find = (type: string) => inner.find((x) => x.type === type);

  // Size: the largest image spatial extent (the primary image; thumbnails are smaller).
  let width = 0;
  let height = 0;
  const iprp = find("iprp");
  const ipco = iprp && child(b, iprp, "ipco");
  if (ipco) {
    for (const p of boxes(b, ipco.data, ipco.end)) {
      if (p.type !== "ispe") continue;
      const w = u32be(b, p.data + 4);
      const h = u32be(b, p.data + 8);
      if (w * h > width * height) [width, height] = [w, h];
    }
  }

  // Metadata items: Exif, and XMP (a mime item of type application/rdf+xml).
  const metadata = new Set<number>();
  const iinf = find("iinf");
  if (iinf) {
    const version = b[iinf.data]!;
    const first = iinf.data + 4 + (version === 0 ? 2 : 4);
    for (const infe of boxes(b, first, iinf.end)) {
      if (infe.type !== "infe") continue;
      const v = b[infe.data]!;
      if (v < 2) continue;
      let at = infe.data + 4;
      const id = v === 2 ? u16be(b, at) : u32be(b, at);
      at += (v === 2 ? 2 : 4) + 2;
      const itemType = ascii(b, at, 4);
      at += 4;
      if (itemType === "Exif") metadata.add(id);
      if (itemType === "mime") {
        while (at < infe.end && b[at] !== 0) at++; // item name
        const typeStart = at + 1;
        let typeEnd = typeStart;
        while (typeEnd < infe.end && b[typeEnd] !== 0) typeEnd++;
        if (/xml|xmp/i.test(ascii(b, typeStart, typeEnd - typeStart))) metadata.add(id);
      }
    }
  }
  const iloc = find("iloc");
  if (metadata.size && iloc) {
    const version = b[iloc.data]!;
    let at = iloc.data + 4;
    const offsetSize = b[at]! >> 4;
    const lengthSize = b[at]! & 15;
    const baseSize = b[at + 1]! >> 4;
    const indexSize = version >= 1 ? b[at + 1]! & 15 : 0;
    at += 2;
    const count = version < 2 ? u16be(b, at) : u32be(b, at);
    at += version < 2 ? 2 : 4;
    for (let n = 0; n < count; n++) {
      const id = version < 2 ? u16be(b, at) : u32be(b, at);
      at += version < 2 ? 2 : 4;
      const method = version >= 1 ? u16be(b, at) & 15 : 0;
      if (version >= 1) at += 2;
      at += 2; // data reference index
      const base = readUint(b, at, baseSize);
      at += baseSize;
      const extents = u16be(b, at);
      at += 2;
      for (let e = 0; e < extents; e++) {
        at += indexSize;
        const offset = readUint(b, at, offsetSize);
        at += offsetSize;
        const length = readUint(b, at, lengthSize);
        at += lengthSize;
        if (metadata.has(id) && (method === 0 || method === 1)) {
          // Method 0: offsets into the file; method 1: into the meta box's idat.
          const idat = method === 1 ? find("idat") : undefined;
          if (method === 1 && !idat) return null;
          const from = (idat ? idat.data : 0) + base + offset;
          const to = length === 0 ? (idat ? idat.end : b.length) : from + length;
          if (from < 0 || to > b.length) return null;
          b.fill(0, from, to);
        }
      }
    }
  }
  return width && height ? { bytes: b, width, height } : null;
}
