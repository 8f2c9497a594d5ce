// Runs in the dev server's build thread (see dev-build-client.ts): loads the config, runs its build
// hooks and bundles with rollup, away from the thread that serves requests. Rollup's garbage, and
// the heap V8 grows to hold it, stay in this thread, whose young generation is bounded.
import { parentPort, workerData } from "node:worker_threads";
import { registerDevServer } from "../config-fetch.ts";
import { createDevBuilder } from "./dev-build.ts";
import { requestToWire, responseFromWire, type BuildThreadData, type FromBuildThread, type ToBuildThread } from "./dev-build-wire.ts";
import { forwardLogs } from "./logger.ts";

const port = parentPort!;
const post = (message: FromBuildThread) => port.postMessage(message);
const { rootDir, overrides, restart } = workerData as BuildThreadData;

forwardLogs((record) => {
  try {
    post({ type: "log", record });
  } catch {
    // An argument that cannot be copied (a function, a class instance with one) is sent as text.
    post({ type: "log", record: { ...record, args: record.args.map(String) } });
  }
});

// `serverFetch` in the config's hooks asks the dev server, which runs in the other thread.
const fetches = new Map<number, { resolve: (response: Response) => void; reject: (error: Error) => void }>();
let nextFetch = 0;
registerDevServer(async (request) => {
  const id = ++nextFetch;
  const wire = await requestToWire(request);
  return new Promise<Response>((resolve, reject) => {
    fetches.set(id, { resolve, reject });
    post({ type: "fetch", id, request: wire });
  });
});

const builder = createDevBuilder(rootDir, overrides, restart);

port.on("message", (message: ToBuildThread) => {
  if (message.type === "served") return builder.served(message.failure);
  if (message.type === "fetched") {
    const pending = fetches.get(message.id);
    fetches.delete(message.id);
    return message.response ? pending?.resolve(responseFromWire(message.response)) : pending?.reject(new Error(message.error));
  }
  const { id } = message;
  const called = message.method === "build" ? builder.build(message.arg) : message.method === "close" ? builder.close(message.arg) : builder.dependencies();
  (called as Promise<unknown>).then(
    (value) => post({ type: "result", id, value }),
    (error: Error) => post({ type: "thrown", id, message: error?.message ?? String(error), stack: error?.stack }),
  );
});
