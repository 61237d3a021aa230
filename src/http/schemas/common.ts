/** Pieces every API resource shares: path parameters and documented answers. */
import * as z from "zod/mini";
import { UUID_PATTERN } from "../../domain/ids";
import type { ResponseSpec } from "../route";
import { meta } from "./fields";
import { Slug } from "./timeline";

export const SlugParams = z.object({ slug: Slug });

export const EntryId = meta(z.string().check(z.regex(UUID_PATTERN, "is not an entry id")), {
  examples: ["0193652a-7c00-7000-8000-000000000001"],
});

export const EntryParams = z.object({ slug: Slug, id: EntryId });

export const ProblemSchema = meta(
  z.object({
    type: meta(z.string(), { examples: ["/problems/validation"] }),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    instance: z.optional(z.string()),
    errors: z.optional(
      z.array(
        z.object({
          pointer: z.optional(z.string()),
          parameter: z.optional(z.string()),
          header: z.optional(z.string()),
          detail: z.string(),
        }),
      ),
    ),
  }),
  { id: "Problem" },
);

const problem = (description: string): ResponseSpec => ({ description, schema: ProblemSchema });

/** Error answers by status, for route definitions. */
export const problems = {
  400: problem("The request is not valid; `errors` points at each field."),
  401: problem("A bearer token is needed, or the one sent is not valid."),
  403: problem("The token does not allow this."),
  404: problem("No such timeline or entry (or it is private)."),
  409: problem("Conflicts with the stored state; read again and retry."),
  412: problem("`If-Match` names an older revision of the entry."),
  413: problem("The body is larger than 1 MiB."),
  415: problem("The body must be JSON."),
  422: problem("The Idempotency-Key was used before with a different request, or an import had rejected rows."),
  429: problem("Too many requests; retry after `Retry-After` seconds."),
} as const;

export const json = (schema: z.ZodMiniType, description: string): ResponseSpec => ({ description, schema });

export const notModified: ResponseSpec = { description: "Not modified (If-None-Match named the current ETag)" };

export const Page = <T extends z.ZodMiniType>(item: T, id: string) =>
  meta(
    z.object({
      items: z.array(item),
      next_cursor: meta(z.nullable(z.string()), { description: "Pass as `cursor` for the next page; null on the last." }),
    }),
    { id },
  );
