/**
 * A browser-like client of the studio for tests inside workerd: keeps cookies, sends forms as a
 * page of the studio would (same-origin), and follows nothing on its own.
 */
import { exports } from "cloudflare:workers";
import { ADMIN, BASE, BROWSER_ACCEPT } from "./api";

export type Fields = Record<string, string | string[]>;

export class StudioClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly headers: Record<string, string> = {}) {}

  async request(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: BROWSER_ACCEPT, ...this.headers, ...init.headers };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body: init.body, redirect: "manual" }));
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      const expired = /max-age=0|expires=Thu, 01 Jan 1970/i.test(line);
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request("GET", path, { headers });
  }

  /** Posts a form as a studio page does: same-origin, urlencoded (or multipart for FormData). */
  post(path: string, fields: Fields | FormData, headers: Record<string, string> = { Origin: BASE, "Sec-Fetch-Site": "same-origin" }) {
    let body: BodyInit;
    const extra: Record<string, string> = {};
    if (fields instanceof FormData) body = fields;
    else {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
      body = params.toString();
      extra["Content-Type"] = "application/x-www-form-urlencoded";
    }
    return this.request("POST", path, { body, headers: { ...extra, ...headers } });
  }

  async signIn(token = ADMIN): Promise<Response> {
    const res = await this.post("/studio/sign-in", { token });
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res;
  }
}

/** The Location a redirect points to, as a path. */
export function location(res: Response): string {
  const to = res.headers.get("Location") ?? "";
  return to.startsWith(BASE) ? to.slice(BASE.length) : to;
}

/** The id in a studio entry URL (`/studio/t/x/e/{id}…`). */
export function entryIdIn(path: string): string {
  return /\/e\/([0-9a-f-]{36})/.exec(path)?.[1] ?? "";
}

/** A minimal valid entry form. */
export function entryFields(fields: Fields = {}): Fields {
  return { kind: "event", title: "An event", start: "2024-11-26", revision: "", dates_checked: "1", ...fields };
}
