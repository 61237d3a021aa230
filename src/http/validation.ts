/**
 * Turns Zod issues into problem+json `errors`: body fields as JSON pointers, query and path
 * fields as parameters, with messages a person can act on.
 */
import * as z from "zod/mini";
import { jsonPointer, Problem, type ProblemField } from "./problem";

type Target = "json" | "query" | "param" | "header" | "form" | "cookie";
type Issue = z.core.$ZodIssue;

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

/**
 * Messages for checks that name none of their own, phrased to follow the field's name
 * ("/title is required"). Installed once for every schema (zod/mini ships no locale).
 */
export function defaultMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${article(issue.expected)}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "array" ? `must have at least ${issue.minimum} items` : `must be at least ${issue.minimum}${issue.origin === "string" ? " characters long" : ""}`;
    case "too_big":
      return issue.origin === "array" ? `must have at most ${issue.maximum} items` : `must be at most ${issue.maximum}${issue.origin === "string" ? " characters long" : ""}`;
    case "invalid_union":
      return "is not one of the accepted forms";
    default:
      return "is not valid";
  }
}
z.config({ customError: defaultMessage });

/** A field an issue names (its path from the validated value's root) and what is wrong with it. */
export interface IssueField {
  path: PropertyKey[];
  detail: string;
}

/** The one reading of Zod issues: each names a field (an unknown key names itself) and a detail. */
export function issueFields(issues: readonly Issue[]): IssueField[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ path: [...issue.path, k], detail: "is not a known field" }));
    return [{ path: issue.path as PropertyKey[], detail: issue.message }];
  });
}

/**
 * Issues as JSON pointers below `prefix` (the document's root by default).
 * @example issuePointers(parsed.error.issues, "/entries/3") // [{ pointer: "/entries/3/title", detail: "is required" }]
 */
export function issuePointers(issues: readonly Issue[], prefix = ""): { pointer: string; detail: string }[] {
  return issueFields(issues).map(({ path, detail }) => ({ pointer: prefix + jsonPointer(path), detail }));
}

/** Issues as problem+json `errors`: body fields as pointers, query and path fields as parameters. */
export function issuesToFields(issues: readonly Issue[], target: Target = "json"): ProblemField[] {
  if (target === "json") return issuePointers(issues);
  return issueFields(issues).map(({ path, detail }) =>
    target === "header" ? { header: String(path[0] ?? ""), detail } : { parameter: String(path[0] ?? ""), detail },
  );
}

export function validationProblem(fields: ProblemField[]): Problem {
  const first = fields[0];
  const where = first ? (first.pointer ?? first.parameter ?? first.header ?? "") : "";
  const summary =
    fields.length === 1 ? `${where || "The request"} ${first!.detail}.` : `${fields.length} fields are not valid.`;
  return new Problem("validation", summary, { errors: fields });
}
