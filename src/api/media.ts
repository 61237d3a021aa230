/** `GET /media/{hash}.{ext}`: entry images, at content-hashed URLs cached for good. */
import { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { serveImage } from "../http/media";
import { routeRegistry } from "../http/route";

export const mediaRoutes = new Hono<AppEnv>();

routeRegistry.push({
  method: "get",
  path: "/media/{file}",
  operationId: "getMedia",
  tags: ["Entries"],
  summary: "An uploaded image (metadata removed), named by its content hash",
  params: z.object({ file: z.string() }),
  responses: {
    200: { description: "The image, `Cache-Control: public, max-age=31536000, immutable`", contentType: "image/*" },
    304: { description: "Not modified" },
    404: { description: "No such image" },
  },
});

mediaRoutes.get("/media/:file", (c) => serveImage(c, c.req.param("file")));
