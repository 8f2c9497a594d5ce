// The part of workerd's built-in `cloudflare:workers` module the entry uses (external in the bundle).
declare module "cloudflare:workers" {
  /** Extends the request running when it is called until `promise` settles. */
  export const waitUntil: ((promise: Promise<unknown>) => void) | undefined;
  /** The worker's env (vars and bindings), readable at module scope. */
  export const env: Record<string, unknown> | undefined;
}
