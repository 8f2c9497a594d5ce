import { info, operations } from "#edgeplate/openapi";
import { inputJsonSchema, type JSONSchema } from "./json-schema.ts";

/** What `defineValidatedHandler` (h3) leaves on a handler. */
interface RouteHandler {
  validate?: { body?: unknown; query?: unknown; headers?: unknown };
}

type Parameter = { name: string; in: "path" | "query" | "header"; required: boolean; description?: string; schema: JSONSchema; style?: string; explode?: boolean };

const ERROR_SCHEMA_REF = "#/components/schemas/Error";

/** The contract's error body (`internal/error.ts`). */
const ERROR_SCHEMA: JSONSchema = {
  type: "object",
  required: ["error", "status", "statusText", "message"],
  properties: {
    error: { const: true },
    status: { type: "integer" },
    statusText: { type: "string" },
    message: { type: "string" },
    data: { description: "Details; for invalid input, the validator's `issues`." },
  },
};

/**
 * The OpenAPI 3.1 document of the app's routes: paths, methods and params as the build scanned
 * them, `defineRouteMeta({ openAPI })` as the build read it, and each validated route's body and
 * query as JSON Schema, converted by the validator's own library once the route module is loaded.
 */
export async function buildDocument(): Promise<Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of operations) {
    const handler = await loadHandler(route);
    const validate = handler?.validate;
    const item = (paths[route.path] ??= {});
    for (const method of route.methods) {
      const parameters: Parameter[] = [
        ...route.params.map((p) => ({
          name: p.name,
          in: "path" as const,
          required: true,
          schema: { type: "string" },
          ...(p.catchAll ? { description: "The rest of the path; may hold `/`." } : {}),
        })),
        ...(validate?.query ? queryParameters(inputJsonSchema(validate.query)) : []),
        ...(validate?.headers ? headerParameters(inputJsonSchema(validate.headers)) : []),
      ];
      const operation: Record<string, unknown> = {
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(validate?.body && method !== "get" ? { requestBody: { required: true, content: { "application/json": { schema: inputJsonSchema(validate.body) } } } } : {}),
        responses: {
          "200": { description: "OK" },
          ...(validate
            ? { "400": { description: "Invalid input; the validator's issues are in `data.issues`.", content: { "application/json": { schema: { $ref: ERROR_SCHEMA_REF } } } } }
            : {}),
        },
        ...route.meta,
      };
      item[method] = operation;
    }
  }
  // Paths are the routes' own; under a `baseURL` the server URL carries it, as in Nitro's document.
  // Read here, not from internal/base-url.ts: this chunk importing the entry's module would add an
  // export to the entry, which workerd refuses (every export of a Worker's main module is a handler).
  const baseURL = import.meta.baseURL ?? "/";
  const servers = baseURL === "/" ? {} : { servers: [{ url: baseURL }] };
  return { openapi: "3.1.0", info, ...servers, paths, components: { schemas: { Error: ERROR_SCHEMA } } };
}

/** A route module that fails to load is still listed (it fails the same way when called), without its validators. */
async function loadHandler(route: (typeof operations)[number]): Promise<RouteHandler | undefined> {
  try {
    const handler = (await route.load()).default;
    return handler && (typeof handler === "function" || typeof handler === "object") ? (handler as RouteHandler) : undefined;
  } catch (error) {
    console.error(`[edgeplate] [openapi] could not load the route module of \`${route.path}\`:`, error);
    return undefined;
  }
}

/** One query parameter per property of an object schema; any other schema as one form-exploded object. */
function queryParameters(schema: JSONSchema): Parameter[] {
  const properties = schema.properties as Record<string, JSONSchema> | undefined;
  if (schema.type !== "object" || !properties) return [{ name: "query", in: "query", required: false, style: "form", explode: true, schema }];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({ name, in: "query", required: required.has(name), schema: property }));
}

function headerParameters(schema: JSONSchema): Parameter[] {
  const properties = (schema.properties as Record<string, JSONSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({ name, in: "header", required: required.has(name), schema: property }));
}
