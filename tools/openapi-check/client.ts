/**
 * A small client of the service, typed only by what openapi-typescript generated from
 * /openapi.json (generated/openapi.d.ts, written by test/e2e/openapi-tools.test.ts).
 * The test typechecks this file and runs it against a local Worker.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/openapi";

type Entry = components["schemas"]["Entry"];

export function timelineClient(baseUrl: string, token?: string) {
  const client = createClient<paths>({ baseUrl, headers: token ? { Authorization: `Bearer ${token}` } : {} });

  return {
    /** The titles of a timeline's commitments with their status and pledged amount, newest first. */
    async commitments(slug: string): Promise<string[]> {
      const { data, error } = await client.GET("/v1/timelines/{slug}/entries", {
        params: { path: { slug }, query: { kind: "commitment", order: "desc", limit: 50 } },
      });
      if (error) throw new Error(`${error.title}: ${error.detail}`);
      return data.items.map((entry: Entry) => {
        const amount = entry.commitment?.amount;
        return `${entry.title} (${entry.commitment?.status ?? "?"}${amount ? `, ${amount.value} ${amount.currency}` : ""})`;
      });
    },

    /** Adds a commitment; a retry with the same key is answered as the first request was. */
    async pledge(slug: string, title: string, key: string): Promise<Entry> {
      const { data, error } = await client.POST("/v1/timelines/{slug}/entries", {
        params: { path: { slug }, header: { "Idempotency-Key": key } },
        body: {
          kind: "commitment",
          title,
          start: "2024-11-26",
          commitment: { status: "announced", due: "2025", made_by: ["G7"], amount: { value: 2_000_000_000, currency: "USD" } },
          sources: [{ url: "https://www.g7italy.it/", title: "G7 Italy 2024" }],
        },
      });
      if (error) throw new Error(`${error.title}: ${error.detail}`);
      return data;
    },

    /** Calls the generated types must refuse; each line fails to compile if they grow too loose. */
    refused() {
      // @ts-expect-error an entry is an event or a commitment
      void client.GET("/v1/timelines/{slug}/entries", { params: { path: { slug: "x" }, query: { kind: "meeting" } } });
      // @ts-expect-error a new entry needs a start date
      void client.POST("/v1/timelines/{slug}/entries", { params: { path: { slug: "x" } }, body: { kind: "event", title: "No date" } });
      // @ts-expect-error no such route
      void client.GET("/v1/timeline/{slug}", { params: { path: { slug: "x" } } });
    },
  };
}
