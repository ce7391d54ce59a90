import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Openprovider's official OpenAPI (Swagger 2.0) files, vendored in ./reference, read with ajv:
 * the operations they declare, and validation of requests and responses against them.
 *
 * Swagger 2.0 schemas are draft-4-like JSON Schema; ajv takes them with three adaptations:
 * refs point into the document (each file is one ajv schema with its `definitions`), the
 * protobuf formats (int32, double, boolean) are registered, and — because the files declare no
 * `required` at all — strict mode injects `additionalProperties: false` into every object schema
 * that lists its properties, so an undeclared or misspelt field is the main thing caught.
 */

export const OPENAPI_FILES = [
  'auth.swagger.json',
  'domain.swagger.json',
  'dns.swagger.json',
  'reseller-customer.swagger.json',
] as const;

export const REFERENCE_DIR = join(__dirname, 'reference');

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'body' | 'header';
  type?: string;
  items?: { type?: string };
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface Operation {
  parameters?: Parameter[];
  responses?: Record<string, { schema?: Record<string, unknown> }>;
}

interface SwaggerFile {
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, Record<string, unknown>>;
}

export interface OperationRef {
  file: (typeof OPENAPI_FILES)[number];
  operation: Operation;
}

let documents: Map<string, SwaggerFile> | undefined;

function docs(): Map<string, SwaggerFile> {
  documents ??= new Map(
    OPENAPI_FILES.map((file) => [file, JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8')) as SwaggerFile]),
  );
  return documents;
}

/** Every operation the files declare, as "METHOD /v1beta/path/{param}". */
export function declaredOperations(): string[] {
  const out: string[] = [];
  for (const doc of docs().values())
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops)) out.push(`${method.toUpperCase()} ${path}`);
  return out;
}

export function findOperation(method: string, template: string): OperationRef | undefined {
  for (const [file, doc] of docs()) {
    const operation = doc.paths[template]?.[method.toLowerCase()];
    if (operation) return { file: file as OperationRef['file'], operation };
  }
  return undefined;
}

function requireOperation(method: string, template: string): OperationRef {
  const op = findOperation(method, template);
  if (!op) throw new Error(`no operation ${method} ${template} in the OpenAPI files`);
  return op;
}

/** Walks a Swagger schema, closing object schemas (strict) and dropping `example` values (data, not schema). */
function adapt(schema: unknown, strict: boolean): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === 'example') continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, adapt(v, strict)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = adapt(value, strict);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v) => adapt(v, strict));
    } else {
      out[key] = value;
    }
  }
  // x-nullable (none in today's files, but the Swagger 2.0 way to allow null): widen the type.
  if (out['x-nullable'] === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (strict && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const validators = new Map<string, ValidateFunction>();
const ajvs = new Map<boolean, Ajv>();

function ajvFor(strict: boolean): Ajv {
  let ajv = ajvs.get(strict);
  if (!ajv) {
    // strict:false: Swagger keywords (title, x-*) are not JSON Schema ones and must not fail compilation.
    ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    // Ranges only: `type: integer` already reports a fraction, once.
    ajv.addFormat('int32', { type: 'number', validate: (n: number) => n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat('int64', { type: 'number', validate: () => true });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addFormat('float', { type: 'number', validate: () => true });
    ajv.addFormat('boolean', true);
    ajvs.set(strict, ajv);
  }
  return ajv;
}

/** A schema as written in a file (with #/definitions refs), compiled against that file. */
function compile(file: string, schema: Record<string, unknown>, strict: boolean): ValidateFunction {
  const key = `${strict}|${file}|${JSON.stringify(schema)}`;
  let fn = validators.get(key);
  if (!fn) {
    const ajv = ajvFor(strict);
    // One ajv per mode, each with the file's definitions (adapted for that mode) under the file's name.
    const id = file;
    if (!ajv.getSchema(id)) {
      ajv.addSchema({ $id: id, definitions: adaptDefinitions(file, strict) });
    }
    const rebased = JSON.parse(
      JSON.stringify(adapt(schema, strict)).replaceAll('"#/definitions/', `"${id}#/definitions/`),
    );
    fn = ajv.compile(rebased as object);
    validators.set(key, fn);
  }
  return fn;
}

function adaptDefinitions(file: string, strict: boolean): Record<string, unknown> {
  const doc = docs().get(file)!;
  const defs: Record<string, unknown> = {};
  // Refs inside the definitions point at "#/definitions/...": the schema's own $id resolves them.
  for (const [name, def] of Object.entries(doc.definitions)) defs[name] = adapt(def, strict);
  return defs;
}

function describe(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    const at = `${root}${e.instancePath.replaceAll('/', '.')}`;
    if (e.keyword === 'additionalProperties')
      return `${at}.${(e.params as { additionalProperty: string }).additionalProperty}: not declared by the schema`;
    return `${at}: ${e.message ?? e.keyword}`;
  });
}

/**
 * Problems of a response body (the whole JSON envelope) against the operation's schema for
 * `status` ("200" or "default", the error envelope); empty when it conforms. strict (default):
 * undeclared properties are problems.
 */
export function responseProblems(
  method: string,
  template: string,
  json: unknown,
  status: '200' | 'default' = '200',
  options: { strict?: boolean } = {},
): string[] {
  const { file, operation } = requireOperation(method, template);
  const schema = operation.responses?.[status]?.schema;
  if (!schema) return [`${method} ${template}: no ${status} response schema`];
  const fn = compile(file, schema, options.strict ?? true);
  return fn(json) ? [] : describe(fn.errors, '$');
}

/** Problems of a request: path parameters, query parameters (declared, typed) and the body (strict). */
export function requestProblems(
  method: string,
  template: string,
  request: { path?: Record<string, string>; query?: URLSearchParams; body?: unknown },
): string[] {
  const { file, operation } = requireOperation(method, template);
  const params = operation.parameters ?? [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(request.path ?? {})) {
    const p = params.find((x) => x.in === 'path' && x.name === name);
    if (!p) problems.push(`path.${name}: not declared`);
    else problems.push(...scalarProblems(`path.${name}`, p.type, value));
  }
  const query = request.query ?? new URLSearchParams();
  for (const name of new Set(query.keys())) {
    const p = params.find((x) => x.in === 'query' && x.name === name);
    const values = query.getAll(name);
    if (!p) {
      problems.push(`query.${name}: not declared by the operation`);
      continue;
    }
    if (p.type !== 'array' && values.length > 1) problems.push(`query.${name}: given ${values.length} times`);
    for (const v of values)
      problems.push(...scalarProblems(`query.${name}`, p.type === 'array' ? p.items?.type : p.type, v));
  }
  const bodyParam = params.find((x) => x.in === 'body');
  if (bodyParam?.schema) {
    if (request.body === undefined) {
      if (bodyParam.required) problems.push('body: required by the operation');
    } else {
      const fn = compile(file, bodyParam.schema, true);
      if (!fn(request.body)) problems.push(...describe(fn.errors, 'body'));
    }
  } else if (request.body !== undefined) {
    problems.push('body: the operation takes none');
  }
  return problems;
}

function scalarProblems(at: string, type: string | undefined, value: string): string[] {
  if (type === 'integer' && !/^-?\d+$/.test(value)) return [`${at}: "${value}" is not an integer`];
  if (type === 'number' && !Number.isFinite(Number(value))) return [`${at}: "${value}" is not a number`];
  if (type === 'boolean' && value !== 'true' && value !== 'false') return [`${at}: "${value}" is not a boolean`];
  return [];
}

/** Query parameter names the operation declares (path and body excluded). */
export function declaredQueryParams(method: string, template: string): string[] {
  return (requireOperation(method, template).operation.parameters ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => p.name);
}

/** Top-level body field names the operation's request schema declares (none without a body). */
export function declaredBodyFields(method: string, template: string): string[] {
  const { file, operation } = requireOperation(method, template);
  const schema = operation.parameters?.find((p) => p.in === 'body')?.schema;
  if (!schema) return [];
  return definitionProperties(file, schema);
}

/** Property names of a definition (by name, or a schema object that may be a $ref), in the file that holds it. */
export function definitionProperties(file: string, schema: string | Record<string, unknown>): string[] {
  const doc = docs().get(file);
  if (!doc) throw new Error(`unknown OpenAPI file ${file}`);
  let current: Record<string, unknown> | undefined =
    typeof schema === 'string' ? { $ref: `#/definitions/${schema}` } : schema;
  for (let depth = 0; current && typeof current.$ref === 'string'; depth++) {
    if (depth > 20) throw new Error(`$ref loop in ${file}`);
    current = doc.definitions[current.$ref.replace(/^#\/definitions\//, '')];
  }
  if (!current) throw new Error(`unknown definition in ${file}: ${JSON.stringify(schema)}`);
  return Object.keys((current.properties as Record<string, unknown> | undefined) ?? {}).sort();
}

/** The declared inputs of an operation with their types: query parameters and top-level body fields. */
export function declaredInputs(
  method: string,
  template: string,
): { query: Array<{ name: string; type: string }>; body: Array<{ name: string; type: string }> } {
  const { file, operation } = requireOperation(method, template);
  const params = operation.parameters ?? [];
  const query = params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, type: p.type ?? 'string' }));
  const schema = params.find((p) => p.in === 'body')?.schema;
  if (!schema) return { query, body: [] };
  let current: Record<string, unknown> | undefined = schema;
  const doc = docs().get(file)!;
  while (current && typeof current.$ref === 'string') current = doc.definitions[current.$ref.split('/').pop()!];
  const props = (current?.properties ?? {}) as Record<string, { type?: string; $ref?: string }>;
  const body = Object.entries(props).map(([name, p]) => ({ name, type: p.type ?? (p.$ref ? 'object' : 'string') }));
  return { query, body };
}
