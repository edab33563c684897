import { builder } from '../builder.js';
import {
  InvalidCommandError,
  LedgerInputError,
  ConcurrencyConflictError,
  RunNotFoundError,
} from '../errors/apiErrors.js';
import { toApiError } from '../errors/toApiError.js';
import { ReplayOptionsInput, RunReplayType } from '../types/runReplay.js';
import { governedOrigin } from './governedOrigin.js';
import { idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

builder.mutationField('replayRun', (t) =>
  t.field({
    type: RunReplayType,
    authScopes: { can: 'runReplay' },
    errors: {
      types: [RunNotFoundError, InvalidCommandError, ConcurrencyConflictError, LedgerInputError],
      directResult: true,
    },
    description:
      "Proves what a run's ledger says happened, and records what it found as `RunReplayed` on the run (ended " +
      'runs too; status and counters stay as they are): `state` rebuilds the run event by event and compares it ' +
      'with the runs read model; `inference` runs every completed inference again with its recorded inputs on ' +
      'the model file of its recorded SHA-256 (a changed file is not run: a mismatch naming both hashes), ' +
      'bit-exact on the recorded execution provider, within the stated tolerance on another; `policy` decides ' +
      'every recorded policy decision again under its recorded policy-set version, on the request rebuilt from ' +
      'the ledger (its digest checked first). Every mismatch names the event and both values. ' +
      'RunNotFoundError for an unknown run (also for other tenants), InvalidCommandError when every check is off. ' +
      'With an idempotency key a retry returns the recorded findings (`replayed`), nothing run again; the key ' +
      'with other options is LedgerInputError IDEMPOTENCY_CONFLICT.',
    args: {
      ...runIdArgs(),
      options: t.arg({ type: ReplayOptionsInput }),
      ...idempotencyKeyArgs(),
    },
    resolve: async (_root, args, context) => {
      const options = {
        state: args.options?.state ?? true,
        inference: args.options?.inference ?? true,
        policy: args.options?.policy ?? true,
      };
      let result;
      try {
        result = await context.deps.replay.replay(
          { runId: String(args.runId), options },
          governedOrigin(context, args.idempotencyKey),
        );
      } catch (error) {
        throw toApiError(error);
      }
      await context.deps.waitForProjection(result.event.position);
      context.loaders.run.clear(result.runId);
      return result;
    },
  }),
);
