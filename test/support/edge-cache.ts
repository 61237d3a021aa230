/**
 * Workers Cache in front of the Worker, as tests see it. Locally `ctx.cache` does not exist: an
 * execution context whose `cache.purge` records its calls shows what a write or the cron purges,
 * whichever module ends up doing it.
 */
import { createExecutionContext } from "cloudflare:test";

/** A fresh execution context (`ctx`, to wait on) and the one to pass to the Worker, recording each purge. */
export function purgeRecordingContext(onPurge: (tags: string[]) => void | Promise<void>): { ctx: ExecutionContext; recording: ExecutionContext } {
  const ctx = createExecutionContext();
  const recording = {
    waitUntil: (promise: Promise<unknown>) => ctx.waitUntil(promise),
    passThroughOnException: () => ctx.passThroughOnException(),
    props: {},
    cache: {
      async purge({ tags }: { tags: string[] }) {
        await onPurge(tags);
        return { success: true, errors: [] };
      },
    },
  };
  return { ctx, recording: recording as unknown as ExecutionContext };
}
