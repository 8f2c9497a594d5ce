// Preloaded into a server under test (`node --import`): counts the TCP connections it accepts
// (`net.server.socket`) and opens (`net.client.socket`, which undici's fetch goes through too)
// and writes both to the file named by SOCKET_COUNT_FILE, synchronously, so the file is current
// before the request that caused a connection is even answered.
import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";

const file = process.env.SOCKET_COUNT_FILE;
const counts = { accepted: 0, opened: 0 };
const save = () => writeFileSync(file, JSON.stringify(counts));
if (file) {
  save();
  subscribe("net.server.socket", () => (counts.accepted++, save()));
  subscribe("net.client.socket", () => (counts.opened++, save()));
}
