/**
 * A small checker of JSON values against Swagger 2.0 schemas (the Openprovider OpenAPI files), so
 * tests can hold the sandbox's responses to the official shapes without a new dependency. It
 * follows $ref, checks types (integer/number/string/boolean/array/object), `required` lists and
 * enums, and, because the Openprovider files declare no `required` at all, reports properties the
 * schema does not declare (strict mode, on by default) so a misspelt field cannot slip through.
 */
export interface SwaggerSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, SwaggerSchema>;
  additionalProperties?: boolean | SwaggerSchema;
  items?: SwaggerSchema;
  required?: string[];
  enum?: unknown[];
}

export interface SwaggerDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { schema?: SwaggerSchema }> }>>;
  definitions: Record<string, SwaggerSchema>;
}

export function resolveRef(doc: SwaggerDocument, schema: SwaggerSchema): SwaggerSchema {
  let current = schema;
  for (let depth = 0; current.$ref; depth++) {
    if (depth > 20) throw new Error(`$ref loop at ${schema.$ref}`);
    const name = current.$ref.replace(/^#\/definitions\//, '');
    const target = doc.definitions[name];
    if (!target) throw new Error(`unknown $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

/** The schema of a response: `status` "200" or "default" (the error envelope). */
export function responseSchema(doc: SwaggerDocument, method: string, path: string, status = '200'): SwaggerSchema {
  const op = doc.paths[path]?.[method.toLowerCase()];
  const schema = op?.responses?.[status]?.schema;
  if (!schema) throw new Error(`no ${status} response schema for ${method} ${path}`);
  return schema;
}

/** Problems found, one line each ("data.results[0].id: expected integer, got string"); empty when valid. */
export function checkAgainstSchema(
  doc: SwaggerDocument,
  schema: SwaggerSchema,
  value: unknown,
  options: { strict?: boolean } = {},
  at = '$',
): string[] {
  const strict = options.strict ?? true;
  const s = resolveRef(doc, schema);
  const problems: string[] = [];
  if (value === null || value === undefined) return [`${at}: expected ${s.type ?? 'a value'}, got ${String(value)}`];
  if (s.enum && !s.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  const type = s.type ?? (s.properties ? 'object' : undefined);
  const actual = Array.isArray(value) ? 'array' : typeof value;
  switch (type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        problems.push(`${at}: expected integer, got ${actual}`);
      break;
    case 'number':
      if (typeof value !== 'number') problems.push(`${at}: expected number, got ${actual}`);
      break;
    case 'string':
    case 'boolean':
      if (typeof value !== type) problems.push(`${at}: expected ${type}, got ${actual}`);
      break;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${at}: expected array, got ${actual}`);
      else if (s.items)
        value.forEach((item, i) => problems.push(...checkAgainstSchema(doc, s.items!, item, options, `${at}[${i}]`)));
      break;
    case 'object': {
      if (actual !== 'object') {
        problems.push(`${at}: expected object, got ${actual}`);
        break;
      }
      const record = value as Record<string, unknown>;
      for (const key of s.required ?? []) if (!(key in record)) problems.push(`${at}.${key}: required`);
      for (const [key, item] of Object.entries(record)) {
        const prop = s.properties?.[key];
        if (prop) problems.push(...checkAgainstSchema(doc, prop, item, options, `${at}.${key}`));
        else if (typeof s.additionalProperties === 'object') {
          problems.push(...checkAgainstSchema(doc, s.additionalProperties, item, options, `${at}.${key}`));
        } else if (strict && s.properties && s.additionalProperties !== true) {
          problems.push(`${at}.${key}: not declared by the schema`);
        }
      }
      break;
    }
    default:
      break; // untyped: anything goes
  }
  return problems;
}
