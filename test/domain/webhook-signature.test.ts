import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { isWebhookSecret, newWebhookSecret, sign, signatureHeader } from "../../src/domain/webhook-signature";

describe("Standard Webhooks signatures", () => {
  it("matches the specification's example", async () => {
    // The test vector of the Standard Webhooks reference libraries.
    const signature = await sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("is verified by the standardwebhooks package", async () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: "entry.created", timestamp: new Date().toISOString(), data: { title: "Grüße ✓" } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { "webhook-id": "evt-1", "webhook-timestamp": String(timestamp), "webhook-signature": await signatureHeader([secret], "evt-1", timestamp, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace("Grüße", "Gruesse"), headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("signs with every secret while a rotation overlaps, so either verifies", async () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const timestamp = Math.floor(Date.now() / 1000);
    const header = await signatureHeader([newSecret, oldSecret], "evt-2", timestamp, "{}");
    expect(header.split(" ")).toHaveLength(2);
    const headers = { "webhook-id": "evt-2", "webhook-timestamp": String(timestamp), "webhook-signature": header };
    expect(() => new Webhook(oldSecret).verify("{}", headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify("{}", headers)).not.toThrow();
  });

  it("makes distinct whsec_ secrets of 32 random bytes", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(isWebhookSecret(a)).toBe(true);
    expect(newWebhookSecret()).not.toBe(a);
    expect(isWebhookSecret("whsec_short")).toBe(false);
    expect(isWebhookSecret("sk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBe(false);
  });
});
