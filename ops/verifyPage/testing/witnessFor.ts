import { pino } from 'pino';
import { Registry } from 'prom-client';
import { WITNESSES_STREAM } from '../../../ledger/index.js';
import type { CheckpointCosignedData, Ledger } from '../../../ledger/index.js';
import { spawnMirWitness } from '../../cli/testing/mirProcess.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { parseWitnessEndpoints } from '../../witnesses/witnessEndpoints.js';
import { startWitnessClients } from '../../witnesses/startWitnessClients.js';

/** A running witness of one ledger. */
export interface LedgerWitness {
  /** The witness's C2SP cosignature/v1 verifier key (what an auditor pins). */
  readonly verifierKey: string;
  /** Resolves once the ledger records the witness's cosignature of the checkpoint of `treeSize`. */
  cosigned(treeSize: number): Promise<void>;
  /** Stops the clients, then the witness process. */
  close(): Promise<void>;
}

/**
 * A real `mir witness` process (state in `stateDir`) that trusts `ledger`'s key, and the witness clients `mir serve
 * --witnesses` runs, submitting the ledger's checkpoints to it and recording its cosignatures in the ledger.
 */
export async function startWitnessFor(ledger: Ledger, stateDir: string): Promise<LedgerWitness> {
  const witness = await spawnMirWitness(stateDir, [ledger.verifierKey]);
  const endpoints = parseWitnessEndpoints(
    `${witness.url}=${witness.verifierKey}`,
    (message) => new Error(message),
  );
  const clients = startWitnessClients({
    ledger,
    log: ledger.log,
    endpoints,
    clock: systemClock,
    ids: uuidV7Ids,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    pollMs: 50,
  });
  return {
    verifierKey: witness.verifierKey,
    cosigned: async (treeSize) => {
      for (let waited = 0; waited < 30_000; waited += 50) {
        const records = await ledger.log.readStream(WITNESSES_STREAM).catch(() => []);
        const cosigned = records.filter((event) => event.type === 'CheckpointCosigned');
        if (cosigned.some((event) => (event.data as unknown as CheckpointCosignedData).treeSize === treeSize))
          return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the witness did not cosign tree size ${treeSize} within 30 s:\n${witness.output()}`);
    },
    close: async () => {
      await clients.close();
      await witness.stop();
    },
  };
}
