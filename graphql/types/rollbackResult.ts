import type {
  CompensatedCall,
  CompensationProblem,
  LeftBehindCall,
  PlannedUnapply,
  RollbackResult,
} from '../../domain/index.js';
import { builder } from '../builder.js';
import { LedgerInputError, ConcurrencyConflictError, RunNotFoundError } from '../errors/apiErrors.js';
import { PolicyEngineFailedError, PolicyRequestInvalidError } from '../errors/governanceApiErrors.js';
import {
  RollbackInProgressError,
  RollbackInvalidError,
  RollbackPointNotFoundError,
} from '../errors/rollbackApiErrors.js';
import { RunStatusEnum } from './enums.js';
import { JsonScalar } from './jsonScalar.js';
import { AppendedEventType } from './toolCallResult.js';

type OutcomeOf<Name extends RollbackResult['outcome']> = Extract<RollbackResult, { outcome: Name }>;

const EVENTS = "What this answer recorded on the run's stream, in order (empty for a replay).";

const CompensatedCallType = builder.objectRef<CompensatedCall>('RollbackCompensatedCall').implement({
  description: 'A call the rollback undid, and the compensating call that undid it.',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    compensationCallId: t.exposeID('compensationCallId'),
  }),
});

const ProblemType = builder.objectRef<CompensationProblem>('RollbackCompensationProblem').implement({
  description:
    'A compensation that did not complete: `outcome` is the tool-call outcome (denied, failed, pending_approval, ' +
    'granted), `interrupted` (the process stopped while it executed: its effect is unknown, it is not run again) ' +
    'or `error` (refused before anything was recorded; `reason` is the error code).',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    compensationCallId: t.exposeID('compensationCallId', { nullable: true }),
    outcome: t.exposeString('outcome'),
    reason: t.exposeString('reason'),
    message: t.exposeString('message'),
  }),
});

const UnappliedType = builder.objectRef<PlannedUnapply>('RollbackUnappliedMemory').implement({
  description:
    "A memory no longer applied to the run (`MemoryUnapplied`); the memory's own stream is untouched.",
  fields: (t) => ({
    memoryId: t.exposeID('memoryId'),
    memoryRevision: t.exposeInt('memoryRevision'),
    appliedAt: t.expose('position', { type: 'Position', description: 'Position of its `MemoryApplied`.' }),
  }),
});

const LeftBehindType = builder.objectRef<LeftBehindCall>('RollbackLeftBehindCall').implement({
  description:
    'A completed call after the point that the rollback cannot undo: `irreversible`; `unresolved` (a reversible ' +
    "tool whose compensation could not be resolved from the call's args and output; `problem` says why); or " +
    '`interrupted` (an earlier rollback was cut off while compensating it: its effect is unknown, so it is never ' +
    'compensated again; `problem` is that compensating call id).',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    tool: t.string({ resolve: (call) => call.tool.name }),
    version: t.string({ resolve: (call) => call.tool.version }),
    requestedAt: t.expose('position', {
      type: 'Position',
      description: 'Position of its `ToolCallRequested`.',
    }),
    why: t.exposeString('why'),
    problem: t.exposeString('problem', { nullable: true }),
  }),
});

const EndedType = builder.objectRef<OutcomeOf<'rolled_back' | 'rollback_failed'>>('RollbackEnded').implement({
  description:
    'The rollback ran: `rolled_back` when every compensation completed, else `rollback_failed` naming each in ' +
    '`failed`. Irreversible calls after the point are listed in `leftBehind`, never silently skipped.',
  fields: (t) => ({
    rollbackId: t.exposeID('rollbackId'),
    status: t.field({ type: RunStatusEnum, resolve: (result) => result.outcome }),
    pointPosition: t.expose('pointPosition', { type: 'Position' }),
    compensated: t.field({ type: [CompensatedCallType], resolve: (result) => [...result.compensated] }),
    failed: t.field({ type: [ProblemType], resolve: (result) => [...result.failed] }),
    unapplied: t.field({ type: [UnappliedType], resolve: (result) => [...result.unapplied] }),
    leftBehind: t.field({ type: [LeftBehindType], resolve: (result) => [...result.leftBehind] }),
    events: t.field({
      type: [AppendedEventType],
      description: EVENTS,
      resolve: (result) => [...result.events],
    }),
  }),
});

const NothingType = builder.objectRef<OutcomeOf<'nothing_to_roll_back'>>('RollbackNothingToDo').implement({
  description: 'Nothing was recorded after the point: nothing to roll back (nothing recorded now either).',
  fields: (t) => ({
    runId: t.exposeID('runId'),
    pointPosition: t.expose('pointPosition', { type: 'Position' }),
  }),
});

const DeniedType = builder.objectRef<OutcomeOf<'denied'>>('RollbackDenied').implement({
  description:
    "Your tenant's policies refused the rollback (`POLICY_DENIED`, recorded `RollbackRefused`), or the approval " +
    'presented could not be used (`GRANT_USED`, `ARGS_MISMATCH`, `POLICY_VERSION_CHANGED`, …, recorded ' +
    '`ApprovalGrantRefused`).',
  fields: (t) => ({
    rollbackId: t.exposeID('rollbackId'),
    reason: t.exposeString('reason'),
    message: t.exposeString('message'),
    details: t.field({
      type: JsonScalar,
      description:
        'Policy: outcome, determiningPolicies, policySetVersion, inputDigest. Grant: approvalId, expected, actual.',
      resolve: (result) => ({ ...result.details }),
    }),
    events: t.field({
      type: [AppendedEventType],
      description: EVENTS,
      resolve: (result) => [...result.events],
    }),
  }),
});

const PendingType = builder.objectRef<OutcomeOf<'pending_approval'>>('RollbackPendingApproval').implement({
  description:
    'Your policies require an approval for this rollback (recorded `ApprovalRequested`, listed in `approvals`). ' +
    'Once a reviewer approved it with `decideApproval`, send the same rollback with this `approvalId`.',
  fields: (t) => ({
    rollbackId: t.exposeID('rollbackId'),
    approvalId: t.exposeID('approvalId'),
    expiresAt: t.exposeString('expiresAt'),
    determiningPolicies: t.stringList({ resolve: (result) => [...result.determiningPolicies] }),
    events: t.field({
      type: [AppendedEventType],
      description: EVENTS,
      resolve: (result) => [...result.events],
    }),
  }),
});

const TYPE_NAMES: Readonly<Record<RollbackResult['outcome'], string>> = {
  rolled_back: 'RollbackEnded',
  rollback_failed: 'RollbackEnded',
  nothing_to_roll_back: 'RollbackNothingToDo',
  denied: 'RollbackDenied',
  pending_approval: 'RollbackPendingApproval',
};

export const RollbackRunResultType = builder.errorUnion('RollbackRunResult', {
  description:
    'What the rollback did, as recorded; the error members mean nothing was recorded (except RollbackInProgressError, recorded).',
  types: [
    EndedType,
    NothingType,
    DeniedType,
    PendingType,
    RunNotFoundError,
    RollbackPointNotFoundError,
    RollbackInvalidError,
    RollbackInProgressError,
    ConcurrencyConflictError,
    PolicyRequestInvalidError,
    PolicyEngineFailedError,
    LedgerInputError,
  ],
  resolveType: (value) => TYPE_NAMES[(value as RollbackResult).outcome],
});
