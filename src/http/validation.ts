/**
 * Turns Zod issues into problem+json `errors`: body fields as JSON pointers, query and path
 * fields as parameters, with messages a person can act on.
 */
import type { ZodError } from "zod";
import { jsonPointer, Problem, type ProblemField } from "./problem";

type Target = "json" | "query" | "param" | "header" | "form" | "cookie";
type Issue = ZodError["issues"][number];

function message(issue: Issue): string {
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) return "is required";
  return issue.message;
}

export function issuesToFields(issues: readonly Issue[], target: Target = "json"): ProblemField[] {
  const fields: ProblemField[] = [];
  for (const issue of issues) {
    const paths =
      issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path as PropertyKey[]];
    const detail = issue.code === "unrecognized_keys" ? "is not a known field" : message(issue);
    for (const path of paths) {
      if (target === "json") fields.push({ pointer: jsonPointer(path), detail });
      else if (target === "header") fields.push({ header: String(path[0] ?? ""), detail });
      else fields.push({ parameter: String(path[0] ?? ""), detail });
    }
  }
  return fields;
}

export function validationProblem(fields: ProblemField[]): Problem {
  const first = fields[0];
  const where = first ? (first.pointer ?? first.parameter ?? first.header ?? "") : "";
  const summary =
    fields.length === 1 ? `${where || "The request"} ${first!.detail}.` : `${fields.length} fields are not valid.`;
  return new Problem("validation", summary, { errors: fields });
}
