import { defineHandler, readBody } from "nitro/h3";

export default defineHandler(async (event) => ({ received: await readBody(event) }));
