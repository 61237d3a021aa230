import { describe, expect, it } from "vitest";
import { checkWebhookUrl, ipv4Class, ipv6Class } from "../../src/domain/webhook-url";

const production = { allowLoopback: false };
const development = { allowLoopback: true };
const verdict = (url: string, rules = production) => checkWebhookUrl(url, rules);

describe("webhook target URLs", () => {
  it("accepts public https URLs and normalises them", () => {
    expect(verdict("https://hooks.example.org/in?x=1#frag")).toEqual({ ok: true, url: "https://hooks.example.org/in?x=1" });
    expect(verdict("https://93.184.215.14:8443/hook").ok).toBe(true);
    expect(verdict("https://[2606:4700::6810:84e5]/").ok).toBe(true);
  });

  it("refuses http, other schemes, credentials and non-URLs in production", () => {
    expect(verdict("http://hooks.example.org/")).toMatchObject({ ok: false, reason: "must be an https URL" });
    expect(verdict("ftp://hooks.example.org/").ok).toBe(false);
    expect(verdict("javascript:alert(1)").ok).toBe(false);
    expect(verdict("https://user:pw@hooks.example.org/")).toMatchObject({ ok: false, reason: "must not carry a user name or password" });
    expect(verdict("/relative")).toMatchObject({ ok: false, reason: "is not an absolute URL" });
    expect(verdict(`https://hooks.example.org/${"a".repeat(2100)}`).ok).toBe(false);
  });

  it("refuses literal private, loopback, link-local and special addresses, however they are spelt", () => {
    for (const url of [
      "https://10.1.2.3/",
      "https://172.16.0.1/",
      "https://172.31.255.255/",
      "https://192.168.1.1/",
      "https://127.0.0.1/",
      "https://127.8.9.10/",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/",
      "https://0.0.0.0/",
      "https://224.0.0.1/",
      "https://255.255.255.255/",
      "https://2130706433/", // 127.0.0.1 as one number
      "https://0x7f.1/", // 127.0.0.1 in hex
      "https://017700000001/", // octal
      "https://[::1]/",
      "https://[::]/",
      "https://[fd00::1]/",
      "https://[fe80::1]/",
      "https://[::ffff:10.0.0.1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[64:ff9b::192.168.0.1]/",
      "https://[ff02::1]/",
    ]) {
      expect(verdict(url), url).toMatchObject({ ok: false });
    }
    expect(verdict("https://172.32.0.1/").ok).toBe(true); // just outside 172.16/12
    expect(verdict("https://[::ffff:8.8.8.8]/").ok).toBe(true);
  });

  it("refuses names that are plainly internal", () => {
    for (const url of ["https://localhost/", "https://api.localhost/", "https://printer.local/", "https://db.internal/", "https://intranet/", "https://router.home.arpa/", "https://LOCALHOST./"]) {
      expect(verdict(url), url).toMatchObject({ ok: false });
    }
    expect(verdict("https://local.example.org/").ok).toBe(true);
    expect(verdict("https://internal-tools.example.org/").ok).toBe(true);
  });

  it("allows http and loopback targets only when development allows them; other private ranges stay refused", () => {
    expect(verdict("http://127.0.0.1:8788/hook", development)).toEqual({ ok: true, url: "http://127.0.0.1:8788/hook" });
    expect(verdict("http://localhost:8788/hook", development).ok).toBe(true);
    expect(verdict("http://[::1]:8788/hook", development).ok).toBe(true);
    expect(verdict("http://127.0.0.1:8788/hook")).toMatchObject({ ok: false });
    expect(verdict("https://127.0.0.1:8788/hook")).toMatchObject({ ok: false, reason: expect.stringContaining("loopback") });
    for (const url of ["http://10.0.0.1/", "http://192.168.0.10/", "http://169.254.169.254/", "http://[fd00::1]/", "http://printer.local/"]) {
      expect(verdict(url, development), url).toMatchObject({ ok: false });
    }
  });

  it("classifies address ranges", () => {
    expect(ipv4Class([8, 8, 8, 8])).toBeNull();
    expect(ipv4Class([127, 0, 0, 1])).toBe("loopback");
    expect(ipv4Class([172, 20, 0, 1])).toBe("private");
    expect(ipv4Class([169, 254, 0, 1])).toBe("link-local");
    expect(ipv6Class("2001:db8::1")).toBe("documentation");
    expect(ipv6Class("2606:4700::1")).toBeNull();
    expect(ipv6Class("::1")).toBe("loopback");
  });
});
