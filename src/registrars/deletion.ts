/**
 * Deleting a domain of the account: now (the registry deletes it, restorable for a while), or at
 * its expiry (the registrar's renewal mode set to delete). Kept apart from the Registrar interface.
 * Registrar.readLifecycle tells the phase afterwards (pending-delete, soft/hard quarantine) with
 * the restorable window and restore fee where the registrar gives them.
 */
export interface DeleteAnswer {
  /** the registry has not finished: the deletion is pending (ISPAPI PENDING=1) */
  pending: boolean;
  /** the registrar's status word after the call, e.g. PENDINGDELETE, DEL */
  registrarStatus?: string;
  /** until when the deleted domain can be restored, where the registrar tells it (ISPAPI DELETIONRESTORABLEPERIOD) */
  restorableUntil?: string;
}

export interface DeletionRegistrar {
  /** Deletes the domain now (ISPAPI DeleteDomain; Openprovider DELETE /domains/{id}). */
  deleteDomain(domain: string): Promise<DeleteAnswer>;
  /** Lets the domain be deleted at its expiry (ISPAPI RENEWALMODE=AUTODELETE; Openprovider autorenew off). */
  deleteAtExpiry(domain: string): Promise<void>;
  /** Whether the domain is set to be deleted at expiry (read back before a repeated write). */
  deletesAtExpiry(domain: string): Promise<boolean>;
}

export function isDeletionRegistrar(registrar: unknown): registrar is DeletionRegistrar {
  const r = registrar as Partial<DeletionRegistrar> | undefined;
  return (
    typeof r?.deleteDomain === 'function' &&
    typeof r.deleteAtExpiry === 'function' &&
    typeof r.deletesAtExpiry === 'function'
  );
}
