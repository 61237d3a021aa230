/**
 * The few words feeds write around the data, in the timeline's language (English otherwise).
 * Status names are the widget's (src/i18n.ts), so a commitment reads the same everywhere.
 */
import type { CommitmentStatus } from "../domain/commitments";
import { language } from "../i18n";

export interface FeedLabels {
  status: string;
  statuses: Record<CommitmentStatus, string>;
  due: string;
  overdue: string;
  pledged: string;
  delivered: string;
  madeBy: string;
  beneficiary: string;
  sources: string;
  /** Prefix of a commitment's deadline event in the calendar. */
  deadline: string;
  /** The TimelineJS group that holds commitments. */
  commitments: string;
}

const EN: Omit<FeedLabels, "statuses"> = {
  status: "Status",
  due: "Due",
  overdue: "overdue",
  pledged: "Pledged",
  delivered: "Delivered",
  madeBy: "Made by",
  beneficiary: "Beneficiary",
  sources: "Sources",
  deadline: "Deadline",
  commitments: "Commitments",
};

const DE: Omit<FeedLabels, "statuses"> = {
  status: "Status",
  due: "Fällig",
  overdue: "überfällig",
  pledged: "Zugesagt",
  delivered: "Geliefert",
  madeBy: "Zugesagt von",
  beneficiary: "Begünstigt",
  sources: "Quellen",
  deadline: "Frist",
  commitments: "Zusagen",
};

const BY_LANGUAGE: Record<string, Omit<FeedLabels, "statuses">> = { en: EN, de: DE };

/**
 * Labels for a BCP 47 tag by its language subtag.
 * @example feedLabels("de-AT").deadline // "Frist"
 */
export function feedLabels(locale: string): FeedLabels {
  const words = BY_LANGUAGE[locale.split("-")[0]!.toLowerCase()] ?? EN;
  return { ...words, statuses: language(locale, "en").words.status };
}
