/**
 * Entry and token ids: UUIDv7 (RFC 9562), time-sortable. Within an isolate they are strictly
 * increasing: ids made in the same millisecond count up in the 12-bit `rand_a` field (method 1).
 */
let lastMs = -1;
let counter = 0;

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * A new UUIDv7 for the instant `nowMs`.
 * @example uuidv7() // "019a6f3c-8e10-7a3b-9c4d-5e6f708192a3"
 */
export function uuidv7(nowMs = Date.now()): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = crypto.getRandomValues(new Uint16Array(1))[0]! & 0x7ff; // leaves room to count up
  } else if (++counter > 0xfff) {
    lastMs += 1; // borrow the next millisecond rather than repeat
    counter = 0;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
