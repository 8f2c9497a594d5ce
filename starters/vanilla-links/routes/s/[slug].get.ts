import { defineHandler, HTTPError } from "edgeplate";
import { getRouterParam, redirect } from "edgeplate/h3";
import { countHit, findLink } from "../../server/links.ts";

/** `/s/<slug>`: counts the click, then sends the visitor on. */
export default defineHandler(async (event) => {
  const slug = getRouterParam(event, "slug") ?? "";
  const link = await findLink(slug);
  if (!link) throw new HTTPError({ status: 404, message: `There is no short link \`${slug}\`.` });
  await countHit(slug);
  return redirect(link.url, 302);
});
