/** Past this a refused body is not read on: the connection is closed with the rest unread. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 5000;

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * Reads and discards the body of a request answered 413 before the answer goes out. The answer
 * closes the connection (`connection: close`), and a server that closes it while the client is
 * still sending makes the kernel reset it: the client gets EPIPE/ECONNRESET instead of the 413 it
 * never read (Node, Bun). Bounded in bytes and time, so a client cannot keep a server reading.
 */
export function drainRefusedBodies(fetch: Fetch): Fetch {
  return async (request) => {
    const response = await fetch(request);
    if (response.status === 413 && request.body && !request.bodyUsed) await drain(request.body);
    return response;
  };
}

async function drain(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), DRAIN_MS);
  try {
    for (let bytes = 0; bytes < DRAIN_BYTES;) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away, or the time ran out: the 413 is sent (or dropped) as it can be.
  } finally {
    clearTimeout(timer);
  }
}
