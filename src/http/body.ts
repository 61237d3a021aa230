/**
 * Request bodies a handler reads itself (imports, rate files): their media types and their text.
 */
import { Problem } from "./problem";

export const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
export const CSV_TYPE = /^(text\/csv|application\/csv|text\/comma-separated-values)\s*(;|$)/i;

/** The body as UTF-8 text; anything else is refused rather than read as garbled text. */
export function decodeUtf8(bytes: ArrayBuffer, contentType: string): string {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    throw new Problem("unsupported-media-type", `Send the body as UTF-8 (charset=${charset} is not read).`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Problem("bad-request", "The body is not valid UTF-8; save the file as UTF-8 and send it again.");
  }
}
