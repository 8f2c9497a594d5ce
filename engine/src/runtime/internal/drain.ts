/** Past this a refused body is not read on: the connection is closed with the rest unread. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 5000;

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * The rest of a body that the size limit cut off while counting it (a chunked body, see
 * body-limit.ts), by the host's request: the stream is already locked, so the host drains it
 * through this reader.
 */
const cutOff = new WeakMap<Request, ReadableStreamDefaultReader<Uint8Array>>();

/**
 * Wraps `request`'s body for a reader that may give up on it (h3's size limit): cancelling the
 * wrapper leaves the client's stream open, unread, for `drainRefusedBodies` to read and discard.
 * Cancelling the stream itself would make Node destroy the socket while the client is still sending.
 */
export function drainableBody(request: Request, body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel() {
      cutOff.set(request, reader);
    },
  });
}

/**
 * Reads and discards the body of a request answered 413 before the answer goes out. The answer
 * closes the connection (`connection: close`), and a server that closes it while the client is
 * still sending makes the kernel reset it: the client gets EPIPE/ECONNRESET instead of the 413 it
 * never read (Node, Bun). Bounded in bytes and time, so a client cannot keep a server reading.
 */
export function drainRefusedBodies(fetch: Fetch): Fetch {
  // Synchronous answers stay synchronous (see `trackInflight`): only a refused body waits.
  return (request) => {
    const response = fetch(request);
    return response instanceof Promise ? response.then((answer) => drainedFirst(request, answer)) : drainedFirst(request, response);
  };
}

function drainedFirst(request: Request, response: Response): Response | Promise<Response> {
  const rest = cutOff.get(request);
  // Status first: reading `request.body` of a request without one would make a stream for nothing.
  const refused = rest ?? (response.status === 413 && request.body && !request.bodyUsed ? request.body.getReader() : undefined);
  return refused ? drain(refused).then(() => response) : response;
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
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
