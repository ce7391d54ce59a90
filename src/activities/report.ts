import type { ReportSettings } from '../config/config';
import { textTable } from '../text/table';
import { type SyncReport, syncReportSchema } from '../contracts';
import type { MailActivities } from './mail';

type Report = ReturnType<typeof syncReportSchema.parse>;

const show = (value: string | boolean | null): string =>
  value === null ? '—' : typeof value === 'boolean' ? (value ? 'on' : 'off') : value;

function section(title: string, header: string[], rows: string[][]): string {
  return `${title} (${rows.length})\n${textTable([header, ...rows])}`;
}

/** The mail body's tables, one section per non-empty list, in the order a person acts on them. */
export function syncReportSections(report: Report): string {
  const changes = (list: Report['expiryChanges']) => list.map((c) => [c.domain, show(c.from), '→', show(c.to)]);
  const sections = [
    report.errors.length > 0 &&
      section(
        'Errors that need a person',
        ['domain', 'problem'],
        report.errors.map((e) => [e.domain ?? '—', e.message]),
      ),
    report.expiryChanges.length > 0 &&
      section('Expiry changes', ['domain', 'old', '', 'new'], changes(report.expiryChanges)),
    report.dueDateChanges.length > 0 &&
      section('Due-date changes', ['domain', 'old', '', 'new'], changes(report.dueDateChanges)),
    report.phaseChanges.length > 0 &&
      section('Phase changes', ['domain', 'old', '', 'new'], changes(report.phaseChanges)),
    report.corrections.length > 0 &&
      section(
        'Corrected at the registrar (autorenew / privacy)',
        ['domain', 'setting', 'was', '', 'now'],
        report.corrections.map((c) => [c.domain, c.setting, show(c.from), '→', show(c.to)]),
      ),
  ].filter((s): s is string => typeof s === 'string');
  return sections.length > 0 ? sections.join('\n\n') : 'Nothing changed.';
}

function summary(report: Report): string {
  const changes =
    report.expiryChanges.length + report.dueDateChanges.length + report.phaseChanges.length + report.corrections.length;
  const parts = [`${changes} change${changes === 1 ? '' : 's'}`];
  if (report.errors.length > 0) parts.push(`${report.errors.length} error${report.errors.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}

export function createReportActivities(sendMail: MailActivities['sendMail'], settings: ReportSettings) {
  return {
    /**
     * One mail to the admin per sync run with what changed; nothing when nothing changed (unless
     * DOMAINFLOW_REPORT_SEND_EMPTY). The Message-ID comes from the run, so a retried send is the same mail.
     */
    async sendSyncReport(input: SyncReport): Promise<{ sent: boolean }> {
      const report = syncReportSchema.parse(input);
      const empty =
        report.expiryChanges.length +
          report.dueDateChanges.length +
          report.phaseChanges.length +
          report.corrections.length +
          report.errors.length ===
        0;
      if (empty && !settings.sendEmpty) return { sent: false };
      const source = report.account ? `${report.registrar}/${report.account}` : report.registrar;
      await sendMail({
        to: 'admin',
        template: 'sync-report',
        values: {
          source,
          summary: summary(report),
          startedAt: report.startedAt,
          finishedAt: report.finishedAt,
          domainsSeen: String(report.domainsSeen),
          sections: syncReportSections(report),
        },
        idempotencyKey: `sync-report:${source}:${report.startedAt}`,
      });
      return { sent: true };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
