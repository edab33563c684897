import type { Role } from '../access/roles.js';
import { requireActiveRun } from '../runs/runDecider.js';
import type { RunState } from '../runs/runDecider.js';
import type {
  ApplyMemory,
  MemoryContext,
  ProposeMemory,
  RetractMemory,
  ReviewMemory,
} from './memoryCommands.js';
import { MemoryError } from './memoryErrors.js';
import type { MemoryErrorCode } from './memoryErrors.js';
import { MEMORY_SCOPES, MEMORY_TYPES, memoryStream } from './memoryEvents.js';
import type { MemoryEmbedding, MemoryEvent, RunMemoryEvent } from './memoryEvents.js';
import { isExpired } from './memoryState.js';
import type { MemoryState } from './memoryState.js';

/** Largest content, in UTF-8 bytes. */
export const MAX_MEMORY_CONTENT_BYTES = 8 * 1024;
const MAX_TEXT = 4096;
const MAX_ID = 128;
const MAX_PROVENANCE = 64;

/**
 * What a command decided: the events to append and, for a recorded refusal, the error to throw once they are
 * appended (the refusal event is the evidence, the error the caller's answer).
 */
export interface MemoryDecision<Event> {
  readonly events: readonly Event[];
  readonly refusal: MemoryError | null;
}

/** Facts the service computed for a proposal before deciding (hashing and embedding are I/O). */
export interface ProposalFacts {
  readonly contentDigest: string;
  readonly embedding: MemoryEmbedding | null;
}

const PROPOSERS: readonly Role[] = ['app', 'admin'];
const APPLIERS: readonly Role[] = ['app', 'admin'];
const RETRACTORS: readonly Role[] = ['app', 'reviewer', 'admin'];

/** Checks a proposal's fields (throws MEMORY_INVALID_COMMAND); pure, so the service may run it before embedding. */
export function checkProposal(command: ProposeMemory, now: number): void {
  requireText('memoryId', command.memoryId, MAX_ID);
  if (!MEMORY_TYPES.includes(command.type))
    throw invalid('type', `must be one of ${MEMORY_TYPES.join(', ')}`);
  if (!MEMORY_SCOPES.includes(command.scope))
    throw invalid('scope', `must be one of ${MEMORY_SCOPES.join(', ')}`);
  const scopeId = command.scopeId ?? null;
  if (command.scope === 'tenant' && scopeId !== null)
    throw invalid('scopeId', 'must be absent for tenant scope');
  if (command.scope !== 'tenant') requireText('scopeId', scopeId ?? '', MAX_ID);
  if (typeof command.content !== 'string' || command.content.trim().length === 0)
    throw invalid('content', 'must be non-empty text');
  const bytes = new TextEncoder().encode(command.content).length;
  if (bytes > MAX_MEMORY_CONTENT_BYTES)
    throw invalid('content', `must be ${MAX_MEMORY_CONTENT_BYTES} UTF-8 bytes at most (got ${bytes})`);
  if (!Array.isArray(command.provenance) || command.provenance.length > MAX_PROVENANCE)
    throw invalid('provenance', `must be a list of ${MAX_PROVENANCE} event ids at most`);
  const provenance: readonly string[] = command.provenance;
  provenance.forEach((id, index) => requireText(`provenance[${index}]`, id, MAX_ID));
  const repeated = provenance.find((id, index) => provenance.indexOf(id) !== index);
  if (repeated !== undefined) throw invalid('provenance', `lists event id ${JSON.stringify(repeated)} twice`);
  // Run-scoped memory and episodes come out of a run: without their source events they could not be explained.
  if ((command.scope === 'run' || command.type === 'episode') && command.provenance.length === 0)
    throw invalid('provenance', 'must name the source events of memory derived from a run');
  const expiresAt = command.expiresAt ?? null;
  if (expiresAt !== null && !(Date.parse(expiresAt) > now))
    throw invalid('expiresAt', 'must be an ISO 8601 time in the future');
}

/**
 * Checks that every provenance id was resolved (`found`: the ids naming events of the proposer's tenant, from the
 * `SourceEvents` port); throws MEMORY_INVALID_COMMAND naming the first that was not. An id of another tenant's
 * event is not in `found`, so it is refused with the very words of an unknown one.
 */
export function checkProvenanceFound(provenance: readonly string[], found: ReadonlySet<string>): void {
  const unknown = provenance.find((id) => !found.has(id));
  if (unknown !== undefined)
    throw invalid('provenance', `names an unknown event: ${JSON.stringify(unknown)}`);
}

export function decidePropose(
  command: ProposeMemory,
  state: MemoryState,
  context: MemoryContext,
  facts: ProposalFacts,
): MemoryEvent[] {
  requireRole(PROPOSERS, context, command.memoryId, 'propose');
  checkProposal(command, context.now);
  if (state.status !== null)
    throw new MemoryError('MEMORY_ALREADY_EXISTS', `memory ${command.memoryId} already exists`, {
      memoryId: command.memoryId,
    });
  const { memoryId, type, scope, content, provenance } = command;
  const expiresAt = command.expiresAt == null ? null : new Date(Date.parse(command.expiresAt)).toISOString();
  return [
    {
      type: 'MemoryProposed',
      data: {
        ...{ memoryId, type, scope, scopeId: command.scopeId ?? null, content },
        ...{ contentDigest: facts.contentDigest, provenance: [...provenance], proposedBy: context.principal },
        ...{ expiresAt, embedding: facts.embedding },
      },
    },
  ];
}

/** A review by someone else than the proposer, holding the reviewer role, of a proposed, unexpired memory. */
export function decideReview(
  command: ReviewMemory,
  state: MemoryState,
  context: MemoryContext,
): MemoryDecision<MemoryEvent> {
  requireFound(command.memoryId, state, context);
  if (command.decision !== 'approved' && command.decision !== 'rejected')
    throw invalid('decision', 'must be approved or rejected');
  const reason = requireText('reason', command.reason, MAX_TEXT);
  const { memoryId, decision } = command;
  const refusal = reviewRefusal(state, context);
  if (refusal !== null) {
    const data = {
      memoryId,
      decision,
      reviewer: context.principal,
      code: refusal.code,
      reason: refusal.message,
    };
    return { events: [{ type: 'MemoryReviewRefused', data }], refusal };
  }
  return {
    events: [{ type: 'MemoryReviewed', data: { memoryId, decision, reviewer: context.principal, reason } }],
    refusal,
  };
}

function reviewRefusal(state: MemoryState, context: MemoryContext): MemoryError | null {
  const memoryId = state.memoryId ?? '';
  if (context.role !== 'reviewer')
    return refuse('MEMORY_FORBIDDEN', 'only a reviewer may review memory', { memoryId, role: context.role });
  if (context.principal === state.proposedBy)
    return refuse('MEMORY_SELF_REVIEW', 'a memory cannot be reviewed by its proposer', {
      memoryId,
      proposedBy: state.proposedBy,
      reviewer: context.principal,
    });
  if (state.status === 'retracted')
    return refuse('MEMORY_RETRACTED', `memory ${memoryId} is retracted`, { memoryId });
  if (state.status !== 'proposed')
    return refuse('MEMORY_ALREADY_REVIEWED', `memory ${memoryId} is already ${state.status}`, {
      memoryId,
      status: state.status,
    });
  if (isExpired(state, context.now)) return expired(state, context.now);
  return null;
}

export function decideRetract(
  command: RetractMemory,
  state: MemoryState,
  context: MemoryContext,
): MemoryEvent[] {
  requireFound(command.memoryId, state, context);
  requireRole(RETRACTORS, context, command.memoryId, 'retract');
  const reason = requireText('reason', command.reason, MAX_TEXT);
  if (state.status === 'retracted')
    throw new MemoryError('MEMORY_RETRACTED', `memory ${command.memoryId} is already retracted`, {
      memoryId: command.memoryId,
    });
  return [{ type: 'MemoryRetracted', data: { memoryId: command.memoryId, reason, by: context.principal } }];
}

/** The run as apply needs it: its state and who started it (RunStarted's actor), for user scope. */
export interface RunFacts {
  readonly state: RunState;
  readonly startedBy: string | null;
}

/**
 * Applying a memory to an active run of the same tenant: recorded as `MemoryApplied` on the run stream when the
 * memory is approved, unexpired and in scope, else as `MemoryApplyRefused` (and the refusal thrown). Scope: run —
 * the same run; agent — the run's agent; user — the principal that started the run; tenant — any run.
 */
export function decideApply(
  command: ApplyMemory,
  memory: MemoryState,
  run: RunFacts,
  context: MemoryContext,
): MemoryDecision<RunMemoryEvent> {
  requireActiveRun(command.runId, 'ApplyMemory', run.state, context);
  requireFound(command.memoryId, memory, context);
  requireRole(APPLIERS, context, command.memoryId, 'apply');
  const memoryRevision = memory.revision ?? 0;
  const refusal = applyRefusal(command, memory, run, context);
  if (refusal !== null) {
    const data = {
      memoryId: command.memoryId,
      memoryRevision,
      code: refusal.code,
      reason: refusal.message,
      by: context.principal,
    };
    return { events: [{ type: 'MemoryApplyRefused', data }], refusal };
  }
  const data = {
    memoryId: command.memoryId,
    memoryStream: memoryStream(context.tenant, command.memoryId),
    memoryRevision,
    contentDigest: memory.contentDigest,
    type: memory.type ?? 'fact',
    scope: memory.scope ?? 'tenant',
    appliedBy: context.principal,
  };
  return { events: [{ type: 'MemoryApplied', data }], refusal: null };
}

function applyRefusal(
  command: ApplyMemory,
  memory: MemoryState,
  run: RunFacts,
  context: MemoryContext,
): MemoryError | null {
  const { memoryId } = command;
  if (memory.status === 'retracted')
    return refuse('MEMORY_RETRACTED', `memory ${memoryId} is retracted`, { memoryId });
  if (memory.status === 'rejected')
    return refuse('MEMORY_REJECTED', `memory ${memoryId} was rejected`, { memoryId });
  if (memory.status !== 'approved')
    return refuse('MEMORY_NOT_APPROVED', `memory ${memoryId} is not approved`, {
      memoryId,
      status: memory.status,
    });
  if (isExpired(memory, context.now)) return expired(memory, context.now);
  const expected = scopeTarget(memory, run, command.runId);
  if (expected !== null && memory.scopeId !== expected)
    return refuse('MEMORY_SCOPE_MISMATCH', `memory ${memoryId} is for another ${memory.scope}`, {
      memoryId,
      scope: memory.scope,
      scopeId: memory.scopeId,
      expected,
    });
  return null;
}

/** The scope id a memory must carry to be used in this run; null when any run of the tenant may use it. */
function scopeTarget(memory: MemoryState, run: RunFacts, runId: string): string | null {
  switch (memory.scope) {
    case 'run':
      return runId;
    case 'agent':
      return run.state.agent;
    case 'user':
      return run.startedBy ?? '';
    default:
      return null;
  }
}

/** A memory of another tenant is reported as not found, never as someone else's. */
function requireFound(memoryId: string, state: MemoryState, context: MemoryContext): void {
  if (state.status === null || state.tenant !== context.tenant)
    throw new MemoryError('MEMORY_NOT_FOUND', `memory ${memoryId} not found`, { memoryId });
}

function requireRole(roles: readonly Role[], context: MemoryContext, memoryId: string, action: string): void {
  if (!roles.includes(context.role))
    throw new MemoryError('MEMORY_FORBIDDEN', `role ${context.role} may not ${action} memory`, {
      memoryId,
      role: context.role,
      allowed: [...roles],
    });
}

function expired(state: MemoryState, now: number): MemoryError {
  const expiresAt = new Date(state.expiresAt ?? now).toISOString();
  const memoryId = state.memoryId ?? '';
  return refuse('MEMORY_EXPIRED', `memory ${memoryId} expired at ${expiresAt}`, {
    memoryId,
    expiresAt,
    now: new Date(now).toISOString(),
  });
}

function refuse(
  code: MemoryErrorCode,
  message: string,
  details: ConstructorParameters<typeof MemoryError>[2],
) {
  return new MemoryError(code, message, details);
}

function requireText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max)
    throw invalid(field, `must be non-empty text of ${max} characters at most`);
  return value;
}

function invalid(field: string, reason: string): MemoryError {
  return new MemoryError('MEMORY_INVALID_COMMAND', `${field} ${reason}`, { field, reason });
}
