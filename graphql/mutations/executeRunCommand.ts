import type { CommandOrigin, RunCommand } from '../../domain/index.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { toApiError } from '../errors/toApiError.js';
import { loadRunView } from '../queries/runQueries.js';
import type { RunCommandPayloadView } from '../types/runCommandPayload.js';

/** The caller as the ledger records it: its API key as a service actor, in its own tenant. */
export function commandOrigin(
  context: GraphqlContext,
  idempotencyKey: string | null | undefined,
): CommandOrigin {
  const principal = principalOf(context);
  return {
    actor: { kind: 'service', id: principal.keyId },
    tenant: principal.tenant,
    ...(idempotencyKey == null ? {} : { idempotencyKey }),
  };
}

/**
 * Runs a command through the application service, maps expected refusals to typed errors, then waits until the
 * projections have applied what it appended so that the returned run already shows it (read-your-writes).
 */
export async function executeRunCommand(
  context: GraphqlContext,
  command: RunCommand,
  origin: CommandOrigin,
): Promise<RunCommandPayloadView> {
  let result;
  try {
    result = await context.deps.runs.execute(command, origin);
  } catch (error) {
    throw toApiError(error);
  }
  return runPayload(context, command.runId, command.type, result);
}

/**
 * The payload of a run command that appended (or replayed) `result.events` on run `runId`: waits until the
 * projections have applied them (read-your-writes), then loads the run as the read model shows it.
 */
export async function runPayload(
  context: GraphqlContext,
  runId: string,
  command: string,
  result: Omit<RunCommandPayloadView, 'run'>,
): Promise<RunCommandPayloadView> {
  const last = result.events.at(-1);
  if (last !== undefined) await context.deps.waitForProjection(last.position);
  context.loaders.run.clear(runId);
  const run = await loadRunView(context, runId, null);
  if (run === null) throw new Error(`run ${runId} is not in the read model after ${command}`);
  return { run, events: result.events, replayed: result.replayed };
}
