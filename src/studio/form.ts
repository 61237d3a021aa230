/**
 * Reading submitted forms, and carrying validation problems back to the fields they concern.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { Problem } from "../http/problem";

/** A submitted form: text values (missing = ""), repeated values, files. */
export class Form {
  constructor(private readonly data: FormData) {}

  text(name: string): string {
    const value = this.data.get(name);
    return typeof value === "string" ? value : "";
  }

  all(name: string): string[] {
    return this.data.getAll(name).filter((v): v is string => typeof v === "string");
  }

  has(name: string): boolean {
    return this.data.has(name);
  }

  file(name: string): File | null {
    const value = this.data.get(name);
    return value !== null && typeof value !== "string" ? value : null;
  }

  /** Every text value, for carrying a submission over to another form (the conflict page). */
  entries(): [string, string][] {
    return [...this.data.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
  }
}

/** The request's form; anything but a form body is refused. */
export async function readForm(c: Context<AppEnv>): Promise<Form> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new Problem("unsupported-media-type", "Send a form (application/x-www-form-urlencoded or multipart/form-data).");
  }
  try {
    return new Form(await c.req.formData());
  } catch {
    throw new Problem("bad-request", "The form could not be read.");
  }
}

/** Problems by field name, shown next to each field. */
export type FieldErrors = Map<string, string>;

/** Splits a comma- (or semicolon-) separated list as typed into its items. */
export function splitList(text: string): string[] {
  const separator = text.includes(";") ? ";" : ",";
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}
