/** OpenAPI definitions of the token routes. */
import * as z from "zod/mini";
import { TOKEN_ROLES } from "../../domain/auth";
import { LIMITS } from "../../domain/limits";
import { defineRoute } from "../../http/route";
import { json, problems } from "../../http/schemas/common";
import { meta, requiredText } from "../../http/schemas/fields";
import { Slug } from "../../http/schemas/timeline";

const tags = ["Tokens"];

export const TokenCreate = meta(
  z.strictObject({
    name: requiredText(LIMITS.tokenName),
    role: z.enum(TOKEN_ROLES),
    timelines: z.pipe(
      z
        .array(z.union([z.literal("*"), Slug]))
        .check(z.minLength(1, 'must name at least one timeline slug, or "*" for all'), z.maxLength(100, "may name at most 100 timelines")),
      z.transform((list: string[]) => (list.includes("*") ? ["*"] : [...new Set(list)])),
    ),
  }),
  { id: "TokenCreate" },
);

const TokenJson = meta(
  z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(TOKEN_ROLES),
    timelines: z.array(z.string()),
    created_at: z.string(),
  }),
  { id: "Token" },
);

export const createToken = defineRoute({
  method: "post",
  path: "/v1/tokens",
  operationId: "createToken",
  tags,
  summary: "Create a scoped token (shown once)",
  auth: true,
  body: TokenCreate,
  responses: {
    201: json(z.extend(TokenJson, { token: meta(z.string(), { description: "The secret. Shown only now." }) }), "Created"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    415: problems[415],
  },
});

export const listTokens = defineRoute({
  method: "get",
  path: "/v1/tokens",
  operationId: "listTokens",
  tags,
  summary: "List active tokens (without secrets)",
  auth: true,
  responses: { 200: json(z.object({ items: z.array(TokenJson) }), "Active tokens"), 401: problems[401], 403: problems[403] },
});

export const revokeToken = defineRoute({
  method: "delete",
  path: "/v1/tokens/{id}",
  operationId: "revokeToken",
  tags,
  summary: "Revoke a token",
  auth: true,
  params: z.object({ id: z.string().check(z.maxLength(64, "is not a token id")) }),
  responses: { 204: { description: "Revoked" }, 401: problems[401], 403: problems[403], 404: problems[404] },
});
