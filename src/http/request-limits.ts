/** Bounds on the request line: long URLs and piles of parameters are refused before routing. */
import type { MiddlewareHandler } from "hono";
import { Problem } from "./problem";
import { validationProblem } from "./validation";

export const MAX_URL_LENGTH = 4096;
export const MAX_QUERY_PARAMETERS = 32;

export function requestLimits(): MiddlewareHandler {
  return async function requestLimits(c, next) {
    if (c.req.url.length > MAX_URL_LENGTH) {
      throw new Problem("uri-too-long", `URLs may be at most ${MAX_URL_LENGTH} characters long.`);
    }
    const params = new URL(c.req.url).searchParams;
    if ([...params.keys()].length > MAX_QUERY_PARAMETERS) {
      throw validationProblem([{ parameter: "*", detail: `at most ${MAX_QUERY_PARAMETERS} query parameters are accepted` }]);
    }
    await next();
  };
}
