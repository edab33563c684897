import type { Clock, EventLog, IdGenerator, KillSwitch } from '../../domain/index.js';
import { ReplayService } from '../../domain/index.js';
import type { InferenceRuntime } from '../../inference/index.js';
import { Sha256TensorDigester } from '../../inference/index.js';
import type { ReadModels } from '../../projections/index.js';
import { runProjectionFacts } from '../../projections/index.js';
import type { Governance } from '../governance/composeGovernance.js';

export interface ReplayComposition {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly killSwitch: KillSwitch;
  readonly readModels: Pick<ReadModels, 'queries' | 'runner'>;
  /** The inference runtime whose engine re-executes recorded inference (none: inference is reported unreplayed). */
  readonly inference?: Pick<InferenceRuntime, 'engine' | 'registry'>;
  /** Policies and tools (none: policy decisions are reported unreplayed). */
  readonly governance?: Pick<Governance, 'policies' | 'tools'>;
}

/**
 * `replayRun` as the server composes it: the runs read model beside `runAsOf`, the inference runtime's own engine
 * and registry with the SHA-256 tensor digester that inference records with, and the tenant's policy service.
 */
export function openReplay(deps: ReplayComposition): ReplayService {
  const { log, clock, ids, killSwitch, readModels, inference, governance } = deps;
  const waitFor = (position: number) => readModels.runner.waitFor(position, { timeoutMs: 10_000 });
  return new ReplayService({
    log,
    clock,
    ids,
    killSwitch,
    projection: runProjectionFacts(log, readModels.queries, waitFor),
    ...(inference === undefined
      ? {}
      : {
          inference: {
            engine: inference.engine,
            catalog: inference.registry,
            digester: new Sha256TensorDigester(),
          },
        }),
    ...(governance === undefined ? {} : { governance }),
  });
}
