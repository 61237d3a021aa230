/**
 * Database failures as types. D1 reports them only as message text; this is the one place that
 * reads it, so handlers and the error handler test `instanceof` instead of matching strings.
 */

/** A failure the database reported that callers may want to tell apart. */
export class DbError extends Error {
  override name = "DbError";
}

/** A write moved a row's revision other than one step from the stored one (see the revision lock trigger). */
export class StaleRevision extends DbError {
  override name = "StaleRevision";
}

/** A write collided with a unique index or primary key. */
export class UniqueViolation extends DbError {
  override name = "UniqueViolation";
  constructor(
    message: string,
    /** The table the index belongs to, e.g. `entries`. */
    readonly table: string,
    /** The index's columns, e.g. `["timeline_id", "external_id"]`. */
    readonly columns: string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** Whether the violated index is exactly `table(columns…)`. */
  is(table: string, ...columns: string[]): boolean {
    return this.table === table && this.columns.length === columns.length && columns.every((c, i) => this.columns[i] === c);
  }
}

/** D1 was briefly unreachable or overloaded: errors D1 documents as safe to retry. */
export class DbUnavailable extends DbError {
  override name = "DbUnavailable";
}

const UNIQUE = /UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/;
const TRANSIENT = /D1_ERROR.*(Network connection lost|storage operation exceeded timeout|reset because its code was updated|overloaded)/i;

/** The message of `err` and of every error it wraps (Drizzle wraps D1's error as `cause`). */
function messages(err: unknown): string[] {
  const found: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) found.push(e.message);
  return found;
}

/**
 * The typed failure `err` stands for, or null when it is none of them.
 * @example try { await runBatch(db, statements) } catch (err) { if (err instanceof StaleRevision) … }
 */
export function dbFailure(err: unknown): DbError | null {
  if (err instanceof DbError) return err;
  for (const text of messages(err)) {
    if (text.includes("stale_revision")) return new StaleRevision("The row changed since it was read.", { cause: err });
    const unique = UNIQUE.exec(text);
    if (unique) {
      const names = unique[1]!.split(", ").map((n) => n.split("."));
      const table = names[0]![0]!;
      return new UniqueViolation(`A row with the same ${names.map((n) => n.at(-1)).join(", ")} exists.`, table, names.map((n) => n.at(-1)!), {
        cause: err,
      });
    }
    if (TRANSIENT.test(text)) return new DbUnavailable("The database is briefly unavailable.", { cause: err });
  }
  return null;
}

/** `err` as its typed failure when it is one, else unchanged: for `catch (err) { throw asDbError(err) }`. */
export function asDbError(err: unknown): unknown {
  return dbFailure(err) ?? err;
}
