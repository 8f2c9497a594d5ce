export type JSONSchema = Record<string, unknown>;

/** The part of Standard Schema / Standard JSON Schema (`@standard-schema/spec`) read here. */
interface StandardProps {
  vendor?: string;
  jsonSchema?: { input: (options: { target: "draft-2020-12" }) => JSONSchema };
}

/**
 * The JSON Schema of what a validator accepts, from the validator library itself through Standard
 * JSON Schema (`~standard.jsonSchema`, which zod 4 implements). A validator without it (valibot
 * needs `@valibot/to-json-schema`'s `toStandardJsonSchema`) or one its library cannot express
 * (a transform, a custom check) gets a schema that only says why it is not described.
 */
export function inputJsonSchema(validator: unknown): JSONSchema {
  const standard = (validator as { "~standard"?: StandardProps } | undefined)?.["~standard"];
  const vendor = standard?.vendor ?? "an unknown library";
  const converter = standard?.jsonSchema;
  if (!converter) return { description: `Validated by ${vendor}, which offers no JSON Schema for it (Standard JSON Schema, \`~standard.jsonSchema\`).` };
  try {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12 already; the dialect marker is noise in each one.
    const { $schema: _dialect, ...schema } = converter.input({ target: "draft-2020-12" });
    return schema;
  } catch (error) {
    return { description: `Validated by ${vendor}, which could not express it as JSON Schema: ${error instanceof Error ? error.message : String(error)}` };
  }
}
