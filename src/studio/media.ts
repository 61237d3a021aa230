/** Images of entries: the upload form (the upload itself arrives with the images slice). */
import type { Entry } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import type { StudioWords } from "../i18n";
import type { Html } from "./layout";

export function imageForm(_w: StudioWords, _timeline: Timeline, _entry: Entry, _error: string | null): Html | "" {
  return "";
}
