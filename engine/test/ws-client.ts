// A small WebSocket client over a raw TCP socket (RFC 6455): Node 20 has no global WebSocket, and
// the tests also need to send what no client library sends (garbage, a frame cut off mid-way).
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export interface TestSocket {
  /** The handshake's status line and headers (`101` when upgraded). */
  status: number;
  send(text: string): void;
  /** Resolves with the next text message (rejects after `timeoutMs`). */
  next(timeoutMs?: number): Promise<string>;
  /** Whether the server closed the connection. */
  closed(): boolean;
  raw: Socket;
  close(): void;
}

/** Opens `ws://host:port/path`; resolves once the server answered the handshake (upgraded or not). */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    // A server that never answers the handshake fails the test instead of hanging it.
    const handshake = setTimeout(() => (socket.destroy(), reject(new Error(`no handshake answer from ${url}`))), 10_000);
    const messages: string[] = [];
    const waiters: ((text: string) => void)[] = [];
    let buffer = Buffer.alloc(0);
    let status = 0;
    let ended = false;
    socket.on("error", (error) => (status ? (ended = true) : reject(error)));
    socket.on("close", () => {
      ended = true;
      if (!status) reject(new Error("closed before the handshake"));
    });
    socket.on("connect", () => {
      const key = randomBytes(16).toString("base64");
      socket.write(
        `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${Object.entries(
          headers,
        )
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join("")}\r\n`,
      );
    });
    const deliver = (text: string) => (waiters.length ? waiters.shift()!(text) : messages.push(text));
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!status) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        status = Number(/^HTTP\/1\.1 (\d+)/.exec(buffer.subarray(0, end).toString())?.[1]);
        buffer = buffer.subarray(end + 4);
        clearTimeout(handshake);
        resolve(api);
      }
      // Server frames are unmasked: opcode, length (7, 16 or 64 bits), payload.
      while (buffer.length >= 2) {
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) [length, offset] = [buffer.readUInt16BE(2), 4];
        else if (length === 127) [length, offset] = [Number(buffer.readBigUInt64BE(2)), 10];
        if (buffer.length < offset + length) return;
        const opcode = buffer[0]! & 0x0f;
        if (opcode === 1) deliver(buffer.subarray(offset, offset + length).toString());
        buffer = buffer.subarray(offset + length);
      }
    });
    const api: TestSocket = {
      get status() {
        return status;
      },
      raw: socket,
      send: (text) => socket.write(frame(Buffer.from(text))),
      next: (timeoutMs = 5_000) =>
        messages.length
          ? Promise.resolve(messages.shift()!)
          : new Promise((done, fail) => {
              const waiter = (text: string) => (clearTimeout(timer), done(text));
              // A waiter that timed out must not swallow the next message.
              const timer = setTimeout(() => (waiters.splice(waiters.indexOf(waiter), 1), fail(new Error(`no message within ${timeoutMs} ms`))), timeoutMs);
              waiters.push(waiter);
            }),
      closed: () => ended,
      close: () => socket.destroy(),
    };
  });
}

/** A masked client text frame (clients must mask, RFC 6455 5.3). */
export function frame(payload: Buffer, { fin = true } = {}): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0, 0x80 | length]) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65536) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65536) {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  header[0] = (fin ? 0x80 : 0) | 0x1;
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}
