/**
 * The OpenAPI 3.1 document, generated from the mounted route definitions and their Zod schemas
 * (Zod's own JSON Schema output; OpenAPI 3.1 speaks JSON Schema 2020-12).
 */
import * as z from "zod/mini";
import { routeRegistry, type RouteSpec } from "./route";

const jsonSchema = (schema: z.ZodMiniType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;

const HEADER_NAMES: Record<string, string> = { "if-match": "If-Match", "idempotency-key": "Idempotency-Key" };

function parameters(schema: z.ZodMiniType | undefined, where: "path" | "query" | "header") {
  if (!schema) return [];
  const object = jsonSchema(schema, "input") as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
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
}

/** Every public read may answer a non-canonical spelling of its URL with this (http/canonical.ts). */
const CANONICAL_REDIRECT = {
  description:
    "The canonical spelling of this URL is elsewhere (unknown parameters dropped, values normalised, parameters in the documented order); cacheable.",
  headers: { Location: { description: "The canonical URL (path and query).", schema: { type: "string" } } },
};

function operation(route: RouteSpec) {
  const responses: Record<string, unknown> = Object.fromEntries(
    Object.entries(route.responses).map(([status, spec]) => {
      const type = spec.contentType ?? (Number(status) >= 400 ? "application/problem+json" : "application/json");
      return [
        status,
        {
          description: spec.description,
          ...(spec.schema ? { content: { [type]: { schema: jsonSchema(spec.schema, "output") } } } : {}),
        },
      ];
    }),
  );
  if (route.method === "get" && !route.auth) responses["301"] = CANONICAL_REDIRECT;
  const requestBody = route.body
    ? { required: true, content: { "application/json": { schema: jsonSchema(route.body, "input") } } }
    : route.rawBody
      ? {
          required: true,
          description: route.rawBody.description,
          content: Object.fromEntries(route.rawBody.contentTypes.map((t) => [t, {}])),
        }
      : undefined;
  return {
    tags: route.tags,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.auth ? { security: [{ bearer: [] }] } : {}),
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
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeRegistry) {
    (paths[route.path] ??= {})[route.method] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "edge-timeline",
      version: "1",
      description: "Timelines of dated events and commitments: a JSON API, feeds and an embeddable widget.",
    },
    servers: [{ url: origin }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "The ADMIN_TOKEN secret, or a token from POST /v1/tokens." },
      },
    },
  };
}
