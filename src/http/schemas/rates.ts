/**
 * Exchange rates as JSON (`{"rates": [{date, currency, rate, base}]}`, what the export writes in
 * `exchange_rates`): the one schema and the one set of rules, shared by `POST …/rates` and the
 * import of an export. The rules are those of a CSV table (`parseRates`), so a rate refused in
 * one form is refused in the other.
 */
import * as z from "zod/mini";
import { LIMITS } from "../../domain/limits";
import { parseRates, type Rate } from "../../domain/rates";
import type { ProblemField } from "../problem";
import { issuePointers } from "../validation";
import { meta } from "./fields";

export const RateList = z.array(
  z.strictObject({
    date: z.string(),
    currency: z.string(),
    rate: z.number(),
    base: z.string(),
  }),
);

const FIELDS = new Set(["date", "currency", "rate", "base"]);

export const RatesJson = meta(z.object({ rates: RateList }), { id: "RatesDocument" });

/**
 * The rates of a JSON list found at `pointer` of a document, checked as `POST …/rates` checks
 * them, with every problem as a pointer to the bad rate (`/exchange_rates/3/currency`).
 * @example ratesFromList([{ date: "2024-11-26", currency: "USD", rate: 1.05, base: "EUR" }], "/rates").rates.length // 1
 */
export function ratesFromList(value: unknown, pointer: string): { rates: Rate[]; errors: ProblemField[] } {
  const list = RateList.safeParse(value);
  if (!list.success) return { rates: [], errors: issuePointers(list.error.issues, pointer) };
  if (list.data.length > LIMITS.ratesPerImport) {
    return { rates: [], errors: [{ pointer, detail: `holds ${list.data.length} rates; one request takes at most ${LIMITS.ratesPerImport} (send the years in parts)` }] };
  }
  // Line n of a table is item n - 2 of the list.
  const parsed = parseRates([["date", "currency", "rate", "base"], ...list.data.map((r) => [r.date, r.currency, String(r.rate), r.base])]);
  const errors = parsed.problems.slice(0, 100).map((p) => ({
    // A table names its columns; a rate contradicting another of the same day names its currency.
    pointer: `${pointer}/${p.line - 2}/${p.column && FIELDS.has(p.column) ? p.column : "rate"}`,
    detail: p.detail,
  }));
  return { rates: errors.length > 0 ? [] : parsed.rates, errors };
}
