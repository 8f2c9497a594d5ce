import cluster from "node:cluster";
import { availableParallelism } from "node:os";

// The primary only supervises; workers share its port and each runs the whole app.
if (cluster.isPrimary) {
  const count = Number(process.env.EDGEPLATE_CLUSTER_WORKERS) || availableParallelism();
  let stopping = false;
  let exitCode = 0;
  // Any worker that exits while the primary is not stopping is replaced, whatever its code (a
  // `kill -TERM` on a worker exits 0); during a stop, a worker that failed (e.g. cut requests off
  // past the shutdown timeout) makes the primary exit non-zero too.
  // One worker fires `scheduledTasks` (once per instance, not once per worker); its replacement takes over.
  const fork = (schedules: boolean) =>
    cluster.fork(schedules ? {} : { EDGEPLATE_SCHEDULED_TASKS: "false" }).on("exit", (code) => (stopping ? code && (exitCode = 1) : fork(schedules)));
  for (let i = 0; i < count; i++) fork(i === 0);
  console.log(`[edgeplate] cluster primary ${process.pid}: ${count} workers`);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    // Exit once every worker has finished its in-flight requests and closed.
    const check = () => (Object.keys(cluster.workers ?? {}).length === 0 ? process.exit(exitCode) : setTimeout(check, 50));
    check();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} else {
  const { startServer } = await import("@edgeplate/platform-node-server/runtime/server");
  process.env.EDGEPLATE_SILENT ??= cluster.worker!.id > 1 ? "1" : "";
  startServer(new URL("../public", import.meta.url), { shared: true });
}
