/**
 * Rows described once, by their Drizzle table in schema.ts: rows read and written keyed by column
 * name (the snake_case names the API shows, so a stored field has one name everywhere), and
 * inserts of many rows from one JSON parameter (`json_each`), far below D1's 100 bound parameters.
 */
import { type Column, getTableColumns, getTableName, type InferSelectModel, type SQL, sql, type Table } from "drizzle-orm";

/** A row keyed by column name (`time_zone`, not `timeZone`), typed from the table. */
export type NamedRow<T extends Table> = InferSelectModel<T, { dbColumnNames: true }>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fields of both A and B whose types differ. */
type Differing<A, B> = { [K in keyof A & keyof B]: Same<A[K], B[K]> extends true ? never : K }[keyof A & keyof B];

/**
 * `"same"` when A and B have the same fields of the same types; otherwise the odd fields, so that
 * `"same" satisfies SameFields<A, B>` fails to compile and names them.
 * @example "same" satisfies SameFields<NamedRow<typeof timelines>, Timeline>;
 */
export type SameFields<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>, Differing<A, B>] extends [never, never, never]
  ? "same"
  : { onlyInFirst: Exclude<keyof A, keyof B>; onlyInSecond: Exclude<keyof B, keyof A>; typesDiffer: Differing<A, B> };

interface ColumnOf {
  /** The property in schema.ts (`timeZone`). */
  key: string;
  /** The SQL name (`time_zone`). */
  name: string;
  column: Column;
}

const described = new WeakMap<Table, ColumnOf[]>();

function columnsOf(table: Table): ColumnOf[] {
  let list = described.get(table);
  if (!list) {
    list = Object.entries(getTableColumns(table)).map(([key, column]) => ({ key, name: column.name, column }));
    described.set(table, list);
  }
  return list;
}

/**
 * A reader turning rows as Drizzle reads them (keys as in schema.ts) into rows keyed by column
 * name, without the columns in `omit`.
 * @example const readTimeline = namedReader(timelines); readTimeline(row).time_zone
 */
export function namedReader<T extends Table, Omitted extends keyof NamedRow<T> & string = never>(
  table: T,
  omit: readonly Omitted[] = [],
): (row: T["$inferSelect"]) => Omit<NamedRow<T>, Omitted> {
  const left = new Set<string>(omit);
  const pairs = columnsOf(table)
    .filter((c) => !left.has(c.name))
    .map((c) => [c.key, c.name] as const);
  return (row) => {
    const named: Record<string, unknown> = {};
    for (const [key, name] of pairs) named[name] = (row as Record<string, unknown>)[key];
    return named as Omit<NamedRow<T>, Omitted>;
  };
}

/**
 * Fields keyed by column name, keyed as Drizzle's builders want them (for `.values()`, `.set()`);
 * fields that are undefined or not columns are left out.
 */
export function byKey<T extends Table>(table: T, fields: Partial<NamedRow<T>>): Partial<T["$inferInsert"]> {
  const keyed: Record<string, unknown> = {};
  for (const { key, name } of columnsOf(table)) {
    const value = (fields as Record<string, unknown>)[name];
    if (value !== undefined) keyed[key] = value;
  }
  return keyed as Partial<T["$inferInsert"]>;
}

/** A raw D1 row (column names, stored values: JSON as text) as Drizzle would read it. */
export function fromStored<T extends Table>(table: T, raw: Record<string, unknown>): NamedRow<T> {
  const named: Record<string, unknown> = {};
  for (const { name, column } of columnsOf(table)) {
    const value = raw[name];
    named[name] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return named as NamedRow<T>;
}

/** The named row's given columns in their stored form (JSON columns as text), for a JSON insert. */
function toStored(columns: ColumnOf[], row: Record<string, unknown>): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const { name, column } of columns) {
    const value = row[name];
    stored[name] = value === null || value === undefined ? null : column.mapToDriverValue(value);
  }
  return stored;
}

/** Splits rows into JSON arrays of at most `maxChars` characters each (D1 caps a value's size). */
export function jsonChunks(rows: unknown[], maxChars = 400_000): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (current.length > 0 && size + text.length + 1 > maxChars) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 2;
    }
    current.push(text);
    size += text.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

const quote = (name: string) => `"${name}"`;

/**
 * Inserts many rows of one table, each with every column but `omit` (columns the database
 * fills, such as an autoincrement key). Rows are typed from the table: a missing or misspelt
 * column does not compile. `then` continues the statement (`ON CONFLICT …`).
 * @example
 * const insertFacets = rowInserter(entryFacets);
 * insertFacets([{ timeline_id: 1, facet: "tag", value_key: "energie", … }]) // SQL, one per chunk
 */
export function rowInserter<T extends Table, Omitted extends keyof NamedRow<T> & string = never>(
  table: T,
  options: { omit?: readonly Omitted[]; then?: (columns: string[]) => string } = {},
): (rows: Omit<NamedRow<T>, Omitted>[]) => SQL[] {
  const omitted = new Set<string>(options.omit ?? []);
  const columns = columnsOf(table).filter((c) => !omitted.has(c.name));
  const names = columns.map((c) => c.name);
  const head =
    `INSERT INTO ${quote(getTableName(table))} (${names.map(quote).join(", ")}) ` +
    `SELECT ${names.map((n) => `value ->> '${n}'`).join(", ")} FROM json_each(`;
  const tail = `)${options.then ? ` WHERE true ${options.then(names)}` : ""}`;
  return (rows) => jsonChunks(rows.map((row) => toStored(columns, row as Record<string, unknown>))).map((chunk) => sql.join([sql.raw(head), sql`${chunk}`, sql.raw(tail)]));
}
