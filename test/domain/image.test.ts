/**
 * Image type by bytes, pixel size, and metadata removal, on images assembled here segment by
 * segment (chunk by chunk, box by box), each carrying metadata a source must not leak.
 */
import { describe, expect, it } from "vitest";
import { cleanImage, imageType } from "../../src/domain/image";

const enc = new TextEncoder();
const bytes = (...parts: (number[] | string | Uint8Array)[]) => {
  const arrays = parts.map((p) => (typeof p === "string" ? enc.encode(p) : p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
};
const be16 = (n: number) => [n >> 8, n & 255];
const be32 = (n: number) => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
const le24 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255];
const text = (b: Uint8Array) => new TextDecoder("latin1").decode(b);
const SECRET = "52.5200N-13.4050E-secret";

// JPEG -------------------------------------------------------------------------------------------

const segment = (marker: number, payload: Uint8Array) => bytes([0xff, marker, ...be16(payload.length + 2)], payload);

/** An EXIF payload (big-endian TIFF) with an orientation and a GPS pointer, plus the GPS text. */
function exif(orientation: number): Uint8Array {
  return bytes("Exif\0\0", [0x4d, 0x4d, 0, 0x2a, ...be32(8)], be16(2), [0x01, 0x12, 0, 3, ...be32(1), ...be16(orientation), 0, 0], [0x88, 0x25, 0, 4, ...be32(1), ...be32(38)], be32(0), SECRET);
}

function jpeg(options: { orientation?: number } = {}) {
  const parts = {
    soi: bytes([0xff, 0xd8]),
    app0: segment(0xe0, bytes("JFIF\0", [1, 1, 0, 0, 1, 0, 1, 0, 0])),
    exif: segment(0xe1, exif(options.orientation ?? 6)),
    xmp: segment(0xe1, bytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>", SECRET, "</x:xmpmeta>")),
    icc: segment(0xe2, bytes("ICC_PROFILE\0", [1, 1], "colour")),
    iptc: segment(0xed, bytes("Photoshop 3.0\0", SECRET)),
    com: segment(0xfe, bytes(SECRET)),
    dqt: segment(0xdb, bytes([0], new Array(64).fill(1))),
    sof: segment(0xc0, bytes([8, ...be16(30), ...be16(40), 1, 1, 0x11, 0])),
    dht: segment(0xc4, bytes([0], new Array(16).fill(0))),
    scan: bytes(segment(0xda, bytes([1, 1, 0, 0, 63, 0])), [0x12, 0x34, 0xff, 0x00, 0x56], [0xff, 0xd9]),
  };
  return { parts, file: bytes(...Object.values(parts)) };
}

describe("JPEG", () => {
  it("drops EXIF, XMP, IPTC and comments, keeps colour information and the pixels", () => {
    const { parts, file } = jpeg({ orientation: 1 });
    expect(imageType(file)).toBe("jpeg");
    const clean = cleanImage(file)!;
    expect(clean.info).toEqual({ type: "jpeg", mime: "image/jpeg", extension: "jpg", width: 40, height: 30 });
    expect(text(clean.bytes)).not.toContain("secret");
    expect(text(clean.bytes)).not.toContain("Exif");
    expect(clean.bytes).toEqual(bytes(parts.soi, parts.app0, parts.icc, parts.dqt, parts.sof, parts.dht, parts.scan));
  });

  it("keeps the orientation alone, so a phone photo stays upright, and reports the upright size", () => {
    const clean = cleanImage(jpeg({ orientation: 6 }).file)!;
    expect(clean.info).toMatchObject({ width: 30, height: 40 });
    const out = text(clean.bytes);
    expect(out).not.toContain("secret");
    expect(out).toContain("Exif\0\0MM");
    // JFIF stays first; the orientation-only EXIF follows it.
    expect(out.indexOf("JFIF")).toBeLessThan(out.indexOf("Exif"));
    expect(clean.bytes.length).toBeLessThan(jpeg({ orientation: 6 }).file.length);
  });

  it("refuses a JPEG without image data or with a broken segment", () => {
    const { parts } = jpeg();
    expect(cleanImage(bytes(parts.soi, parts.app0, parts.exif))).toBeNull();
    expect(cleanImage(bytes(parts.soi, [0xff, 0xe1, 0xff, 0xff, 1, 2, 3]))).toBeNull();
  });
});

// PNG --------------------------------------------------------------------------------------------

const chunk = (type: string, data: Uint8Array) => bytes(be32(data.length), type, data, [0, 0, 0, 0]);

function png() {
  const parts = {
    signature: bytes([0x89], "PNG\r\n\x1a\n"),
    ihdr: chunk("IHDR", bytes(be32(3), be32(2), [8, 6, 0, 0, 0])),
    iccp: chunk("iCCP", bytes("icc\0\0colour")),
    text: chunk("tEXt", bytes("Comment\0", SECRET)),
    itxt: chunk("iTXt", bytes("XML:com.adobe.xmp\0\0\0\0\0", SECRET)),
    exif: chunk("eXIf", exif(1).subarray(6)),
    idat: chunk("IDAT", bytes([0x78, 0x9c, 1, 2, 3])),
    time: chunk("tIME", bytes([7, 0xe8, 11, 26, 12, 0, 0])),
    iend: chunk("IEND", new Uint8Array()),
  };
  return { parts, file: bytes(...Object.values(parts)) };
}

describe("PNG", () => {
  it("drops text, XMP, EXIF and time chunks and reads the size from IHDR", () => {
    const { parts, file } = png();
    expect(imageType(file)).toBe("png");
    const clean = cleanImage(file)!;
    expect(clean.info).toEqual({ type: "png", mime: "image/png", extension: "png", width: 3, height: 2 });
    expect(clean.bytes).toEqual(bytes(parts.signature, parts.ihdr, parts.iccp, parts.idat, parts.iend));
  });

  it("refuses a file that claims to be a PNG but is not one", () => {
    expect(cleanImage(bytes([0x89], "PNG\r\n\x1a\n", "<script>alert(1)</script>"))).toBeNull();
    expect(cleanImage(bytes("<svg onload=alert(1)>"))).toBeNull();
    expect(cleanImage(bytes("GIF89a", new Array(20).fill(0)))).toBeNull();
    const { parts } = png();
    expect(cleanImage(bytes(parts.signature, parts.ihdr, parts.idat))).toBeNull(); // no IEND: truncated
  });
});

// WebP -------------------------------------------------------------------------------------------

const riffChunk = (fourcc: string, data: Uint8Array) => bytes(fourcc, le32(data.length), data, data.length % 2 ? [0] : []);
const riff = (...chunks: Uint8Array[]) => {
  const body = bytes(...chunks);
  return bytes("RIFF", le32(body.length + 4), "WEBP", body);
};

describe("WebP", () => {
  it("drops EXIF and XMP chunks, clears their flags and fixes the RIFF size", () => {
    const vp8x = riffChunk("VP8X", bytes([0x10 | 0x08 | 0x04, 0, 0, 0], le24(98), le24(48)));
    const vp8 = riffChunk("VP8 ", bytes([0, 0, 0, 0x9d, 0x01, 0x2a, 99, 0, 49, 0, 1, 2]));
    const file = riff(vp8x, vp8, riffChunk("EXIF", exif(1).subarray(6)), riffChunk("XMP ", bytes(SECRET, "!")));
    expect(imageType(file)).toBe("webp");
    const clean = cleanImage(file)!;
    expect(clean.info).toMatchObject({ type: "webp", mime: "image/webp", width: 99, height: 49 });
    expect(text(clean.bytes)).not.toContain("secret");
    const flags = riffChunk("VP8X", bytes([0x10, 0, 0, 0], le24(98), le24(48)));
    expect(clean.bytes).toEqual(riff(flags, vp8));
  });

  it("reads the size of simple lossy and lossless files", () => {
    const lossy = riff(riffChunk("VP8 ", bytes([0, 0, 0, 0x9d, 0x01, 0x2a, 20, 0, 10, 0])));
    expect(cleanImage(lossy)!.info).toMatchObject({ width: 20, height: 10 });
    const bits = (16 - 1) | ((8 - 1) << 14);
    const lossless = riff(riffChunk("VP8L", bytes([0x2f], le32(bits))));
    expect(cleanImage(lossless)!.info).toMatchObject({ width: 16, height: 8 });
    expect(cleanImage(riff(riffChunk("VP8 ", bytes([0, 0, 0, 1, 2, 3, 20, 0, 10, 0]))))).toBeNull();
  });
});

// AVIF -------------------------------------------------------------------------------------------

const box = (type: string, ...content: Uint8Array[]) => {
  const body = bytes(...content);
  return bytes(be32(body.length + 8), type, body);
};
const fullBox = (type: string, version: number, ...content: Uint8Array[]) => box(type, bytes([version, 0, 0, 0]), ...content);

function avif() {
  const pixels = bytes("AV1-PIXELS");
  const metadata = bytes("Exif\0\0", SECRET);
  const ftyp = box("ftyp", bytes("avif", be32(0), "mif1miafavif"));
  const build = (mdatStart: number) =>
    fullBox(
      "meta",
      0,
      fullBox("hdlr", 0, bytes(be32(0), "pict", new Array(12).fill(0), [0])),
      fullBox("pitm", 0, bytes(be16(1))),
      fullBox("iinf", 0, bytes(be16(2)), fullBox("infe", 2, bytes(be16(1), be16(0), "av01", [0])), fullBox("infe", 2, bytes(be16(2), be16(0), "Exif", [0]))),
      fullBox("iloc", 0, bytes([0x44, 0x00], be16(2), be16(1), be16(0), be16(1), be32(mdatStart), be32(pixels.length), be16(2), be16(0), be16(1), be32(mdatStart + pixels.length), be32(metadata.length))),
      box("iprp", box("ipco", fullBox("ispe", 0, bytes(be32(32), be32(24))), fullBox("ispe", 0, bytes(be32(64), be32(48))))),
    );
  const metaLength = build(0).length;
  const mdatStart = ftyp.length + metaLength + 8;
  const file = bytes(ftyp, build(mdatStart), box("mdat", pixels, metadata));
  return { file, mdatStart, pixels, metadata };
}

describe("AVIF", () => {
  it("overwrites the EXIF item with zeros, keeps the pixels and the layout, reads the primary size", () => {
    const { file, mdatStart, pixels, metadata } = avif();
    expect(imageType(file)).toBe("avif");
    const clean = cleanImage(file)!;
    expect(clean.info).toEqual({ type: "avif", mime: "image/avif", extension: "avif", width: 64, height: 48 });
    expect(clean.bytes.length).toBe(file.length);
    expect(text(clean.bytes)).not.toContain("secret");
    expect(clean.bytes.subarray(mdatStart, mdatStart + pixels.length)).toEqual(pixels);
    expect(clean.bytes.subarray(mdatStart + pixels.length, mdatStart + pixels.length + metadata.length)).toEqual(new Uint8Array(metadata.length));
    expect(clean.bytes.subarray(0, mdatStart)).toEqual(file.subarray(0, mdatStart));
  });

  it("refuses an ISO media file that is not AVIF, or one without a meta box", () => {
    expect(imageType(box("ftyp", bytes("isom", be32(0), "isommp41")))).toBeNull();
    expect(cleanImage(bytes(box("ftyp", bytes("avif", be32(0), "mif1")), box("mdat", bytes("x"))))).toBeNull();
  });
});
