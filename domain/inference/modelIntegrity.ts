import { CommandHandler } from '../commands/commandHandler.js';
import type { StreamSource } from '../commands/commandHandler.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import { SYSTEM_TENANT } from '../tenants/tenantScopedNames.js';
import type { ModelIntegrityViolatedData, RegisteredModel } from './modelEvents.js';
import { modelStream } from './modelEvents.js';

/**
 * Records on the model's stream that its file was refused because its bytes no longer match the registered hash.
 * The refusal is evidence too: an auditor sees when the file changed and which request found it. Appended through
 * the command handler (CONCURRENCY_EXHAUSTED when other writers keep moving the stream).
 */
export async function recordIntegrityViolation(
  deps: { readonly log: EventLog; readonly clock: Clock; readonly ids: IdGenerator },
  origin: CommandOrigin,
  model: Pick<RegisteredModel, 'tenant' | 'name' | 'version' | 'sha256'>,
  details: Readonly<Record<string, JsonValue>>,
): Promise<void> {
  const data: ModelIntegrityViolatedData = {
    name: model.name,
    version: model.version,
    expectedSha256: model.sha256,
    actualSha256: typeof details.actualSha256 === 'string' ? details.actualSha256 : null,
    actualSize: typeof details.actualSize === 'number' ? details.actualSize : null,
  };
  const stream = modelStream(model.tenant ?? SYSTEM_TENANT, model.name);
  await new CommandHandler(deps.log, deps.clock, deps.ids).handle(headOf(deps.log, stream), {
    stream,
    // Evidence of a fact, not a command a retry could repeat: never keyed.
    origin: withoutKey(origin),
    decide: () => ({ events: [{ type: 'ModelIntegrityViolated', data }], value: undefined }),
  });
}

/** The stream's last revision only: the violation does not depend on what the stream holds. */
function headOf(log: EventLog, stream: string): StreamSource<null> {
  return {
    load: async () => {
      const [last] = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
      return { state: null, revision: last?.revision ?? null };
    },
    recorded: () => Promise.resolve([]),
  };
}

function withoutKey({ idempotencyKey: _key, ...origin }: CommandOrigin): CommandOrigin {
  return origin;
}
