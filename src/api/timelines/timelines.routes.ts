/** Definitions of the timeline routes: inputs, answers, documentation. */
import * as z from "zod/mini";
import { defineRoute } from "../../http/route";
import { json, notModified, Page, problems, SlugParams } from "../../http/schemas/common";
import { pageLimit } from "../../http/schemas/entry-query";
import { TimelineCreate, TimelineCursor, TimelineJsonSchema, TimelinePatch } from "../../http/schemas/timeline";

const tags = ["Timelines"];

export const listTimelines = defineRoute({
  method: "get",
  path: "/v1/timelines",
  operationId: "listTimelines",
  tags,
  summary: "List public timelines",
  query: z.object({
    limit: pageLimit(),
    cursor: z.optional(TimelineCursor),
  }),
  responses: { 200: json(Page(TimelineJsonSchema, "TimelinePage"), "Public timelines, oldest first"), 304: notModified, 400: problems[400] },
});

export const getTimeline = defineRoute({
  method: "get",
  path: "/v1/timelines/{slug}",
  operationId: "getTimeline",
  tags,
  summary: "Read a timeline",
  auth: "optional",
  params: SlugParams,
  responses: { 200: json(TimelineJsonSchema, "The timeline"), 304: notModified, 404: problems[404] },
});

export const createTimeline = defineRoute({
  method: "post",
  path: "/v1/timelines",
  operationId: "createTimeline",
  tags,
  summary: "Create a timeline",
  auth: true,
  body: TimelineCreate,
  responses: {
    201: json(TimelineJsonSchema, "Created"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    409: problems[409],
    415: problems[415],
  },
});

export const updateTimeline = defineRoute({
  method: "patch",
  path: "/v1/timelines/{slug}",
  operationId: "updateTimeline",
  tags,
  summary: "Change a timeline's settings",
  auth: true,
  params: SlugParams,
  body: TimelinePatch,
  responses: {
    200: json(TimelineJsonSchema, "Updated"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    415: problems[415],
  },
});

export const deleteTimeline = defineRoute({
  method: "delete",
  path: "/v1/timelines/{slug}",
  operationId: "deleteTimeline",
  tags,
  summary: "Delete a timeline (soft; restorable)",
  auth: true,
  params: SlugParams,
  responses: { 204: { description: "Deleted" }, 401: problems[401], 403: problems[403], 404: problems[404] },
});

export const restoreTimeline = defineRoute({
  method: "post",
  path: "/v1/timelines/{slug}/restore",
  operationId: "restoreTimeline",
  tags,
  summary: "Restore a deleted timeline",
  auth: true,
  params: SlugParams,
  responses: { 200: json(TimelineJsonSchema, "Restored"), 401: problems[401], 403: problems[403], 404: problems[404] },
});
