import { useEffect } from 'preact/hooks';
import { ErrorNote } from '../../ui/errorNote.js';
import { formatTime } from '../../ui/format.js';
import { useLedgerChanges } from '../../ui/useLedgerChanges.js';
import { loadTenantState, TENANT_CHANGES, tenantState, tenantStateError } from './tenantStatus.js';

/**
 * For roles that may read the kill switch (`tenantRead`): a banner across the console while the tenant is halted,
 * saying who halted it, when and why. It reads the state when shown, again whenever the switch's stream records a
 * change and each time that feed (re)connects; the header's switch shares what it reads.
 */
export function HaltBanner() {
  useEffect(() => {
    void loadTenantState();
    // Signed out (or another key): the next banner must not show this tenant's state.
    return () => {
      tenantState.value = null;
    };
  }, []);
  useLedgerChanges('tenant', TENANT_CHANGES, () => void loadTenantState());
  const state = tenantState.value;
  if (tenantStateError.value !== null) return <ErrorNote message={tenantStateError.value} />;
  if (state === null || !state.halted) return null;
  return (
    <p class="halt-banner" role="status">
      <strong>Tenant {state.tenant} is halted</strong>
      {state.haltedBy === null ? '' : ` by ${state.haltedBy}`}
      {state.haltedAt === null ? '' : ` at ${formatTime(state.haltedAt)}`}
      {state.reason === null ? '' : `: ${state.reason}`}. Every command is refused (TENANT_HALTED) until an
      admin resumes it; reads and cancelling runs still work.
    </p>
  );
}
