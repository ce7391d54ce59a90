import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import type { DomainChangeActivities, RegistrarActivities } from '../activities';
import { normaliseNameservers, sameNameservers } from '../domain/nameservers';
import {
  accountField,
  type AnsweredChangeRequest,
  DOMAIN_CHANGE_ERRORS,
  type DomainChange,
  type DomainEntityState,
  MAX_CHANGE_REQUESTS,
  type SetNameserversResult,
  setNameserversRequestSchema,
  setNameserversUpdate,
  type SetTransferLockResult,
  setTransferLockRequestSchema,
  setTransferLockUpdate,
  type UpdateContactResult,
  updateContactRequestSchema,
  updateContactUpdate,
} from '../contracts';
import type { Mutex } from './mutex';
import { registrarCallOptions, rejectedBy } from './shared';
import { requestValidator as validator } from './validate';

const registrar = proxyActivities<RegistrarActivities>(registrarCallOptions);
const acts = proxyActivities<DomainChangeActivities>(registrarCallOptions);

/** What the `domain` entity lends its change Updates (src/workflows/domain.ts). */
export interface EntityParts {
  state: DomainEntityState;
  /** the entity's one-change-at-a-time section (shared with its other Updates and corrections) */
  exclusive: Mutex;
  /** records a change in recentChanges and emits its change event */
  record(change: DomainChange, data?: Record<string, unknown>): Promise<DomainChange>;
  /** search attributes and memo after the facts changed */
  publish(): void;
}

type UpdateName = AnsweredChangeRequest['update'];

/**
 * The entity's per-domain changes: setNameservers, setTransferLock and updateContact
 * (docs/domain-management.md). Each runs inside the entity's mutex, answers a repeated requestId
 * from its record without a registrar call, reads the registrar before writing (nothing is sent
 * when it already shows the wish) and after (the change must show), and records one change.
 * Registered before the entity's first await, so an update-with-start reaches them.
 */
export function registerDomainChanges(entity: EntityParts): void {
  const { state } = entity;
  const target = () => ({ registrar: state.registrar, ...accountField(state.account), domain: state.domain });
  const fail = (type: string, message: string) => ApplicationFailure.nonRetryable(message, type);
  const notInAccount = () =>
    fail(DOMAIN_CHANGE_ERRORS.notFound, `${state.domain} is not in the ${state.registrar} account`);

  /** A registrar's "no" or an exhausted retry fails the Update (not the entity) with its reason. */
  const asUpdateFailure = (err: unknown): unknown => {
    if (!(err instanceof ActivityFailure)) return err;
    const rejected = rejectedBy(err);
    if (rejected) {
      const type = rejected.type === 'RegistrarRejectedError' ? DOMAIN_CHANGE_ERRORS.refused : rejected.type;
      return fail(type, rejected.message);
    }
    return fail('DomainChangeFailed', `${state.domain}: ${err.cause?.message ?? err.message}`);
  };

  const handler =
    <Req extends { requestId?: string }, Res>(update: UpdateName, run: (request: Req, id: string) => Promise<Res>) =>
    (request: Req): Promise<Res> =>
      entity.exclusive.runExclusive(async () => {
        const requestId = request.requestId ?? uuid4();
        const known = state.changeRequests?.find((r) => r.requestId === requestId);
        if (known) {
          if (known.update !== update) {
            throw fail('InvalidInput', `invalid request: requestId: ${requestId} was already used for ${known.update}`);
          }
          return known.result as Res;
        }
        let result: Res;
        try {
          result = await run(request, requestId);
        } catch (err) {
          throw asUpdateFailure(err);
        }
        const answered = (state.changeRequests ??= []);
        answered.push({ requestId, update, result } as AnsweredChangeRequest);
        if (answered.length > MAX_CHANGE_REQUESTS) answered.splice(0, answered.length - MAX_CHANGE_REQUESTS);
        return result;
      });

  const change = (kind: DomainChange['kind'], from: DomainChange['from'], to: DomainChange['to'], requestId: string) =>
    ({ kind, from, to, at: new Date().toISOString(), source: 'update', requestId }) satisfies DomainChange;

  setHandler(
    setNameserversUpdate,
    handler('setNameservers', async (raw, requestId): Promise<SetNameserversResult> => {
      const wanted = setNameserversRequestSchema.parse(raw).nameservers;
      const before = await registrar.getDomain(target());
      if (!before) throw notInAccount();
      const result = (nameservers: string[], changed: boolean): SetNameserversResult => {
        state.facts = { ...state.facts, nameservers: normaliseNameservers(nameservers) };
        entity.publish();
        return { domain: state.domain, changed, nameservers, requestId };
      };
      if (sameNameservers(before.nameservers, wanted)) return result(before.nameservers, false);
      await registrar.setNameservers({ ...target(), nameservers: wanted });
      const after = await registrar.getDomain(target());
      if (!after || !sameNameservers(after.nameservers, wanted)) {
        throw fail(
          DOMAIN_CHANGE_ERRORS.notApplied,
          `${state.domain}: the registrar shows ${after?.nameservers.join(' ') || 'no nameservers'} after the change, not ${wanted.join(' ')}`,
        );
      }
      const from = normaliseNameservers(before.nameservers).join(' ');
      await entity.record(change('nameservers', from, normaliseNameservers(after.nameservers).join(' '), requestId), {
        requestId,
      });
      return result(after.nameservers, true);
    }),
    { validator: validator(setNameserversRequestSchema) },
  );

  setHandler(
    setTransferLockUpdate,
    handler('setTransferLock', async (raw, requestId): Promise<SetTransferLockResult> => {
      const { locked } = setTransferLockRequestSchema.parse(raw);
      const noLock = () =>
        fail(
          DOMAIN_CHANGE_ERRORS.noLock,
          `${state.domain}: the registry of .${state.domain.slice(state.domain.indexOf('.') + 1)} has no transfer lock (${state.registrar} shows none for it)`,
        );
      const before = await registrar.getDomain(target());
      if (!before) throw notInAccount();
      if (before.transferLock === undefined) throw noLock();
      const result = (changed: boolean): SetTransferLockResult => {
        state.facts = { ...state.facts, transferLock: locked };
        entity.publish();
        return { domain: state.domain, changed, locked, requestId };
      };
      if (before.transferLock === locked) return result(false);
      // false: the registrar has no lock at all (its capabilities say so)
      if (!(await registrar.setTransferLock({ ...target(), locked }))) throw noLock();
      const after = await registrar.getDomain(target());
      if (after?.transferLock !== locked) {
        throw fail(
          DOMAIN_CHANGE_ERRORS.notApplied,
          `${state.domain}: the transfer lock still shows ${String(after?.transferLock)}`,
        );
      }
      await entity.record(change('transfer-lock', before.transferLock, locked, requestId), { requestId });
      return result(true);
    }),
    { validator: validator(setTransferLockRequestSchema) },
  );

  setHandler(
    updateContactUpdate,
    handler('updateContact', async (raw, requestId): Promise<UpdateContactResult> => {
      const { role, contact } = updateContactRequestSchema.parse(raw);
      const answer = { domain: state.domain, role, requestId };
      const held = await acts.readDomainContact({ ...target(), role, wanted: contact });
      if (!held) throw notInAccount();
      if (held.same) return { ...answer, changed: false, handle: held.handle, via: 'update' };
      if (role === 'owner' && held.materialFields.length > 0) {
        // A new registrant under ICANN's transfer policy (or a registry trade): the procedure and
        // its confirmations belong to changeRegistrant, which decides by the TLD's rules.
        const { workflowId } = await acts.startOwnerChange({
          ...target(),
          registrant: contact,
          ...(state.customerId ? { customerId: state.customerId } : {}),
        });
        await entity.record(
          { ...change('contact', held.handle, null, requestId), role },
          {
            requestId,
            role,
            via: 'changeRegistrant',
            changeRegistrantWorkflowId: workflowId,
            materialFields: held.materialFields,
          },
        );
        return { ...answer, changed: true, via: 'changeRegistrant', changeRegistrantWorkflowId: workflowId };
      }
      const { handle } = await acts.ensureContactHandle({
        registrar: state.registrar,
        ...accountField(state.account),
        contact,
      });
      await acts.setDomainContact({ ...target(), role, handle });
      const after = await acts.readDomainContact({ ...target(), role, wanted: contact });
      if (!after?.same) {
        throw fail(DOMAIN_CHANGE_ERRORS.notApplied, `${state.domain}: the ${role} contact does not show the new data`);
      }
      await entity.record(
        { ...change('contact', held.handle, after.handle, requestId), role },
        {
          requestId,
          role,
          via: 'update',
        },
      );
      return { ...answer, changed: true, handle: after.handle, via: 'update' };
    }),
    { validator: validator(updateContactRequestSchema) },
  );
}
