import { defineValidatedHandler } from "edgeplate";
import { createLink, invalidLink, newLink } from "../../server/links.ts";

export default defineValidatedHandler({
  validate: { body: newLink, onError: invalidLink },
  handler: async (event) => {
    const link = await createLink(await event.req.json());
    event.res.status = 201;
    return { link };
  },
});
