import { useSignal } from '@preact/signals';
import { gql } from '../../api/graphql.js';
import { Dialog } from '../../ui/dialog.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { ReasonForm } from '../../ui/reasonForm.js';
import { useAction } from '../../ui/useAction.js';
import { HALT_TENANT, RESUME_TENANT, tenantState } from './tenantStatus.js';
import type { TenantState } from './tenantStatus.js';

/**
 * The kill switch, in the header for admins (`tenantAdmin`): "Halt tenant" (or "Resume tenant" while halted) opens
 * a dialog naming the tenant, asking for a reason, confirmed by "Halt <tenant>" / "Resume <tenant>". The state is
 * the one the halt banner reads (admins hold `tenantRead` too).
 */
export function KillSwitch(props: { readonly tenant: string }) {
  const open = useSignal(false);
  const halted = tenantState.value?.halted === true;
  const verb = halted ? 'Resume' : 'Halt';
  const change = useAction(async (reason: string) => {
    const field = halted ? 'resumeTenant' : 'haltTenant';
    const data = await gql<Record<string, TenantState>>(halted ? RESUME_TENANT : HALT_TENANT, { reason });
    tenantState.value = data[field] ?? null;
    open.value = false;
    return data[field];
  });
  return (
    <>
      <button
        type="button"
        class={halted ? 'primary' : 'danger'}
        disabled={tenantState.value === null}
        onClick={() => (open.value = true)}
      >
        {verb} tenant
      </button>
      {open.value && (
        <Dialog title={`${verb} tenant ${props.tenant}`} onClose={() => (open.value = false)}>
          <p>
            {halted
              ? `Lifts the kill switch of tenant ${props.tenant}: its commands run again.`
              : `Engages the kill switch of tenant ${props.tenant}: from its next action on, every command of ` +
                `tenant ${props.tenant} is refused (TENANT_HALTED) on every server sharing the ledger, until an ` +
                'admin resumes it. Reads and cancelling runs still work.'}
          </p>
          {change.error !== null && <ErrorNote message={change.error} />}
          <ReasonForm
            id="tenant-switch"
            busy={change.busy}
            actions={[
              {
                label: `${verb} ${props.tenant}`,
                kind: halted ? 'primary' : 'danger',
                onSubmit: (reason) => void change.run(reason),
              },
            ]}
          />
          <button type="button" onClick={() => (open.value = false)}>
            Cancel
          </button>
        </Dialog>
      )}
    </>
  );
}
