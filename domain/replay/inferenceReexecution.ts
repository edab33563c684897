import { hasErrorCode, isMirError } from '../errors/mirError.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import type { EngineModel, InferenceEngine, TensorDigester } from '../inference/inferenceEngine.js';
import type { ModelReference } from '../inference/inferenceEvents.js';
import type { ModelCatalog } from '../inference/modelCatalog.js';
import { recordIntegrityViolation } from '../inference/modelIntegrity.js';
import type { InferenceReexecution, RecordedInference } from './inferenceReplay.js';

/** What re-executing recorded inference needs: the engine inference uses, its model catalog and digester. */
export interface InferenceReplayPorts {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly engine: InferenceEngine;
  readonly catalog: ModelCatalog;
  readonly digester: TensorDigester;
}

/** A model made ready to run again, or why it cannot be. */
type PreparedModel = { readonly kind: 'ready'; readonly model: EngineModel } | InferenceReexecution;

/**
 * Runs recorded inferences again on the inference engine (the one `requestInference` uses: ONNX Runtime worker
 * threads), each with its recorded inputs on the model file of its recorded SHA-256. Before a model runs, its
 * sessions are dropped and it is loaded again, so the engine reads the stored file and checks its SHA-256: a file
 * that changed is never run as the model; the refusal is recorded on the model's stream
 * (`ModelIntegrityViolated`, as for any request) and every inference of that model reports both hashes.
 */
export async function reexecuteInferences(
  ports: InferenceReplayPorts,
  tenant: string,
  origin: CommandOrigin,
  inferences: readonly RecordedInference[],
): Promise<InferenceReexecution[]> {
  const models = new Map<string, Promise<PreparedModel>>();
  const results: InferenceReexecution[] = [];
  for (const recorded of inferences) {
    const reference = recorded.requested.model;
    const key = `${reference.name}\n${reference.version}\n${reference.sha256}`;
    if (!models.has(key)) models.set(key, prepareModel(ports, tenant, origin, reference));
    const prepared = await models.get(key)!;
    results.push(prepared.kind === 'ready' ? await runAgain(ports, prepared.model, recorded) : prepared);
  }
  return results;
}

async function prepareModel(
  ports: InferenceReplayPorts,
  tenant: string,
  origin: CommandOrigin,
  reference: ModelReference,
): Promise<PreparedModel> {
  const registered = await ports.catalog.find(tenant, reference.name, reference.version);
  if (registered === null || registered.sha256 !== reference.sha256)
    return {
      kind: 'failed',
      code: 'MODEL_NOT_FOUND',
      message: `no model ${reference.name} ${reference.version} with SHA-256 ${reference.sha256} is registered`,
    };
  const model = { ...reference, location: ports.catalog.locate(registered) };
  try {
    await ports.engine.unload(model.sha256);
    await ports.engine.load(model);
    return { kind: 'ready', model };
  } catch (error) {
    if (!hasErrorCode(error, 'MODEL_INTEGRITY_VIOLATION')) return failure(error);
    await recordIntegrityViolation(ports, origin, registered, error.details);
    const actual = error.details.actualSha256;
    return { kind: 'modelChanged', actualSha256: typeof actual === 'string' ? actual : null };
  }
}

async function runAgain(
  ports: InferenceReplayPorts,
  model: EngineModel,
  recorded: RecordedInference,
): Promise<InferenceReexecution> {
  const inputs = recorded.requested.inputTensors;
  if (inputs === undefined || inputs === null) return { kind: 'inputsNotRecorded' };
  try {
    const result = await ports.engine.run({ model, inputs });
    return {
      kind: 'ran',
      inputDigest: ports.digester.digest(inputs),
      outputs: result.outputs,
      outputDigest: ports.digester.digest(result.outputs),
      executionProvider: result.executionProvider,
    };
  } catch (error) {
    return failure(error);
  }
}

/** A typed failure as an item's reason; anything else is a bug and propagates. */
function failure(error: unknown): InferenceReexecution {
  if (!isMirError(error)) throw error;
  return { kind: 'failed', code: error.code, message: error.message };
}
