/** Italian: status labels and the most visible words; the rest falls back to English. */
import type { Words } from "./words";

export const it: Partial<Words> = {
  commitment: "Impegno",
  commitments: "Impegni",
  status: {
    announced: "annunciato",
    in_progress: "in corso",
    stalled: "in stallo",
    fulfilled: "mantenuto",
    partially_fulfilled: "mantenuto in parte",
    missed: "non mantenuto",
    withdrawn: "ritirato",
  },
  overdue: "scaduto",
  original: "originale",
  today: "Oggi",
  qualifiers: { circa: "circa {date}", before: "prima del {date}", after: "dopo il {date}" },
};
