/**
 * Short-lived tickets for a private timeline's WebSocket. Browsers cannot send an Authorization
 * header with a WebSocket, so an authenticated request first gets a ticket (an HMAC of the slug and
 * an expiry), and the socket URL carries it. Stateless: nothing to store or clean up.
 */

/** How long a ticket opens a socket. The socket itself may stay open longer. */
export const TICKET_TTL_MS = 60_000;

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function mac(secret: string, slug: string, expiresMs: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(`live-ticket\n${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${slug}\n${expiresMs}`))));
}

/**
 * A ticket for timeline `slug`, valid until `expiresMs`.
 * @example await issueTicket(env.ADMIN_TOKEN, "budget", Date.now() + TICKET_TTL_MS) // "lx2k3f0.Yx…"
 */
export async function issueTicket(secret: string, slug: string, expiresMs: number): Promise<string> {
  return `${expiresMs.toString(36)}.${await mac(secret, slug, expiresMs)}`;
}

/** Whether `ticket` was issued with `secret` for `slug` and has not expired at `nowMs`. */
export async function ticketValid(secret: string, slug: string, ticket: string, nowMs: number): Promise<boolean> {
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return false;
  const expiresMs = parseInt(match[1]!, 36);
  if (!(expiresMs > nowMs) || expiresMs > nowMs + TICKET_TTL_MS) return false;
  const expected = encoder.encode(await mac(secret, slug, expiresMs));
  const given = encoder.encode(match[2]!);
  return expected.length === given.length && crypto.subtle.timingSafeEqual(expected, given);
}
