/** What every language file provides: the words readers see in the widget, the pages and the feeds. */
import type { CommitmentStatus } from "../domain/commitments";

export interface Words {
  commitment: string;
  commitments: string;
  status: Record<CommitmentStatus, string>;
  due: string;
  overdue: string;
  progress: string;
  /** "{delivered} of {pledged} delivered" */
  delivered: string;
  pledged: string;
  by: string;
  for: string;
  actors: string;
  location: string;
  tags: string;
  sources: string;
  media: string;
  today: string;
  more: string;
  none: string;
  all: string;
  filtered: string;
  openPage: string;
  errorTitle: string;
  embed: string;
  copy: string;
  feeds: string;
}
