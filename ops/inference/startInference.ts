import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { EventLog, KillSwitch } from '../../domain/index.js';
import { isMirError } from '../../domain/index.js';
import { openOnnxInference } from '../../inference/index.js';
import type { InferenceRuntime } from '../../inference/index.js';
import { readShippedManifest, shippedModelPath } from '../../inference/models/index.js';
import { SYSTEM_TENANT } from '../../ledger/index.js';
import type { InferenceConfig } from '../config/runtimeConfig.js';
import { systemClock } from '../system/systemClock.js';
import { uuidV7Ids } from '../system/uuidV7Ids.js';

const SYSTEM_ORIGIN = { actor: { kind: 'system', id: 'mir' }, tenant: SYSTEM_TENANT } as const;

/**
 * Starts inference for a server: the engine's workers, the registry over `log`, the models shipped with MIR
 * registered (once: a registration of the same name, version and bytes records nothing new), and every
 * registered model warmed. A model that fails to warm is logged (and, when its file changed, the refusal is
 * recorded by the runtime); the server still starts and the other models serve.
 */
export async function startInference(
  log: EventLog,
  modelsDir: string,
  config: InferenceConfig,
  logger: Logger,
  killSwitch: KillSwitch,
): Promise<InferenceRuntime> {
  const runtime = openOnnxInference({
    log,
    clock: systemClock,
    ids: uuidV7Ids,
    modelsDir,
    killSwitch,
    engine: {
      workers: config.workers,
      executionProviders: config.executionProviders,
      maxQueue: config.maxQueue,
      defaultTimeoutMs: config.timeoutMs,
    },
  });
  try {
    if (config.registerShippedModels) await registerShippedModels(runtime, logger);
    for (const model of await runtime.registry.all()) {
      try {
        const loaded = await runtime.warm(model, SYSTEM_ORIGIN);
        logger.info(
          {
            model: model.name,
            version: model.version,
            provider: loaded.executionProvider,
            fallback: loaded.fallbackReason,
          },
          'model warmed',
        );
      } catch (error) {
        logger.error(
          { model: model.name, version: model.version, code: codeOf(error) },
          'model could not be warmed',
        );
      }
    }
    return runtime;
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

async function registerShippedModels(runtime: InferenceRuntime, logger: Logger): Promise<void> {
  const manifest = await readShippedManifest();
  for (const entry of manifest.models) {
    const bytes = await readFile(shippedModelPath(entry));
    const { model, alreadyRegistered } = await runtime.registry.register(
      {
        bytes,
        name: entry.name,
        version: entry.version,
        description: entry.description,
        featurizer: entry.featurizer,
      },
      SYSTEM_ORIGIN,
    );
    if (!alreadyRegistered)
      logger.info(
        { model: model.name, version: model.version, sha256: model.sha256 },
        'shipped model registered',
      );
  }
}

function codeOf(error: unknown): string {
  return isMirError(error) ? error.code : 'UNEXPECTED';
}
