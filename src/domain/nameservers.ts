/** Nameserver lists are sets: order, case and a trailing root dot do not make them differ. */
export function normaliseNameservers(list: string[]): string[] {
  return [...new Set(list.map((h) => h.trim().toLowerCase().replace(/\.$/, '')))].sort();
}

export function sameNameservers(a: string[], b: string[]): boolean {
  return normaliseNameservers(a).join(' ') === normaliseNameservers(b).join(' ');
}
