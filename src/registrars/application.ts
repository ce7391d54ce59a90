import type { ContactInput } from './registrar';
import type { ContactRole } from '../domain/contact';

/**
 * Names that are applied for, not registered (.swiss): the registry decides, often weeks later.
 * Offered by registrars that support it (ISPAPI AddDomainApplication CLASS=GOLIVE).
 */
export interface ApplicationRequest {
  domain: string;
  contacts: Record<ContactRole, ContactInput>;
  nameservers?: string[];
  /** normalised UID, e.g. CHE109322551 */
  enterpriseId: string;
  intendedUse: string;
}

export type ApplicationStatus = 'pending' | 'approved' | 'refused';

export interface ApplicationAnswer {
  /** the registrar's application id */
  reference: string;
  status: ApplicationStatus;
  /** the registrar's status word */
  registrarStatus: string;
}

export interface ApplicationRegistrar {
  /** Submits once: an open application for the same domain is returned, not repeated. */
  submitApplication(request: ApplicationRequest): Promise<ApplicationAnswer>;
  /** A cleaned-up application (ISPAPI 545) whose domain now exists in the account is approved. */
  applicationStatus(domain: string, reference: string): Promise<ApplicationAnswer>;
}

export function isApplicationRegistrar(registrar: unknown): registrar is ApplicationRegistrar {
  const r = registrar as Partial<ApplicationRegistrar> | undefined;
  return typeof r?.submitApplication === 'function' && typeof r.applicationStatus === 'function';
}
