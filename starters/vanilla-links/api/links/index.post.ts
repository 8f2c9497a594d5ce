import { defineHandler } from "edgeplate";
import { readBody } from "edgeplate/h3";
import { createLink, parseNewLink } from "../../server/links.ts";

export default defineHandler(async (event) => {
  const link = await createLink(parseNewLink(await readBody(event)));
  event.res.status = 201;
  return { link };
});
