import DataLoader from 'dataloader';
import type { PendingApproval, Principal, RecordedEvent } from '../../domain/index.js';
import { cosignaturesOf, recordedCosignatures } from '../../ledger/index.js';
import type { RecordedCosignature, SignedCheckpoint } from '../../ledger/index.js';
import { publishedPolicySets } from '../../projections/index.js';
import type { ApiKeyRecord, PolicySetText, RunFork, RunStep, RunSummary } from '../../projections/index.js';
import type { GraphqlDeps } from '../graphqlDeps.js';
import { approvalCalls, NO_APPROVAL_CALL } from './approvalDetails.js';
import type { ApprovalCall } from './approvalDetails.js';
import { eventsByPosition } from './eventsByPosition.js';

/**
 * Per-request batching and caching. Every loader is scoped to the caller's tenant: a row of another tenant comes
 * back as null, exactly like a missing one. Create fresh loaders per request (and per subscription event), never share.
 */
export interface Loaders {
  readonly run: DataLoader<string, RunSummary | null>;
  readonly steps: DataLoader<string, readonly RunStep[]>;
  /** Where a run was forked from (null: not a fork), by run id. */
  readonly forkOrigin: DataLoader<string, RunFork | null>;
  /** A run's forks, oldest first, by the source run's id. */
  readonly forks: DataLoader<string, readonly RunFork[]>;
  readonly event: DataLoader<number, RecordedEvent | null>;
  readonly apiKey: DataLoader<string, ApiKeyRecord | null>;
  /** The recorded request and decision of each pending approval's call, by approval id (`approvalCalls`). */
  readonly approvalCall: DataLoader<PendingApproval, ApprovalCall, string>;
  /** The tenant's published policy sets by version, split into policies by `@id`; one read for the batch. */
  readonly policySet: DataLoader<number, PolicySetText | null>;
  /** Each checkpoint's recorded witness cosignatures (ledger-wide: no tenant data); one read of the stream. */
  readonly cosignatures: DataLoader<SignedCheckpoint, readonly RecordedCosignature[], string>;
}

export function createLoaders(deps: GraphqlDeps, principal: Principal | null): Loaders {
  const tenant = principal?.tenant ?? null;
  const { queries, log } = deps;
  return {
    run: new DataLoader(async (ids) => {
      if (tenant === null) return ids.map(() => null);
      const found = await queries.runs(tenant, ids);
      return ids.map((_, index) => {
        const run = found[index] ?? null;
        return run !== null && run.tenant === tenant ? run : null;
      });
    }),
    steps: new DataLoader(async (runIds) => {
      if (tenant === null) return runIds.map(() => []);
      const found = await queries.steps(tenant, runIds);
      return runIds.map((_, index) => found[index] ?? []);
    }),
    forkOrigin: new DataLoader(async (runIds) =>
      tenant === null ? runIds.map(() => null) : queries.forkOrigins(tenant, runIds),
    ),
    forks: new DataLoader(async (runIds) =>
      tenant === null ? runIds.map(() => []) : queries.forksOf(tenant, runIds),
    ),
    event: new DataLoader(async (positions) =>
      tenant === null ? positions.map(() => null) : eventsByPosition(log, tenant, positions),
    ),
    apiKey: new DataLoader(async (keyIds) => {
      if (tenant === null) return keyIds.map(() => null);
      const keys = new Map((await queries.listApiKeys(tenant)).map((key) => [key.keyId, key]));
      return keyIds.map((keyId) => keys.get(keyId) ?? null);
    }),
    ...evidenceLoaders(deps, tenant),
  };
}

/** Loaders of what reviewers and auditors see beside a record: approvals' calls, policy texts, cosignatures. */
function evidenceLoaders(
  deps: GraphqlDeps,
  tenant: string | null,
): Pick<Loaders, 'approvalCall' | 'policySet' | 'cosignatures'> {
  const { log } = deps;
  return {
    approvalCall: new DataLoader(
      async (approvals) =>
        tenant === null ? approvals.map(() => NO_APPROVAL_CALL) : approvalCalls(log, tenant, approvals),
      { cacheKeyFn: (approval) => approval.approvalId },
    ),
    policySet: new DataLoader(async (versions) => {
      if (tenant === null) return versions.map(() => null);
      const split = (text: string) => deps.splitPolicies?.(text) ?? null;
      const sets = await publishedPolicySets({ log, splitPolicies: split }, tenant, versions);
      return versions.map((version) => sets.find((set) => set.version === version) ?? null);
    }),
    cosignatures: new DataLoader(
      async (checkpoints) => {
        const recorded = await recordedCosignatures(log);
        return checkpoints.map(({ checkpoint }) =>
          cosignaturesOf(recorded, checkpoint.treeSize, checkpoint.rootHash.toString('hex')),
        );
      },
      { cacheKeyFn: ({ checkpoint }) => `${checkpoint.treeSize}:${checkpoint.rootHash.toString('hex')}` },
    ),
  };
}
