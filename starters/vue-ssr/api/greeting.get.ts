import { defineHandler, getRequestIP } from "edgeplate/h3";
import type { Greeting } from "../app/types.ts";

export default defineHandler((event): Greeting => ({
  message: "Hello from the Edgeplate API",
  // A request from a client came over a socket and has its address; the renderer's `$fetch` did not.
  via: getRequestIP(event) ? "network" : "in-process",
}));
