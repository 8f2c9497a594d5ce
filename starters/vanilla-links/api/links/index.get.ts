import { defineHandler } from "edgeplate";
import { listLinks } from "../../server/links.ts";

export default defineHandler(async () => ({ links: await listLinks() }));
