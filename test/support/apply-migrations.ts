/**
 * Setup file of the `workers` project: applies the D1 migrations (read by
 * vitest.config.ts into the TEST_MIGRATIONS binding) to `env.DB`. Idempotent, so it is
 * safe that setup files may run more than once.
 */
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
