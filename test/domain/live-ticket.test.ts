import { describe, expect, it } from "vitest";
import { issueTicket, TICKET_TTL_MS, ticketValid } from "../../src/domain/live-ticket";

describe("live tickets", () => {
  const now = Date.UTC(2026, 5, 1);

  it("opens the socket of the timeline it was issued for, until it expires", async () => {
    const ticket = await issueTicket("secret", "budget", now + TICKET_TTL_MS);
    expect(await ticketValid("secret", "budget", ticket, now)).toBe(true);
    expect(await ticketValid("secret", "budget", ticket, now + TICKET_TTL_MS - 1)).toBe(true);
    expect(await ticketValid("secret", "budget", ticket, now + TICKET_TTL_MS)).toBe(false);
  });

  it("is refused for another timeline, another secret, or when altered", async () => {
    const ticket = await issueTicket("secret", "budget", now + TICKET_TTL_MS);
    expect(await ticketValid("secret", "budget-2", ticket, now)).toBe(false);
    expect(await ticketValid("other", "budget", ticket, now)).toBe(false);
    const [expiry, mac] = ticket.split(".") as [string, string];
    const later = (parseInt(expiry, 36) + 1000).toString(36);
    expect(await ticketValid("secret", "budget", `${later}.${mac}`, now)).toBe(false);
    expect(await ticketValid("secret", "budget", `${expiry}.${mac.slice(1)}A`, now)).toBe(false);
    expect(await ticketValid("secret", "budget", "garbage", now)).toBe(false);
  });

  it("cannot be made to live longer than a minute", async () => {
    const forever = await issueTicket("secret", "budget", now + 10 * TICKET_TTL_MS);
    expect(await ticketValid("secret", "budget", forever, now)).toBe(false);
  });
});
