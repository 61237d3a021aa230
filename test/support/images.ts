/**
 * Real, decodable images for tests (workerd and Node alike): PNGs built chunk by chunk with their
 * CRCs, carrying metadata a source must not leak; and a JPEG's metadata added to a JPEG made
 * elsewhere (Chromium's canvas).
 */

const enc = new TextEncoder();

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const be32 = (n: number) => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat([enc.encode(type), data]);
  return concat([new Uint8Array(be32(data.length)), body, new Uint8Array(be32(crc32(body)))]);
}

async function zlib(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The text a test looks for to prove metadata was removed. */
export const GPS_SECRET = "GPS 52.5200N 13.4050E source-home";

/**
 * A `width`×`height` PNG in one colour with text, XMP and EXIF chunks holding `GPS_SECRET`.
 * @example const png = await makePng(40, 30, [200, 40, 40]);
 */
export async function makePng(width: number, height: number, rgb: [number, number, number] = [30, 120, 200]): Promise<Uint8Array> {
  const row = new Uint8Array(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = concat(Array.from({ length: height }, () => row));
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", new Uint8Array([...be32(width), ...be32(height), 8, 2, 0, 0, 0])),
    chunk("tEXt", enc.encode(`Comment\0${GPS_SECRET}`)),
    chunk("iTXt", enc.encode(`XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>${GPS_SECRET}</x:xmpmeta>`)),
    chunk("IDAT", await zlib(raw)),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** A JPEG with an EXIF segment (orientation 1 and a GPS note) inserted after its start marker. */
export function withExif(jpeg: Uint8Array): Uint8Array {
  const payload = concat([
    enc.encode("Exif\0\0"),
    new Uint8Array([0x4d, 0x4d, 0, 0x2a, ...be32(8), 0, 1, 0x01, 0x12, 0, 3, ...be32(1), 0, 1, 0, 0, ...be32(0)]),
    enc.encode(GPS_SECRET),
  ]);
  const length = payload.length + 2;
  const segment = concat([new Uint8Array([0xff, 0xe1, length >> 8, length & 255]), payload]);
  return concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
