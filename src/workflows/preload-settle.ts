/**
 * Fills in, before the SDK deep-freezes the preloaded modules (src/workflows/preload.ts), every value
 * zod 4 would otherwise write into a schema object on first use. A frozen object refuses those writes
 * (TypeError in a workflow task), and zod makes three kinds:
 *  - prototype accessors that shadow themselves with an own property on first read: the bound
 *    methods (`schema.parse`, `.safeParse`, `.optional` ...), derived members (`shape`, `minLength`
 *    ...), the internals' lazy values (`_zod.optin`, `propValues`, `values`, `pattern`), `~standard`;
 *  - the memoizer's first-parse step on a container schema (object, array ...), which puts the plain
 *    parser back in `_zod.parse` / `_zod.run` when the schema turns out not to be recursive.
 *  - `pattern.lastIndex = 0` before every regex check (string formats, `.regex()`, template literals):
 *    a frozen RegExp's lastIndex cannot be written.
 * So every schema reachable the way the SDK's freeze walks (own properties, getters read) has all its
 * prototype accessors read and one parse of `undefined` run, and every RegExp held in a writable
 * property (a check's `def.pattern`, `_zod.pattern`, tables of patterns) is replaced by a stand-in
 * the freeze cannot reach: a Proxy of a private copy that refuses to be made non-extensible (the
 * SDK's freeze skips what it cannot freeze). Regex checks reset lastIndex before each test, so the
 * shared copy answers the same in every workflow. The values are those a workflow would have
 * computed itself: deterministic, read-only afterwards apart from lastIndex.
 */

/** zod's marker: schemas and checks carry their internals as `_zod`. */
interface ZodLike {
  _zod: { run?: (payload: { value: unknown; issues: unknown[] }, ctx: object) => unknown };
}

const isZod = (value: object): value is ZodLike =>
  '_zod' in value && typeof (value as ZodLike)._zod === 'object' && (value as ZodLike)._zod !== null;

/** Reads every accessor on the prototype chain below Object.prototype (each getter fills itself in). */
function readPrototypeAccessors(target: object): void {
  for (let proto = Object.getPrototypeOf(target); proto && proto !== Object.prototype;) {
    for (const key of Reflect.ownKeys(proto)) {
      if (typeof Object.getOwnPropertyDescriptor(proto, key)?.get !== 'function') continue;
      try {
        void (target as Record<PropertyKey, unknown>)[key];
      } catch {
        // a member that cannot be computed fails the same way later; nothing to fill in
      }
    }
    proto = Object.getPrototypeOf(proto);
  }
}

const liveRegexes = new WeakMap<RegExp, RegExp>();
const standIns = new WeakSet<object>();

/** A RegExp the SDK's deep freeze leaves writable (see above); one stand-in per original. */
function liveRegex(original: RegExp): RegExp {
  let live = liveRegexes.get(original);
  if (!live) {
    const copy = new RegExp(original.source, original.flags);
    live = new Proxy(copy, {
      // methods run on the copy itself: RegExp methods need the real object as `this`
      get: (target, key) => {
        const member = Reflect.get(target, key, target) as unknown;
        return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(target) : member;
      },
      set: (target, key, value) => Reflect.set(target, key, value, target),
      preventExtensions: () => false,
    });
    liveRegexes.set(original, live);
    standIns.add(live);
  }
  return live;
}

/** Replaces each RegExp in a writable own data property (and each in a Set of patterns) by its stand-in. */
function replaceRegexes(holder: object): void {
  if (holder instanceof Set) {
    const entries = [...(holder as Set<unknown>)];
    if (!entries.some((entry) => entry instanceof RegExp)) return;
    holder.clear();
    for (const entry of entries) holder.add(entry instanceof RegExp ? liveRegex(entry) : entry);
    return;
  }
  for (const key of Reflect.ownKeys(holder)) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, key);
    if (descriptor && 'value' in descriptor && descriptor.value instanceof RegExp && descriptor.writable) {
      (holder as Record<PropertyKey, unknown>)[key] = liveRegex(descriptor.value);
    }
  }
}

export function settleLazyState(roots: readonly unknown[]): void {
  const seen = new WeakSet<object>();
  const pending: unknown[] = [...roots];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
    seen.add(value);
    // The SDK's freeze does not look inside functions, only objects.
    if (typeof value === 'function') continue;
    if (isZod(value)) {
      readPrototypeAccessors(value);
      readPrototypeAccessors(value._zod);
      try {
        value._zod.run?.({ value: undefined, issues: [] }, { async: false });
      } catch {
        // a refinement or transform refusing `undefined`: the memoizer step ran before it
      }
    }
    if (standIns.has(value)) continue;
    replaceRegexes(value);
    // a schema's Set of patterns is not walked by the freeze, but its entries are read by the schema
    const bag = isZod(value) ? (value._zod as { bag?: { patterns?: unknown } }).bag : undefined;
    if (bag?.patterns instanceof Set) replaceRegexes(bag.patterns);
    for (const key of Reflect.ownKeys(value)) {
      try {
        pending.push((value as Record<PropertyKey, unknown>)[key]);
      } catch {
        // an accessor that throws is skipped, as the freeze would skip nothing else
      }
    }
  }
}
