/** Request methods as the middleware sees them. */

const READS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request may change data: it goes to the primary database and counts as a write.
 * @example isWrite("PATCH") // true
 */
export function isWrite(method: string): boolean {
  return !READS.has(method);
}
