/**
 * The registrars this engine speaks to, by name. Pure (no imports, no I/O): the contracts layer and
 * the workflow bundle import it, so it must stay safe inside the workflow sandbox. The table of
 * what each registrar brings (config, factory, capabilities, TLD specifics) is ./index.ts.
 */
export const REGISTRAR_NAMES = ['ispapi', 'openprovider'] as const;
export type RegistrarName = (typeof REGISTRAR_NAMES)[number];

/** Type guard for a name read from input, a search attribute or a config value. */
export function isRegistrarName(value: string): value is RegistrarName {
  return (REGISTRAR_NAMES as readonly string[]).includes(value);
}
