/** Bounds on the request line: long URLs and piles of parameters are refused before routing. */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { LIMITS } from "../domain/limits";
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

/** Where an image is uploaded: the API's media route and the studio's upload form. */
export const IMAGE_UPLOAD_PATH = /^\/(v1\/timelines\/[^/]+\/entries\/[^/]+\/media|studio\/t\/[^/]+\/e\/[^/]+\/media)$/;

/**
 * Request bodies at most 1 MiB (413), except an image upload: up to 5 MiB of image and its form
 * fields. Bodies are counted as they arrive, whatever Content-Length claims.
 * @example app.use(bodyLimits());
 */
export function bodyLimits(): MiddlewareHandler {
  const limit = (maxSize: number, detail: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new Problem("payload-too-large", detail);
      },
    });
  const common = limit(LIMITS.bodyBytes, `Request bodies may be at most ${LIMITS.bodyBytes} bytes (1 MiB).`);
  const image = limit(LIMITS.imageBodyBytes, `An image may be at most ${LIMITS.imageBytes} bytes (5 MiB).`);
  return async function bodyLimits(c, next) {
    return IMAGE_UPLOAD_PATH.test(new URL(c.req.url).pathname) ? image(c, next) : common(c, next);
  };
}
