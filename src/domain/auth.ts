/**
 * Who may do what. A principal is the root admin (the ADMIN_TOKEN secret) or a scoped token;
 * the rules below are the whole permission model (SECURITY.md explains it in prose).
 */
export type TokenRole = "editor" | "admin";
export const TOKEN_ROLES = ["editor", "admin"] as const satisfies readonly TokenRole[];

export interface Principal {
  /** Token id, or "root" for the ADMIN_TOKEN secret. */
  id: string;
  role: TokenRole;
  /** Slugs this principal may act on; `["*"]` for every timeline. */
  timelines: string[];
}

export const ROOT: Principal = { id: "root", role: "admin", timelines: ["*"] };

export type Action =
  | "timeline:read-private" // read a private timeline, its entries and feeds
  | "entry:write" // create, update, delete, restore, import entries
  | "webhook:manage" // create, list, rotate, delete the timeline's webhooks; read and replay deliveries
  | "timeline:export"
  | "timeline:manage" // change or delete the timeline itself
  | "timeline:create"
  | "token:manage";

function coversTimeline(p: Principal, slug: string): boolean {
  return p.timelines.includes("*") || p.timelines.includes(slug);
}

/**
 * Whether `principal` may perform `action` on the timeline `slug` (or globally when slug is null).
 * Editors write entries of their timelines; admins also manage those timelines; only an admin
 * scoped to every timeline (`*`) manages tokens.
 */
export function can(principal: Principal | null, action: Action, slug: string | null = null): boolean {
  if (!principal) return false;
  switch (action) {
    case "timeline:read-private":
    case "entry:write":
    case "webhook:manage":
    case "timeline:export":
      return slug !== null && coversTimeline(principal, slug);
    case "timeline:manage":
    case "timeline:create":
      return principal.role === "admin" && slug !== null && coversTimeline(principal, slug);
    case "token:manage":
      return principal.role === "admin" && principal.timelines.includes("*");
  }
}

