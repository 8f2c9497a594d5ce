import { defineHandler, HTTPError } from "edgeplate";
import { readBody } from "edgeplate/h3";

export default defineHandler(async (event) => {
  const body = await readBody<{ message?: unknown }>(event);
  if (!body || typeof body.message !== "string") {
    throw new HTTPError({ status: 400, message: 'Send JSON like { "message": "hi" }', data: { field: "message" } });
  }
  return { echo: body.message, at: new Date().toISOString() };
});
