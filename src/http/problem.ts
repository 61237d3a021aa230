/**
 * RFC 9457 problem details: the one shape every error of the service takes.
 * Throw a `Problem` anywhere; `app.onError` turns it (and anything else) into the response.
 */

export interface ProblemField {
  /** JSON pointer into the request body, e.g. `/sources/0/url`. */
  pointer?: string;
  /** Query or path parameter name, e.g. `limit`. */
  parameter?: string;
  /** Request header name, e.g. `If-Match`. */
  header?: string;
  detail: string;
}

const PROBLEMS = {
  "bad-request": { status: 400, title: "Bad request" },
  validation: { status: 400, title: "Your request is not valid" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Not allowed" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "not-acceptable": { status: 406, title: "Not acceptable" },
  conflict: { status: 409, title: "Conflict" },
  gone: { status: 410, title: "Gone" },
  "precondition-failed": { status: 412, title: "Precondition failed" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "uri-too-long": { status: 414, title: "URI too long" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  misdirected: { status: 421, title: "Misdirected request" },
  "idempotency-key-reused": { status: 422, title: "Idempotency key reused with a different request" },
  "import-rejected": { status: 422, title: "The import was rejected" },
  "upgrade-required": { status: 426, title: "Upgrade required" },
  "precondition-required": { status: 428, title: "Precondition required" },
  "rate-limited": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  "not-implemented": { status: 501, title: "Not implemented" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;
export const PROBLEM_KINDS = Object.keys(PROBLEMS) as ProblemKind[];

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemField[];
  [extension: string]: unknown;
}

export class Problem extends Error {
  readonly kind: ProblemKind;
  readonly status: number;
  readonly errors: ProblemField[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(
    kind: ProblemKind,
    detail: string,
    options: { errors?: ProblemField[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.kind = kind;
    this.status = PROBLEMS[kind].status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  body(instance?: string): ProblemBody {
    return {
      type: problemType(this.kind),
      title: PROBLEMS[this.kind].title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

/** The problem type URI; `/problems/{kind}` is documented on /docs. */
export function problemType(kind: ProblemKind): string {
  return `/problems/${kind}`;
}

export function problemTitle(kind: ProblemKind): string {
  return PROBLEMS[kind].title;
}

/** The kind for an HTTP status when only the status is known (e.g. a Hono HTTPException). */
export function kindForStatus(status: number): ProblemKind {
  const match = PROBLEM_KINDS.find((k) => PROBLEMS[k].status === status && k !== "validation");
  return match ?? (status >= 500 ? "internal" : "bad-request");
}

export function problemResponse(problem: Problem, instance?: string): Response {
  return new Response(JSON.stringify(problem.body(instance)), {
    status: problem.status,
    headers: {
      "Content-Type": "application/problem+json; charset=utf-8",
      "Cache-Control": "no-store",
      ...problem.headers,
    },
  });
}

/** RFC 6901: `~` and `/` inside a segment are escaped. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => "/" + String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
