/**
 * The run actions' mutations, asking for every member of their result unions (docs/schema.graphql): the typed
 * errors carry the values a person needs to see why nothing happened. Every one takes an idempotency key.
 */

const ERROR_FIELDS = `
  ... on Error { code message }
  ... on ConcurrencyConflictError { stream expectedRevision actualRevision attempts }
  ... on LedgerInputError { ledgerReason: reason }
  ... on RunNotFoundError { runId }`;

const INVALID_FIELDS = '... on InvalidCommandError { invalidField: field }';

export const CANCEL_RUN = `mutation CancelRun($runId: ID!, $reason: String!, $idempotencyKey: String) {
  cancelRun(runId: $runId, reason: $reason, idempotencyKey: $idempotencyKey) {
    __typename ${ERROR_FIELDS} ${INVALID_FIELDS}
    ... on RunNotActiveError { status }
    ... on RunCommandPayload { replayed run { id status } }
  }
}`;

export const FORK_RUN = `mutation ForkRun($runId: ID!, $atStep: Int!, $reason: String!, $idempotencyKey: String) {
  forkRun(runId: $runId, atStep: $atStep, reason: $reason, idempotencyKey: $idempotencyKey) {
    __typename ${ERROR_FIELDS} ${INVALID_FIELDS}
    ... on RunStepOutOfRangeError { atStep firstStep steps }
    ... on RunAlreadyExistsError { runId }
    ... on RunCommandPayload { replayed run { id status goal } }
  }
}`;

export const ROLLBACK_RUN = `mutation RollbackRun($runId: ID!, $toStep: Int, $toPosition: Position, $reason: String!,
  $approvalId: ID, $idempotencyKey: String) {
  rollbackRun(runId: $runId, toStep: $toStep, toPosition: $toPosition, reason: $reason, approvalId: $approvalId,
    idempotencyKey: $idempotencyKey) {
    __typename ${ERROR_FIELDS}
    ... on RollbackInvalidError { rollbackField: field value }
    ... on RollbackInProgressError { rollbackId }
    ... on RollbackPointNotFoundError { lastStep lastPosition }
    ... on PolicyEngineFailedError { operation }
    ... on RollbackPendingApproval { approvalId rollbackId determiningPolicies expiresAt }
    ... on RollbackDenied { rollbackId deniedReason: reason message details }
    ... on RollbackNothingToDo { pointPosition }
    ... on RollbackEnded {
      rollbackId status pointPosition
      compensated { callId compensationCallId }
      failed { callId compensationCallId outcome reason message }
      leftBehind { callId tool version why problem requestedAt }
      unapplied { memoryId memoryRevision appliedAt }
    }
  }
}`;

/** The run's first event (its RunStarted): rolling back to step 0 is rolling back to it. */
export const FIRST_EVENT = `query FirstEvent($runId: ID!) {
  run(id: $runId) { events(first: 1) { edges { node { position } } } }
}`;

export const REPLAY_RUN = `mutation ReplayRun($runId: ID!, $options: ReplayOptionsInput, $idempotencyKey: String) {
  replayRun(runId: $runId, options: $options, idempotencyKey: $idempotencyKey) {
    __typename ${ERROR_FIELDS} ${INVALID_FIELDS}
    ... on RunReplay {
      verdict replayed throughRevision omittedItems
      counts {
        state { checked mismatches }
        inference { checked mismatches }
        policy { checked mismatches }
      }
      items { check subject eventId match expected actual note }
    }
  }
}`;
