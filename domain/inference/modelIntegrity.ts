import { hasErrorCode } from '../errors/mirError.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import { SYSTEM_TENANT } from '../tenants/tenantScopedNames.js';
import type { ModelIntegrityViolatedData, RegisteredModel } from './modelEvents.js';
import { modelStream } from './modelEvents.js';

const ATTEMPTS = 5;

/**
 * Records on the model's stream that its file was refused because its bytes no longer match the registered hash.
 * The refusal is evidence too: an auditor sees when the file changed and which request found it.
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
  const id = deps.ids.newId();
  for (let attempt = 1; ; attempt++) {
    const [last] = await deps.log.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const event = {
      id,
      type: 'ModelIntegrityViolated',
      schemaVersion: 1,
      data: data as unknown as JsonValue,
      meta: {
        tenant: origin.tenant,
        actor: origin.actor,
        correlationId: origin.correlationId ?? id,
        causationId: id,
        occurredAt: new Date(deps.clock.now()).toISOString(),
      },
    };
    try {
      await deps.log.append(stream, [event], last === undefined ? 'no_stream' : last.revision);
      return;
    } catch (error) {
      if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION') || attempt >= ATTEMPTS) throw error;
    }
  }
}
