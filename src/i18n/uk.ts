/** Ukrainian: status labels and the most visible words; the rest falls back to English. */
import type { Words } from "./words";

export const uk: Partial<Words> = {
  commitment: "Зобов’язання",
  commitments: "Зобов’язання",
  status: {
    announced: "оголошено",
    in_progress: "виконується",
    stalled: "призупинено",
    fulfilled: "виконано",
    partially_fulfilled: "виконано частково",
    missed: "не виконано",
    withdrawn: "відкликано",
  },
  overdue: "прострочено",
  original: "оригінал",
  today: "Сьогодні",
  qualifiers: { circa: "близько {date}", before: "до {date}", after: "після {date}" },
};
