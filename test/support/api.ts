/**
 * Calls the Worker the way a client would, from tests running inside workerd.
 */
import { exports } from "cloudflare:workers";

export const ADMIN = "test-admin-token";
export const BASE = "https://timeline.test";
/** What a browser sends when it loads a page or an iframe. */
export const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

export interface CallOptions {
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
}

/** Sends a request; a plain object body goes as JSON, a string as it is. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? ADMIN : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  return exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body }));
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Creates a timeline (admin) and returns its JSON; fails the test if that does not work. */
export async function createTimeline(slug: string, fields: Record<string, unknown> = {}) {
  const res = await call("POST", "/v1/timelines", { body: { slug, title: `Timeline ${slug}`, ...fields } });
  if (res.status !== 201) throw new Error(`creating ${slug}: ${res.status} ${await res.text()}`);
  return json(res);
}

/** Creates an entry (admin) and returns its JSON. */
export async function createEntry(slug: string, entry: Record<string, unknown>) {
  const res = await call("POST", `/v1/timelines/${slug}/entries`, { body: { kind: "event", ...entry } });
  if (res.status !== 201) throw new Error(`creating entry in ${slug}: ${res.status} ${await res.text()}`);
  return json(res);
}

/** Imports entries in our own format (`edge-timeline/1`) in one request; returns the response. */
export function importEntries(slug: string, entries: Record<string, unknown>[], query = "") {
  return call("POST", `/v1/timelines/${slug}/import${query}`, { body: { format: "edge-timeline/1", entries } });
}
