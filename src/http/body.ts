/**
 * Request bodies as text a person wrote: UTF-8 bytes decoded strictly (never silently into
 * U+FFFD), JSON parsed, and refused when a string holds a lone surrogate. Every JSON body (the
 * API's and imports alike) goes through here.
 */
import type { Context } from "hono";
import { findLoneSurrogate } from "../domain/text";
import { jsonPointer, Problem } from "./problem";
import { validationProblem } from "./validation";

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** Whether a Content-Type names JSON (`application/json`, `application/…+json`). */
export function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_TYPE.test(contentType);
}

/**
 * The body as UTF-8 text; another charset or bytes that are not UTF-8 are refused rather than
 * read as garbled text.
 */
export function decodeUtf8(bytes: ArrayBuffer, contentType: string): string {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    throw new Problem("unsupported-media-type", `Send the body as UTF-8 (charset=${charset} is not read).`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Problem("bad-request", "The body is not valid UTF-8; send it (or save the file) as UTF-8 and try again.");
  }
}

/**
 * JSON text parsed, with every string well-formed: a lone surrogate (`"\ud800"`) is a
 * validation problem pointing at the string (or key) that holds it.
 */
export function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Problem("bad-request", "The body is not valid JSON.");
  }
  // Only a \uD800–\uDFFF escape can bring one in; most bodies skip the walk.
  if (/\\u[dD][89a-fA-F]/.test(text)) {
    const found = findLoneSurrogate(value);
    if (found) {
      const code = found.code.toString(16).toUpperCase();
      throw validationProblem([
        { pointer: jsonPointer(found.path), detail: `contains a lone surrogate (U+${code}), which is not text; send well-formed Unicode` },
      ]);
    }
  }
  return value;
}

/** The request's JSON body (Content-Type must say JSON: 415 otherwise), decoded and checked as above. */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("Content-Type");
  if (!isJsonType(type)) {
    throw new Problem("unsupported-media-type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  return parseJson(decodeUtf8(await c.req.arrayBuffer(), type!));
}
