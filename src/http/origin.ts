/** The public origin for absolute links (feeds, oEmbed, share links). */
import type { Context } from "hono";
import type { AppEnv } from "../env";

export function publicOrigin(c: Context<AppEnv>): string {
  return c.env.PUBLIC_ORIGIN?.replace(/\/$/, "") || new URL(c.req.url).origin;
}
