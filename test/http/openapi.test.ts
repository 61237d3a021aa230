/** How the OpenAPI document names and refers to shared schemas (src/http/openapi.ts). */
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { SharedSchemas } from "../../src/http/openapi";

const named = <T extends z.ZodMiniType>(schema: T, id: string): T => {
  const copy = schema.clone();
  z.globalRegistry.add(copy, { id });
  return copy;
};

describe("shared schemas", () => {
  it("moves named schemas to components and refers to them there", () => {
    const shared = new SharedSchemas();
    const Point = named(z.object({ x: z.number(), y: z.number() }), "TestPoint");
    const body = shared.convert(z.object({ at: Point, path: z.array(Point) }), "output");
    const components = shared.components();
    expect(body).toEqual({
      type: "object",
      properties: { at: { $ref: "#/components/schemas/TestPoint" }, path: { type: "array", items: { $ref: "#/components/schemas/TestPoint" } } },
      required: ["at", "path"],
      additionalProperties: false,
    });
    expect(components.TestPoint).toMatchObject({ type: "object", required: ["x", "y"] });
    expect(JSON.stringify(components)).not.toContain("$defs");
  });

  it("names the request form of a schema apart when it differs from the response form, and whatever refers to it", () => {
    const shared = new SharedSchemas();
    const Label = named(z.object({ text: z.string(), lang: z._default(z.string(), "en") }), "TestLabel");
    const Card = named(z.object({ label: Label }), "TestCard");
    const Size = named(z.strictObject({ w: z.number() }), "TestSize");
    const sent = shared.convert(z.object({ card: Card, size: Size }), "input");
    const read = shared.convert(z.object({ card: Card, size: Size }), "output");
    const components = shared.components();
    expect(sent.properties).toEqual({ card: { $ref: "#/components/schemas/TestCardInput" }, size: { $ref: "#/components/schemas/TestSize" } });
    expect(read.properties).toEqual({ card: { $ref: "#/components/schemas/TestCard" }, size: { $ref: "#/components/schemas/TestSize" } });
    expect(components.TestLabelInput!.required).toEqual(["text"]);
    expect(components.TestLabel!.required).toEqual(["text", "lang"]);
    expect(components.TestCardInput!.properties).toEqual({ label: { $ref: "#/components/schemas/TestLabelInput" } });
    expect(components.TestCard!.properties).toEqual({ label: { $ref: "#/components/schemas/TestLabel" } });
    expect(Object.keys(components).sort()).toEqual(["TestCard", "TestCardInput", "TestLabel", "TestLabelInput", "TestSize"]);
  });

  it("refuses a request form whose name another schema already has", () => {
    const shared = new SharedSchemas();
    const Tag = named(z.object({ text: z._default(z.string(), "") }), "TestTag");
    shared.convert(z.object({ tag: Tag }), "input");
    shared.convert(z.object({ tag: Tag }), "output");
    shared.convert(z.object({ other: named(z.strictObject({ n: z.number() }), "TestTagInput") }), "output");
    expect(() => shared.components()).toThrow('Two different schemas are named "TestTagInput"');
  });

  it("refuses two different schemas under one id", () => {
    const shared = new SharedSchemas();
    shared.convert(z.object({ a: named(z.object({ n: z.number() }), "TestTwin") }), "output");
    expect(() => shared.convert(z.object({ b: named(z.object({ s: z.string() }), "TestTwin") }), "output")).toThrow(
      'Two different schemas share the id "TestTwin"',
    );
  });
});
