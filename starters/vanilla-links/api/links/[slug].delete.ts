import { defineHandler, HTTPError } from "edgeplate";
import { getRouterParam, noContent } from "edgeplate/h3";
import { deleteLink } from "../../server/links.ts";

export default defineHandler(async (event) => {
  const slug = getRouterParam(event, "slug") ?? "";
  if (!(await deleteLink(slug))) throw new HTTPError({ status: 404, message: `There is no short link \`${slug}\`.` });
  return noContent();
});
