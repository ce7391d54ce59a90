import { formatOpenproviderDate } from '../../../registrars/openprovider/dates';
import { joinDomainName } from '../../../registrars/openprovider/domain-name';
import { RENEWAL_OFFSET_MS, ZERO_DATE, type SandboxDomain } from './model';
import { dnssecWire } from '../dnssec';

/** the wire object of GET /domains and GET /domains/{id} (swagger domainGetDomainResponseData) */
export function toWireDomain(
  d: SandboxDomain,
  options: { withHistory?: boolean; withRegistryStatuses?: boolean; withAdditionalData?: boolean } = {},
  renewalDate: Date | undefined = d.renewalDate ?? (d.expiresAt && new Date(d.expiresAt.getTime() - RENEWAL_OFFSET_MS)),
): Record<string, unknown> {
  const fmt = (date: Date | undefined): string => (date ? formatOpenproviderDate(date) : '');
  const wire: Record<string, unknown> = {
    id: d.id,
    domain: { name: d.name, extension: d.extension },
    status: d.status,
    type: d.type,
    autorenew: d.autorenew,
    is_locked: d.isLocked,
    is_lockable: true,
    is_private_whois_enabled: d.isPrivateWhoisEnabled,
    is_private_whois_allowed: true,
    is_deleted: d.isDeleted,
    deleted_at: d.status === 'DEL' && d.deletedAt ? fmt(d.deletedAt) : ZERO_DATE,
    delete_status: d.status !== 'DEL' ? '' : d.isDeleted ? 'deleted' : 'quarantine',
    order_date: fmt(d.orderDate),
    creation_date: fmt(d.orderDate),
    active_date: fmt(d.activeDate),
    last_changed: fmt(d.lastChanged),
    expiration_date: fmt(d.expiresAt),
    registry_expiration_date: fmt(d.registryExpiresAt ?? d.expiresAt),
    renewal_date: fmt(renewalDate),
    soft_quarantine_expiry_date: d.status === 'DEL' ? fmt(d.softQuarantineUntil) : '',
    hard_quarantine_expiry_date: d.status === 'DEL' ? fmt(d.hardQuarantineUntil) : '',
    name_servers: d.nameservers.map((name, seq) => ({ name, ip: '', ip6: '', seq_nr: seq })),
    owner_handle: d.ownerHandle,
    admin_handle: d.adminHandle,
    tech_handle: d.techHandle,
    billing_handle: d.billingHandle,
    auth_code: d.authCode,
    can_renew: d.status === 'ACT',
    unit: d.unit ?? 'y',
    comments: d.failureReason ?? d.comments ?? '',
    has_history: d.history.length > 0,
    ...dnssecWire(d),
  };
  if (options.withHistory) {
    wire.history = d.history.map((h) => ({
      contents: h.contents,
      domain: joinDomainName(d),
      ip: '127.0.0.1',
      subject: h.subject,
      timestamp: h.at.toISOString(),
      type: h.type,
    }));
  }
  if (options.withAdditionalData) wire.additional_data = { ...d.additionalData };
  if (options.withRegistryStatuses) {
    wire.registry_statuses = {
      client_hold: { is_changeable: true, value: 0 },
      client_transfer_prohibited: { is_changeable: true, value: d.isLocked ? 1 : 0 },
    };
  }
  return wire;
}
