// @ts-check
/**
 * CPU time a local Worker spends, read from /proc: what a request costs in CPU does not depend
 * on how much of a shared machine the Worker was given meanwhile, unlike its throughput and
 * latency. Linux only; elsewhere the figures are NaN.
 */
import { readdirSync, readFileSync } from "node:fs";
import { processGroupMembers } from "../../scripts/lib/wrangler.mjs";

/**
 * CPU time so far of every thread of every live process in group `pgid` (`wrangler dev` and its
 * workerd), in nanoseconds, from each thread's schedstat (nanosecond resolution, where
 * /proc/PID/stat counts 10 ms ticks).
 * @param {number} pgid
 * @returns {number}
 */
export function processGroupCpuNs(pgid) {
  if (process.platform !== "linux") return Number.NaN;
  let total = 0;
  for (const pid of processGroupMembers(pgid)) {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tasks) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // the thread exited meanwhile
      }
    }
  }
  return total;
}

/**
 * Waits until `cpu` (a reader such as {@link processGroupCpuNs}) grows by less than `idleNs` in
 * `stepMs`: the Worker has finished what the last requests left it (work after the response,
 * such as cache writes), and its reading can be taken. At most `maxMs`.
 * @param {() => number} cpu
 * @param {{ idleNs?: number, stepMs?: number, maxMs?: number }} [options]
 * @returns {Promise<number>} the last reading
 */
export async function settledCpu(cpu, options = {}) {
  const { idleNs = 2e6, stepMs = 100, maxMs = 3000 } = options;
  const deadline = Date.now() + maxMs;
  let last = cpu();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, stepMs));
    const now = cpu();
    if (now - last < idleNs) return now;
    last = now;
  }
  return last;
}
