/**
 * Which URLs a webhook may target. A Worker cannot resolve a name before fetching it, so the rules
 * judge what the URL itself says: `https` only; no literal address in a private, loopback,
 * link-local or otherwise special range; no name that is plainly internal. Development may allow
 * `http` and loopback targets (a receiver on 127.0.0.1); other private ranges stay refused.
 */

export interface UrlRules {
  /** Allow `http:` and loopback targets (127.0.0.0/8, ::1, localhost): local development only. */
  allowLoopback: boolean;
}

export type UrlVerdict = { ok: true; url: string } | { ok: false; reason: string };

const MAX_URL_LENGTH = 2_048;

/** Name suffixes that only mean something inside a network (RFC 6761, 6762, 8375, ICANN's .internal). */
const INTERNAL_SUFFIXES = ["local", "internal", "localdomain", "lan", "home.arpa", "intranet", "corp", "private"];

/** IPv4 ranges no webhook may reach, as [first octets, prefix length, why]. */
const IPV4_REFUSED: [number[], number, string][] = [
  [[0], 8, "this-network"],
  [[10], 8, "private"],
  [[100, 64], 10, "shared (carrier-grade NAT)"],
  [[169, 254], 16, "link-local"],
  [[172, 16], 12, "private"],
  [[192, 0, 0], 24, "IETF protocol"],
  [[192, 0, 2], 24, "documentation"],
  [[192, 88, 99], 24, "relay"],
  [[192, 168], 16, "private"],
  [[198, 18], 15, "benchmarking"],
  [[198, 51, 100], 24, "documentation"],
  [[203, 0, 113], 24, "documentation"],
  [[224], 4, "multicast"],
  [[240], 4, "reserved"],
];

function ipv4Number(octets: number[]): number {
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}

function inRange(address: number, first: number[], prefix: number): boolean {
  const base = ipv4Number([...first, 0, 0, 0, 0].slice(0, 4));
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((address & mask) >>> 0) === ((base & mask) >>> 0);
}

/** Why an IPv4 address is refused ("loopback" included), or null for a public one. */
export function ipv4Class(octets: number[]): string | null {
  const address = ipv4Number(octets);
  if (inRange(address, [127], 8)) return "loopback";
  for (const [first, prefix, why] of IPV4_REFUSED) if (inRange(address, first, prefix)) return why;
  return null;
}

/** The eight 16-bit groups of an IPv6 address as the URL parser writes it (compressed, no zone). */
function ipv6Groups(text: string): number[] | null {
  const [head = "", tail] = text.split("::");
  const part = (s: string) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** Why an IPv6 address is refused ("loopback" included), or null for a public one. */
export function ipv6Class(text: string): string | null {
  const g = ipv6Groups(text);
  if (!g) return "unreadable";
  const embeddedV4 = (i: number) => [g[i]! >> 8, g[i]! & 0xff, g[i + 1]! >> 8, g[i + 1]! & 0xff];
  if (g.slice(0, 7).every((x) => x === 0)) return g[7] === 1 ? "loopback" : "unspecified or IPv4-compatible";
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return ipv4Class(embeddedV4(6)) ?? null; // ::ffff:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b) return ipv4Class(embeddedV4(6)) ?? null; // NAT64
  if ((g[0]! & 0xfe00) === 0xfc00) return "unique local (private)";
  if ((g[0]! & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0]! & 0xff00) === 0xff00) return "multicast";
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "documentation";
  if (g[0] === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return "discard";
  return null;
}

/**
 * Whether a webhook may target `input`, and its normalised form.
 * @example checkWebhookUrl("https://hooks.example/in", { allowLoopback: false }) // { ok: true, url: "https://hooks.example/in" }
 * @example checkWebhookUrl("https://10.0.0.5/", { allowLoopback: true }).ok // false
 */
export function checkWebhookUrl(input: string, rules: UrlRules): UrlVerdict {
  if (input.length > MAX_URL_LENGTH) return { ok: false, reason: `must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: "is not an absolute URL" };
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && rules.allowLoopback)) {
    return { ok: false, reason: rules.allowLoopback ? "must be an http(s) URL" : "must be an https URL" };
  }
  if (url.username || url.password) return { ok: false, reason: "must not carry a user name or password" };
  url.hash = "";

  const host = url.hostname.replace(/\.$/, "").toLowerCase();
  const loopback = () =>
    rules.allowLoopback ? null : "points at this machine (loopback), which only the local development server allows";
  let refused: string | null = null;
  if (host.startsWith("[")) {
    const why = ipv6Class(host.slice(1, -1));
    refused = why === "loopback" ? loopback() : why && `is a ${why} address`;
  } else if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    // The URL parser has already turned 0x7f.1, 2130706433 and friends into dotted quads.
    const why = ipv4Class(host.split(".").map(Number));
    refused = why === "loopback" ? loopback() : why && `is a ${why} address`;
  } else if (host === "localhost" || host.endsWith(".localhost")) {
    refused = loopback();
  } else if (!host.includes(".")) {
    refused = "names a host without a domain, which only an internal network can resolve";
  } else {
    const suffix = INTERNAL_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
    if (suffix) refused = `names an internal host (.${suffix})`;
  }
  return refused ? { ok: false, reason: refused } : { ok: true, url: url.href };
}
