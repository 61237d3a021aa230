/**
 * The OpenAPI 3.1 document, generated from the mounted route definitions and their Zod schemas
 * (Zod's own JSON Schema output; OpenAPI 3.1 speaks JSON Schema 2020-12).
 *
 * Zod gives every converted schema its own `$defs`, referred to as `#/$defs/Name`. In an OpenAPI
 * document such a reference resolves against the document root, so the named schemas move to
 * `components/schemas` and every reference is rewritten to point there.
 */
import * as z from "zod/mini";
import { isPublicRead, routeRegistry, type RouteSpec } from "./route";

type Io = "input" | "output";
type JsonSchema = Record<string, unknown>;

const DEFS_REF = "#/$defs/";
const COMPONENTS_REF = "#/components/schemas/";

/**
 * The named schemas of one document. A name whose request form (`io: "input"`) differs from its
 * response form (a default, a transform) is listed twice: the request form as `NameInput`.
 */
export class SharedSchemas {
  private readonly named = { input: new Map<string, string>(), output: new Map<string, string>() };
  private readonly uses: [JsonSchema, Io][] = [];

  /** `schema` as JSON Schema, its named parts moved out (references fixed by `components()`). */
  convert(schema: z.ZodMiniType, io: Io): JsonSchema {
    const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      // Zod numbers unnamed shared parts per conversion; across conversions they would clash.
      if (name.startsWith("__schema")) throw new Error(`A schema reused by reference needs an id (meta({ id })): ${JSON.stringify(def).slice(0, 200)}`);
      const text = JSON.stringify(def);
      const known = this.named[io].get(name);
      if (known !== undefined && known !== text) throw new Error(`Two different schemas share the id "${name}"`);
      this.named[io].set(name, text);
    }
    this.uses.push([rest, io]);
    return rest;
  }

  /** `components/schemas`, after rewriting the references of every schema `convert` returned. */
  components(): Record<string, JsonSchema> {
    const refs = (text: string) => [...text.matchAll(/"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!);
    // Input forms that differ from the output form of the same name, or refer to one that does.
    const renamed = new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const [name, text] of this.named.input) {
        const output = this.named.output.get(name);
        if (output === undefined || renamed.has(name)) continue;
        if (output !== text || refs(text).some((ref) => renamed.has(ref))) {
          renamed.add(name);
          grew = true;
        }
      }
    }
    const nameOf = (name: string, io: Io) => (io === "input" && renamed.has(name) ? `${name}Input` : name);
    const fix = (node: unknown, io: Io): void => {
      if (Array.isArray(node)) node.forEach((item) => fix(item, io));
      else if (node && typeof node === "object") {
        const object = node as JsonSchema;
        if (typeof object.$ref === "string" && object.$ref.startsWith(DEFS_REF)) {
          object.$ref = COMPONENTS_REF + nameOf(object.$ref.slice(DEFS_REF.length), io);
        }
        Object.values(object).forEach((value) => fix(value, io));
      }
    };
    for (const [schema, io] of this.uses) fix(schema, io);
    const schemas: Record<string, JsonSchema> = {};
    for (const io of ["output", "input"] as const) {
      for (const [name, text] of this.named[io]) {
        const schema = JSON.parse(text) as JsonSchema;
        fix(schema, io);
        const key = nameOf(name, io);
        if (schemas[key] && JSON.stringify(schemas[key]) !== JSON.stringify(schema)) throw new Error(`Two different schemas are named "${key}"`);
        schemas[key] = schema;
      }
    }
    return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  }
}

const HEADER_NAMES: Record<string, string> = { "if-match": "If-Match", "idempotency-key": "Idempotency-Key" };

const BEARER = { bearer: [] };
const SECURITY = { required: [BEARER], optional: [{}, BEARER], none: [] };

/** Every public read may answer a non-canonical spelling of its URL with this (http/canonical.ts). */
const CANONICAL_REDIRECT = {
  description:
    "The canonical spelling of this URL is elsewhere (unknown parameters dropped, values normalised, parameters in the documented order); cacheable.",
  headers: { Location: { description: "The canonical URL (path and query).", schema: { type: "string" } } },
};

function operation(route: RouteSpec, shared: SharedSchemas) {
  const parameters = (schema: z.ZodMiniType | undefined, where: "path" | "query" | "header") => {
    if (!schema) return [];
    const object = shared.convert(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(object.properties ?? {}).map(([name, property]) => {
      const { description, ...rest } = property;
      return {
        name: where === "header" ? (HEADER_NAMES[name] ?? name) : name,
        in: where,
        required: where === "path" || (object.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      };
    });
  };
  const responses: Record<string, unknown> = Object.fromEntries(
    Object.entries(route.responses).map(([status, spec]) => {
      const type = spec.contentType ?? (Number(status) >= 400 ? "application/problem+json" : "application/json");
      return [
        status,
        {
          description: spec.description,
          ...(spec.schema ? { content: { [type]: { schema: shared.convert(spec.schema, "output") } } } : {}),
        },
      ];
    }),
  );
  if (isPublicRead(route)) responses["301"] = CANONICAL_REDIRECT;
  const requestBody = route.body
    ? { required: true, content: { "application/json": { schema: shared.convert(route.body, "input") } } }
    : route.rawBody
      ? {
          required: true,
          description: route.rawBody.description,
          content: Object.fromEntries(route.rawBody.contentTypes.map((t) => [t, {}])),
        }
      : undefined;
  return {
    operationId: route.operationId,
    tags: route.tags,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: SECURITY[route.auth === true ? "required" : (route.auth ?? "none")],
    parameters: [
      ...parameters(route.params, "path"),
      ...parameters(route.query, "query"),
      ...parameters(route.headers, "header"),
    ],
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

export function openApiDocument(origin: string) {
  const shared = new SharedSchemas();
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const route of routeRegistry) {
    (paths[route.path] ??= {})[route.method] = operation(route, shared);
  }
  const tags = [...new Set(routeRegistry.flatMap((route) => route.tags))].map((name) => ({ name }));
  return {
    openapi: "3.1.0",
    info: {
      title: "edge-timeline",
      version: "1",
      description:
        "Timelines of dated events and commitments: a JSON API, feeds and an embeddable widget. " +
        "Reads of public and unlisted timelines need no token; writes need a bearer token.",
    },
    servers: [{ url: origin }],
    tags,
    paths,
    components: {
      schemas: shared.components(),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "The ADMIN_TOKEN secret, or a token from POST /v1/tokens." },
      },
    },
  };
}
