/** Types the `workers` test project sees: the Worker's bindings plus test-only ones. */
import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** The D1 migrations, read in vitest.config.ts and applied by apply-migrations.ts. */
      TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      /** Types `exports` from "cloudflare:workers": `exports.default.fetch(...)`. */
      mainModule: typeof import("../../src/index");
    }
  }
}
