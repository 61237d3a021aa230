/**
 * Overdue alerts: which commitments turned overdue within a window of time, so a periodic sweep
 * can announce each (commitment, due date) once. Pure: the clock is an argument.
 */
import { type CommitmentData, isOverdue } from "./commitments";

/**
 * How far back a sweep looks for deadlines that passed. Longer than the hourly interval, so a
 * missed run or two still announces them; the once-per-due-date record keeps repeats out.
 */
export const OVERDUE_LOOKBACK_MS = 48 * 3_600_000;

/**
 * Whether the commitment's due period ended in (`fromMs`, `nowMs`] in `timeZone` and it is still
 * neither fulfilled nor withdrawn: it has just turned overdue.
 * @example turnedOverdue({ status: "announced", due: "2025" }, "UTC", Date.UTC(2025, 11, 31), Date.UTC(2026, 0, 1, 1)) // true
 */
export function turnedOverdue(c: Pick<CommitmentData, "status" | "due">, timeZone: string, fromMs: number, nowMs: number): boolean {
  return isOverdue(c, nowMs, timeZone) && !isOverdue(c, fromMs, timeZone);
}

function fourDigitYear(ms: number): string {
  return String(new Date(ms).getUTCFullYear()).padStart(4, "0");
}

/**
 * Bounds on the stored `due` text of every commitment that can turn overdue in (`fromMs`, `nowMs`],
 * for an index range scan before the exact check: dates of years 0000–9999 sort as text in time
 * order, a due period is at most a year long, and zones differ from UTC by under a day.
 * Dues outside these years (history) cannot be due now.
 * @example dueTextRange(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 3)) // { from: "2025", to: "2026-01-05" }
 */
export function dueTextRange(fromMs: number, nowMs: number): { from: string; to: string } {
  const from = String(Number(fourDigitYear(fromMs)) - 1).padStart(4, "0");
  const to = new Date(nowMs + 2 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}
