import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How long the dev server must have been idle after a build before its garbage is collected. */
const IDLE_MS = 200;
/** Builds in a row (edits faster than `IDLE_MS`) after which it is collected anyway. */
const EVERY = 5;

let collect: (() => void) | undefined;

/** When a thread's builds come and go, for `collectWhenIdle`. */
export interface IdleCollector {
  /** A build is done (its answer goes out first). */
  built(): void;
  /** A build starts: a collection now would hold it up (a full one takes tens of milliseconds). */
  busy(): void;
}

/**
 * A full garbage collection once the thread has been idle for a moment after a build, or after
 * every `EVERY`th build. Each rollup build leaves tens of megabytes of garbage, and V8, left
 * alone, keeps growing its heap to make room rather than collecting it: the dev process's RSS
 * would climb for hundreds of edits before levelling off (1.5× over 100 edits of `minimal`).
 * The wait is called off when the next build starts, so that edits in a row are held up by one
 * collection in `EVERY`, not by one in the middle of each build. Node exposes `gc` only behind a
 * flag, which can be set at run time for a fresh context.
 */
export function collectWhenIdle(): IdleCollector {
  if (!collect) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  let timer: NodeJS.Timeout | undefined;
  let builds = 0;
  const run = () => {
    clearTimeout(timer);
    builds = 0;
    collect!();
  };
  return {
    built() {
      clearTimeout(timer);
      // After this turn: the build's answer goes out first.
      if (++builds >= EVERY) return void setImmediate(run);
      timer = setTimeout(run, IDLE_MS).unref();
    },
    busy: () => clearTimeout(timer),
  };
}
