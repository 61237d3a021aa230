/**
 * How a visible widget polls the revision resource: soon after it appears, then less often while
 * nothing changes, never less often than the freshness promise allows (a change shows within
 * 60 s). Jitter only shortens a wait, so widgets opened together drift apart. The widget script
 * carries these numbers; the benchmark counts requests with the same rule.
 */

/** First wait after the widget loads or a change was found. */
export const POLL_MIN_MS = 15_000;
/** Longest wait: with the revision resource's cache ages (≤ 15 s) a change shows within 55 s. */
export const POLL_MAX_MS = 40_000;
/** Growth of the wait after each poll that found nothing new. */
export const POLL_FACTOR = 1.5;
/** Jitter shortens a wait by up to this share. */
export const POLL_JITTER = 0.2;

/**
 * The wait after a poll that found nothing new.
 * @example nextPollDelay(15_000) // 22500
 */
export function nextPollDelay(delay: number): number {
  return Math.min(delay * POLL_FACTOR, POLL_MAX_MS);
}

/**
 * The waits one visible widget sleeps through in `durationMs` without a change, given a random
 * source in [0, 1): the requests it sends is their count.
 * @example pollWaits(600_000, () => 0).length // 16
 */
export function pollWaits(durationMs: number, random: () => number): number[] {
  const waits: number[] = [];
  let delay = POLL_MIN_MS;
  let elapsed = 0;
  for (;;) {
    const wait = delay * (1 - POLL_JITTER * random());
    if (elapsed + wait > durationMs) return waits;
    elapsed += wait;
    waits.push(wait);
    delay = nextPollDelay(delay);
  }
}
