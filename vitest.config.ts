/**
 * Two Vitest projects:
 * - `workers`: unit and integration tests inside workerd (Miniflare) with the D1
 *   migrations applied; storage is isolated per test file.
 * - `node`: end-to-end and browser tests in Node against a real `wrangler dev`
 *   (test/support/local-worker.ts) and Debian's Chromium (test/support/browser.ts), and
 *   checks of the repository itself (test/repo: documentation links);
 *   one file at a time, after the `workers` project.
 */
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestUserConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const nodeSide = ["test/e2e/**/*.test.ts", "test/browser/**/*.test.ts", "test/repo/**/*.test.ts"];
// On CI, .ci/run reads the JSON report to print a one-line summary.
const reporters: TestUserConfig["reporters"] = process.env.CI
  ? ["default", ["json", { outputFile: "test-results/vitest.json" }]]
  : ["default"];

export default defineConfig(async () => {
  const migrations = await readD1Migrations(`${root}migrations`);
  return {
    test: {
      reporters,
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // The hosts tests call (test/support/api.ts, the harness check): the Worker serves only hosts it is told of.
                bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: "test-admin-token", ALLOWED_HOSTS: "timeline.test,example.com,localhost" },
                // Webhook messages go to a queue nobody consumes: tests drive the consumer with
                // createMessageBatch, and no test reaches out to a real endpoint. The node-side
                // tests run the real queue (wrangler dev) against a receiver on 127.0.0.1.
                queueProducers: { WEBHOOK_QUEUE: { queueName: "edge-timeline-webhooks-test" } },
                // Suites write far faster than any editor; test/http/rate-limit.test.ts checks the limiter path.
                ratelimits: {
                  WRITE_LIMITER: { namespace_id: "1001", simple: { limit: 1_000_000, period: 60 } },
                  READ_LIMITER: { namespace_id: "1002", simple: { limit: 1_000_000, period: 60 } },
                  SIGNIN_LIMITER: { namespace_id: "1003", simple: { limit: 1_000_000, period: 60 } },
                },
              },
            }),
          ],
          test: {
            name: "workers",
            // Over 3× the slowest test even on a busy machine (the property tests: up to 18 s at
            // load average 10, 6–9 s when quiet; bench/README.md "Test timeouts"), so load slows the
            // suite without failing it.
            testTimeout: 60_000,
            hookTimeout: 120_000,
            include: ["test/**/*.test.ts"],
            exclude: nodeSide,
            setupFiles: ["./test/support/apply-migrations.ts"],
            sequence: { groupOrder: 0 },
          },
        },
        {
          test: {
            name: "node",
            environment: "node",
            include: nodeSide,
            testTimeout: 120_000,
            hookTimeout: 120_000,
            fileParallelism: false,
            sequence: { groupOrder: 1 },
          },
        },
      ],
    },
  };
});
