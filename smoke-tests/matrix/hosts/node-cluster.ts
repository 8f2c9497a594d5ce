// node-cluster: the node-server output whose primary forks workers sharing one port; two workers
// (this machine's core count) so requests really spread over processes. Each worker has its own
// memory `cache` mount (the platform default), so the matrix checks SWR per worker (`instances`).
import { startSpawnedCell } from "./spawned.ts";
import type { HostCell } from "./types.ts";

const WORKERS = "2";

export default {
  runtime: `node ${process.version}, cluster of ${WORKERS} workers`,
  gaps: `the cache mount is memory in each worker: entries and "run the handler once" are per worker, not shared (mount Redis as \`cache\` to share them)`,
  // The node-server command: the cluster is the same output with EDGEPLATE_CLUSTER_WORKERS set.
  start: async (dir, options) => ({ ...(await startSpawnedCell("node-server", dir, options, { EDGEPLATE_CLUSTER_WORKERS: WORKERS })), instances: Number(WORKERS) }),
} satisfies HostCell;
