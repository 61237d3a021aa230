/** The widget as readers will see it, beside the form (arrives with the preview slice). */
import type { Timeline } from "../domain/timeline";
import type { StudioWords } from "../i18n";
import type { Html } from "./layout";

export function previewPanel(_w: StudioWords, _timeline: Timeline, _lang: string, _entryId: string | null): Html | "" {
  return "";
}
