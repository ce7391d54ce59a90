/**
 * The sandboxes' shared picture of the world outside this account, so both registrars agree:
 * a name whose first label starts with "new-" (or that contains "unregistered") is free to
 * register; every other name not seeded or owned is held at another registrar and can be
 * transferred in with any non-empty auth code.
 */
export function isFreeName(domain: string): boolean {
  const name = domain.toLowerCase();
  return name.startsWith('new-') || name.includes('unregistered');
}
