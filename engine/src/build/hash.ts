import { createHash } from "node:crypto";

/** Short content hash used for etags. */
export function hashBytes(bytes: Uint8Array | string): string {
  return createHash("sha1").update(bytes).digest("base64url").slice(0, 16);
}
