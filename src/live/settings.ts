/** The live capability's settings, read from the Worker's variables. */
import type { UrlRules } from "../domain/webhook-url";
import { retrySchedule } from "../domain/webhooks";
import type { Env } from "../env";

/** Webhook target rules: `http` and loopback only where `WEBHOOK_ALLOW_LOOPBACK` is "true" (local development). */
export function urlRules(env: Pick<Env, "WEBHOOK_ALLOW_LOOPBACK">): UrlRules {
  return { allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK === "true" };
}

/** Seconds between delivery attempts: the three-day default, or `WEBHOOK_RETRY_DELAYS` (tests). */
export function deliverySchedule(env: Pick<Env, "WEBHOOK_RETRY_DELAYS">): readonly number[] {
  return retrySchedule(env.WEBHOOK_RETRY_DELAYS);
}
