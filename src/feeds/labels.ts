/** The few words feeds write around the data, in the timeline's language (English otherwise). */
import type { CommitmentStatus } from "../domain/commitments";

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

const EN: FeedLabels = {
  status: "Status",
  statuses: {
    announced: "announced",
    in_progress: "in progress",
    fulfilled: "fulfilled",
    partially_fulfilled: "partially fulfilled",
    missed: "missed",
    withdrawn: "withdrawn",
  },
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

const DE: FeedLabels = {
  status: "Status",
  statuses: {
    announced: "angekündigt",
    in_progress: "in Umsetzung",
    fulfilled: "erfüllt",
    partially_fulfilled: "teilweise erfüllt",
    missed: "verfehlt",
    withdrawn: "zurückgezogen",
  },
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

const BY_LANGUAGE: Record<string, FeedLabels> = { en: EN, de: DE };

/**
 * Labels for a BCP 47 tag by its language subtag.
 * @example feedLabels("de-AT").deadline // "Frist"
 */
export function feedLabels(locale: string): FeedLabels {
  return BY_LANGUAGE[locale.split("-")[0]!.toLowerCase()] ?? EN;
}
