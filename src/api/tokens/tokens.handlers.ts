/** Token handlers. A token's secret is returned once, at creation; only its hash is kept. */
import { encodeBase64Url } from "hono/utils/encode";
import { uuidv7 } from "../../domain/ids";
import type { AppEnv } from "../../env";
import type { RouteHandler } from "../../http/route";
import type { TokenRow } from "../../db/schema";
import { insertToken, listTokens as queryTokens, revokeToken as storeRevocation } from "../../db/tokens";
import { authorize, sha256Hex } from "../../http/auth";
import { Problem } from "../../http/problem";
import type * as routes from "./tokens.routes";

/** `et_` and 32 random bytes, base64url: recognisable in logs and secret scanners, unguessable. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `et_${encodeBase64Url(bytes.buffer).replace(/=+$/, "")}`;
}

const tokenJson = (t: TokenRow) => ({ id: t.id, name: t.name, role: t.role, timelines: t.timelines, created_at: t.createdAt });

export const createToken: RouteHandler<typeof routes.createToken> = async (c, input) => {
  const who = await authorize(c, "token:manage");
  const body = input.body;
  const secret = newSecret();
  const row = await insertToken(c.var.db, {
    id: uuidv7(),
    name: body.name,
    role: body.role,
    timelines: body.timelines,
    secretHash: await sha256Hex(secret),
    createdAt: c.var.now.toISOString(),
    createdBy: who.id,
  });
  return c.json({ ...tokenJson(row), token: secret }, 201, { "Cache-Control": "no-store" });
};

export const listTokens: RouteHandler<typeof routes.listTokens> = async (c, input) => {
  await authorize(c, "token:manage");
  const rows = await queryTokens(c.var.db);
  return c.json({ items: rows.map(tokenJson) }, 200, { "Cache-Control": "no-store" });
};

export const revokeToken: RouteHandler<typeof routes.revokeToken> = async (c, input) => {
  await authorize(c, "token:manage");
  const { id } = input.params;
  if (!(await storeRevocation(c.var.db, id, c.var.now.toISOString()))) {
    throw new Problem("not-found", `There is no active token ${id}.`);
  }
  return c.body(null, 204);
};
