/**
 * wrangler.toml and the Worker agree on live timelines and webhooks: the hourly cron beside the
 * daily one, the webhook queue with its consumer and dead-letter queue, and the Durable Object
 * binding with its SQLite migration.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/project.mjs";
import { RETRY_DELAYS } from "../../src/domain/webhooks";
import { HOURLY_CRON, LIVE_ROOM_CLASS, LIVE_ROOMS_BINDING, WEBHOOK_DLQ_NAME, WEBHOOK_QUEUE_NAME } from "../../src/live/config";

const toml = readFileSync(join(projectRoot, "wrangler.toml"), "utf8");
/** The `key = value` lines of each `[[table]]` block named `name`. */
function blocks(name: string): Record<string, string>[] {
  return toml
    .split(/^\[/m)
    .filter((part) => part.startsWith(`[${name}]]`))
    .map((part) => Object.fromEntries([...part.matchAll(/^(\w+)\s*=\s*(.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()])));
}

describe("wrangler.toml for live timelines and webhooks", () => {
  it("runs the hourly cron beside the daily one", () => {
    const crons = JSON.parse(/^crons\s*=\s*(\[.*\])$/m.exec(toml)![1]!) as string[];
    expect(crons).toContain(HOURLY_CRON);
    expect(crons).toContain("17 3 * * *");
  });

  it("produces to and consumes the webhook queue, with a dead-letter queue that is consumed too", () => {
    expect(blocks("queues.producers")).toEqual([{ binding: '"WEBHOOK_QUEUE"', queue: `"${WEBHOOK_QUEUE_NAME}"` }]);
    const consumers = blocks("queues.consumers");
    const main = consumers.find((c) => c.queue === `"${WEBHOOK_QUEUE_NAME}"`)!;
    expect(main.dead_letter_queue).toBe(`"${WEBHOOK_DLQ_NAME}"`);
    // The consumer's own schedule ends the retries; Queues' limit only catches a failing consumer.
    expect(Number(main.max_retries)).toBeGreaterThan(RETRY_DELAYS.length);
    expect(consumers.map((c) => c.queue)).toContain(`"${WEBHOOK_DLQ_NAME}"`);
  });

  it("binds the Durable Object and migrates it as a SQLite-backed class", () => {
    expect(blocks("durable_objects.bindings")).toEqual([{ name: `"${LIVE_ROOMS_BINDING}"`, class_name: `"${LIVE_ROOM_CLASS}"` }]);
    expect(blocks("migrations").some((m) => m.new_sqlite_classes === `["${LIVE_ROOM_CLASS}"]`)).toBe(true);
  });
});
