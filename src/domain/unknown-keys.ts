import type { z } from 'zod';

/**
 * Unknown keys in an input, found by walking the schema beside the value. zod objects strip keys
 * they do not know, so a typo such as `nameServers` used to be dropped in silence and the workflow
 * ran without the nameservers the caller meant. The schemas themselves stay non-strict (workflows
 * started before strict inputs must replay as they ran); this walk is the strict check, used at the
 * edge (client library, command line) and in workflows behind the patch 'strict-inputs'.
 *
 * Pure code without I/O: it runs inside the workflow sandbox too.
 */
export interface UnknownKey {
  /** where the key sits, e.g. ['polling'] for polling.initalInterval */
  parent: Array<string | number>;
  key: string;
  /** the closest known key at that place, when one is near */
  suggestion?: string;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  catchall?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Wrappers whose inner schema sees the same value. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function findUnknownKeys(schema: z.ZodType, value: unknown, parent: Array<string | number> = []): UnknownKey[] {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return findUnknownKeys(def.innerType, value, parent);
  // A transform's input is what the caller wrote.
  if (def.type === 'pipe' && def.in) return findUnknownKeys(def.in, value, parent);
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    return value.flatMap((item, i) => findUnknownKeys(def.element!, item, [...parent, i]));
  }
  if (def.type === 'record' && def.valueType && isPlainObject(value)) {
    return Object.entries(value).flatMap(([k, v]) => findUnknownKeys(def.valueType!, v, [...parent, k]));
  }
  if (def.type === 'union' && def.options) {
    // The option that fits best: none unknown when any option knows every key.
    const found = def.options.map((option) => findUnknownKeys(option, value, parent));
    return found.reduce((best, next) => (next.length < best.length ? next : best), found[0] ?? []);
  }
  if (def.type !== 'object' || !def.shape || !isPlainObject(value)) return [];
  // An object with a catchall (z.looseObject, .catchall) takes any key by design.
  const loose = def.catchall !== undefined && defOf(def.catchall).type !== 'never';
  const known = Object.keys(def.shape);
  const unknown: UnknownKey[] = [];
  for (const [key, child] of Object.entries(value)) {
    const field = Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
    if (field) {
      unknown.push(...findUnknownKeys(field, child, [...parent, key]));
    } else if (!loose) {
      const suggestion = closestKey(key, known);
      unknown.push({ parent, key, ...(suggestion !== undefined ? { suggestion } : {}) });
    }
  }
  return unknown;
}

/** Case, `_` and `-` do not count: `nameServers`, `name_servers` and `NAMESERVERS` are `nameservers`. */
const fold = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');

/** The known key nearest to `key` (edit distance after folding), when it is near enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(fold(key), fold(candidate));
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  if (!best) return undefined;
  // One edit for short keys, up to a third of the key for long ones: 'amout' -> 'amount', never 'a' -> 'id'.
  const allowed = Math.max(1, Math.floor(best.key.length / 3));
  return best.distance <= allowed && fold(key).length > 0 ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** A field path as people read it: `polling.initialInterval`; odd keys quoted (`extras."a.b"`, `""`). */
export function fieldPath(path: ReadonlyArray<string | number>, root = 'input'): string {
  if (path.length === 0) return root;
  return path
    .map((part) => (typeof part === 'number' || /^[A-Za-z_$][\w$-]*$/.test(part) ? String(part) : JSON.stringify(part)))
    .join('.');
}

/** `nameServers: unknown field (did you mean nameservers?)` */
export function describeUnknownKey(unknown: UnknownKey, root = 'input'): { field: string; message: string } {
  const field = fieldPath([...unknown.parent, unknown.key], root);
  const hint = unknown.suggestion !== undefined ? ` (did you mean ${unknown.suggestion}?)` : '';
  return { field, message: `${field}: unknown field${hint}` };
}
