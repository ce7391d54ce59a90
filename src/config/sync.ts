import { z } from 'zod';
import { REGISTRAR_ENTRIES, REGISTRAR_NAMES, type RegistrarName } from '../registrars';
import { callsPerSecond, duration } from './fields';

const registrarList = z.string().transform((text, ctx) => {
  const names = [
    ...new Set(
      text
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const unknown = names.filter((n) => !(REGISTRAR_NAMES as readonly string[]).includes(n));
  if (text.trim() !== 'none' && (names.length === 0 || unknown.length > 0)) {
    ctx.addIssue({ code: 'custom', message: `must be a comma list of ${REGISTRAR_NAMES.join(', ')}, or none` });
    return z.NEVER;
  }
  return text.trim() === 'none' ? [] : (names as RegistrarName[]);
});

/** DOMAINFLOW_SYNC_RATE_<NAME>: the registrar's call limit, one variable per row of the registrar table. */
export const syncRateVariable = (name: RegistrarName): string => `DOMAINFLOW_SYNC_RATE_${name.toUpperCase()}`;

const rateEnv = Object.fromEntries(
  REGISTRAR_ENTRIES.map((entry) => [
    syncRateVariable(entry.name),
    callsPerSecond
      .default(entry.listRatePerSecond)
      .describe(
        `${entry.label}'s call limit per second; the portfolio's list queue dispatches half of it, across all workers`,
      ),
  ]),
) as Record<never, never>;

/** The portfolio: scheduled sync and the domain workflows (docs/portfolio.md). */
export const syncEnv = {
  DOMAINFLOW_SYNC_INTERVAL: z
    .string()
    .transform((text, ctx): number | 'off' => {
      if (text.trim() === 'off') return 'off';
      const parsed = duration.safeParse(text);
      if (parsed.success && parsed.data >= 60_000) return parsed.data;
      ctx.addIssue({ code: 'custom', message: "must be a duration of at least 1 minute such as '6h', or off" });
      return z.NEVER;
    })
    .default(6 * 3_600_000)
    .meta({
      description: 'how often each registrar account is synced (a Temporal Schedule per account), or `off`',
      defaultText: '`6h`',
    }),
  DOMAINFLOW_SYNC_REGISTRARS: registrarList.default([...REGISTRAR_NAMES]).meta({
    description: 'registrar accounts the worker schedules syncs for (comma list)',
    defaultText: `\`${REGISTRAR_NAMES.join(',')}\``,
  }),
  ...rateEnv,
  DOMAINFLOW_SYNC_PAGE_SIZE: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1-1000')
    .max(1000, 'must be 1-1000')
    .default(1000)
    .describe('domains per list call (QueryDomainList LIMIT, GET /domains limit)'),
  DOMAINFLOW_DUE_DATE_OFFSET_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(0, 'must be 0-365')
    .max(365, 'must be 0-365')
    .default(30)
    .describe('due date = the expiry people see minus this many days (renewal by the engine, invoices)'),
};

/** The portfolio's sync schedules and the domain workflows' due dates (docs/portfolio.md). */
export interface PortfolioSettings {
  /** null: no schedules */
  syncIntervalMs: number | null;
  registrars: RegistrarName[];
  /**
   * registrar calls per second of the list activities, per registrar (loadConfig fills every
   * registrar; a registrar without a rate gets no list queue)
   */
  ratePerSecond: Partial<Record<RegistrarName, number>>;
  pageSize: number;
  dueDateOffsetDays: number;
}

export function loadPortfolioSettings(e: z.infer<z.ZodObject<typeof syncEnv>>): PortfolioSettings {
  const rates = e as unknown as Record<string, number>;
  return {
    syncIntervalMs: e.DOMAINFLOW_SYNC_INTERVAL === 'off' ? null : e.DOMAINFLOW_SYNC_INTERVAL,
    registrars: e.DOMAINFLOW_SYNC_REGISTRARS,
    ratePerSecond: Object.fromEntries(REGISTRAR_NAMES.map((name) => [name, rates[syncRateVariable(name)]!])) as Record<
      RegistrarName,
      number
    >,
    pageSize: e.DOMAINFLOW_SYNC_PAGE_SIZE,
    dueDateOffsetDays: e.DOMAINFLOW_DUE_DATE_OFFSET_DAYS,
  };
}
