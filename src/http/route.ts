/**
 * Documented routes: one definition gives the validators (Zod) and the OpenAPI operation.
 * Handlers receive the validated input as an argument, so nothing reads an unchecked value.
 *
 * (Hand-rolled instead of @hono/zod-openapi: its re-exported `z` namespace defeats tree-shaking
 * and tripled the Worker's size; `zod/mini` plus Zod's own toJSONSchema does not.)
 */
import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { jsonBody } from "./body";
import { canonicalRedirect, canonicalSearch } from "./canonical";
import { issuesToFields, validationProblem } from "./validation";

type Method = "get" | "post" | "put" | "patch" | "delete";

export interface ResponseSpec {
  description: string;
  schema?: z.ZodMiniType;
  /** Defaults to application/json (application/problem+json for 4xx/5xx). */
  contentType?: string;
}

export interface RouteSpec<
  P extends z.ZodMiniType = z.ZodMiniType,
  Q extends z.ZodMiniType = z.ZodMiniType,
  H extends z.ZodMiniType = z.ZodMiniType,
  B extends z.ZodMiniType = z.ZodMiniType,
> {
  method: Method;
  /** OpenAPI-style path: `/v1/timelines/{slug}`. */
  path: string;
  /** Unique name of the operation, e.g. `listEntries`: generated clients name their methods by it. */
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  /**
   * Who may call it (documentation; handlers authorize): `true` needs a bearer token; `"optional"`
   * is anonymous or bearer (a private timeline needs a token that covers it); absent, no token matters.
   */
  auth?: true | "optional";
  params?: P;
  query?: Q;
  headers?: H;
  /** A JSON body validated by this schema (Content-Type must be JSON: 415 otherwise). */
  body?: B;
  /** A body the handler reads itself, with the media types it accepts (documentation). */
  rawBody?: { description: string; contentTypes: string[] };
  responses: Record<number, ResponseSpec>;
  /**
   * Patterns path parameters must match for the route to apply at all (other paths fall through
   * to later routes): `{ file: "widget\\.[0-9a-f]+\\.js" }`.
   */
  pathPatterns?: Record<string, string>;
  /** Routed and validated like the others, but left out of the documentation (a versioned asset). */
  undocumented?: boolean;
}

type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface RouteInput<R extends RouteSpec> {
  params: Out<NonNullable<R["params"]>>;
  query: Out<NonNullable<R["query"]>>;
  headers: Out<NonNullable<R["headers"]>>;
  body: Out<NonNullable<R["body"]>>;
}

export type RouteHandler<R extends RouteSpec> = (c: Context<AppEnv>, input: RouteInput<R>) => Promise<Response>;

/** Keeps the literal types of a route definition. */
export function defineRoute<P extends z.ZodMiniType, Q extends z.ZodMiniType, H extends z.ZodMiniType, B extends z.ZodMiniType>(
  spec: RouteSpec<P, Q, H, B>,
): RouteSpec<P, Q, H, B> {
  return spec;
}

/** Every mounted route, for the OpenAPI document. */
export const routeRegistry: RouteSpec[] = [];

function parse<S extends z.ZodMiniType>(schema: S | undefined, value: unknown, target: "json" | "query" | "param" | "header") {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(issuesToFields(result.error.issues, target));
  return result.data;
}

/** The query parameters as Zod sees them: repeated ones become lists (and fail validation). */
function queryObject(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

/** A GET anyone may make (a token, when `auth` is "optional", only shows more): cached, so spelled one way. */
export function isPublicRead(spec: Pick<RouteSpec, "method" | "auth">): boolean {
  return spec.method === "get" && spec.auth !== true;
}

/**
 * Registers `handler` for `spec` on `router`, behind validation of every declared input. A public
 * read (a GET that needs no token) answers a non-canonical spelling of its URL with a redirect
 * (http/canonical.ts) and sets `readKey`, the key its cached representations are found by.
 * @example mount(api, getTimelineRoute, async (c, { params }) => c.json(await find(params.slug)))
 */
export function mount<R extends RouteSpec>(router: Hono<AppEnv>, spec: R, handler: RouteHandler<R>): void {
  if (!spec.undocumented) routeRegistry.push(spec);
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const pattern = spec.pathPatterns?.[name];
    return pattern ? `:${name}{${pattern}}` : `:${name}`;
  });
  const publicRead = isPublicRead(spec);
  router.on(spec.method.toUpperCase(), path, async (c) => {
    const params = parse(spec.params, c.req.param(), "param");
    const query = parse(spec.query, queryObject(c), "query");
    if (publicRead) {
      // One spelling per public read: anything else is redirected, and the caches key on the normalised query.
      const values = (query ?? {}) as Record<string, unknown>;
      const url = new URL(c.req.url);
      const canonical = canonicalSearch(values, url.searchParams.keys());
      if (url.search.slice(1) !== canonical) return canonicalRedirect(url.pathname, canonical);
      c.set("readKey", `${url.pathname}?${canonicalSearch(values)}`);
    }
    const input = {
      params,
      query,
      headers: parse(spec.headers, c.req.header(), "header"),
      body: spec.body ? parse(spec.body, await jsonBody(c), "json") : undefined,
    } as RouteInput<R>;
    return handler(c, input);
  });
}
