/**
 * What a run action's mutation answered, worded for a person: a headline and the details each union member
 * carries (docs/schema.graphql). Typed errors (members with `code` and `message`) are not exceptions: nothing was
 * done, and the answer says why with the values that disagree.
 */
export interface Answer {
  readonly __typename: string;
  readonly [field: string]: unknown;
}

export interface AnswerView {
  /** True when the action took effect (or had taken effect: a replayed idempotent answer). */
  readonly ok: boolean;
  readonly headline: string;
  readonly details: readonly string[];
}

export interface LeftBehindCall {
  readonly callId: string;
  readonly tool: string;
  readonly version: string;
  readonly why: string;
  readonly problem: string | null;
  readonly requestedAt: number;
}

/** The answer of cancelRun, forkRun, rollbackRun or replayRun as a headline and details. */
export function describeAnswer(answer: Answer): AnswerView {
  if (typeof answer.code === 'string' && typeof answer.message === 'string')
    return { ok: false, headline: `${answer.message} (${answer.code})`, details: errorDetails(answer) };
  const describe = OUTCOMES[answer.__typename];
  if (describe === undefined)
    return { ok: false, headline: `Unexpected answer ${answer.__typename}`, details: [] };
  return describe(answer);
}

const OUTCOMES: Readonly<Record<string, (answer: Answer) => AnswerView>> = {
  RunCommandPayload: (answer) => {
    const run = answer.run as { id: string; status: string };
    const again = answer.replayed === true ? ' (already done: this is the recorded answer)' : '';
    return { ok: true, headline: `Run ${run.id} is ${run.status}${again}`, details: [] };
  },
  RollbackPendingApproval: (answer) => ({
    ok: true,
    headline: `Rollback awaits approval ${text(answer.approvalId)}`,
    details: [
      `Determining policies: ${list(answer.determiningPolicies)}`,
      `Expires at ${text(answer.expiresAt)}`,
      'Once a reviewer approved it, send the same rollback again with this approval.',
    ],
  }),
  RollbackDenied: (answer) => ({
    ok: false,
    headline: `Rollback refused: ${text(answer.message)} (${text(answer.deniedReason)})`,
    details: [`Details: ${JSON.stringify(answer.details)}`],
  }),
  RollbackNothingToDo: (answer) => ({
    ok: true,
    headline: `Nothing recorded after position ${text(answer.pointPosition)}: nothing to roll back`,
    details: [],
  }),
  RollbackEnded: (answer) => rollbackEnded(answer),
  RunReplay: (answer) => ({
    ok: answer.verdict === 'match',
    headline: `Replay ${answer.verdict === 'match' ? 'matched' : 'found mismatches'} through revision ${text(answer.throughRevision)}${answer.replayed === true ? ' (recorded findings)' : ''}`,
    details: answer.omittedItems === 0 ? [] : [`${text(answer.omittedItems)} matching item(s) left out`],
  }),
};

function rollbackEnded(answer: Answer): AnswerView {
  const compensated = answer.compensated as readonly unknown[];
  const failed = answer.failed as readonly { callId: string; outcome: string; message: string }[];
  const unapplied = answer.unapplied as readonly { memoryId: string }[];
  return {
    ok: answer.status === 'rolled_back',
    headline: `Run ${text(answer.status)} to position ${text(answer.pointPosition)}`,
    details: [
      `${compensated.length} call(s) compensated, ${unapplied.length} memory application(s) undone`,
      ...failed.map((call) => `Compensation of ${call.callId} ${call.outcome}: ${call.message}`),
    ],
  };
}

/** The values a typed error carries beyond its message, one line each. */
function errorDetails(answer: Answer): string[] {
  switch (answer.__typename) {
    case 'RunNotActiveError':
      return [`The run is ${text(answer.status)}.`];
    case 'RunStepOutOfRangeError':
      return [
        `Step ${text(answer.atStep)} asked; the run's steps run from ${text(answer.firstStep)} to ${text(answer.steps)}.`,
      ];
    case 'RollbackPointNotFoundError':
      return [
        `The run's last step is ${text(answer.lastStep)}, its last position ${text(answer.lastPosition)}.`,
      ];
    case 'RollbackInProgressError':
      return [`Rollback ${text(answer.rollbackId)} has not ended yet.`];
    case 'ConcurrencyConflictError':
      return [
        `Stream ${text(answer.stream)}: expected revision ${text(answer.expectedRevision)}, found ${text(answer.actualRevision)} after ${text(answer.attempts)} attempt(s). Send again: the same key acts once.`,
      ];
    case 'InvalidCommandError':
      return answer.invalidField == null ? [] : [`Field: ${text(answer.invalidField)}`];
    case 'RollbackInvalidError':
      return [
        `Field: ${text(answer.rollbackField)}${answer.value == null ? '' : ` = ${text(answer.value)}`}`,
      ];
    case 'LedgerInputError':
      return [`Ledger refused: ${text(answer.ledgerReason)}`];
    default:
      return [];
  }
}

/** The calls a rollback could not undo, one line each: irreversible ones, unresolved or interrupted compensations. */
export function leftBehindLines(calls: readonly LeftBehindCall[]): string[] {
  return calls.map(
    (call) =>
      `${call.tool}@${call.version} (call ${call.callId}, requested at position ${call.requestedAt}): ${call.why}${call.problem === null ? '' : ` (${call.problem})`}`,
  );
}

function list(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.map(text).join(', ') : 'none named';
}

/** A scalar of an answer as text (strings as they are, anything else as JSON). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}
