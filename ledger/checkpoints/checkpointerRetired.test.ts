import { describe, expect, it } from 'vitest';
import { appendKeyRotation } from '../keyRotation.js';
import { openLedger } from '../ledgerService.js';
import { createMemoryEventLog } from '../memory/memoryEventLog.js';
import { createMemoryMerkleNodeStore } from '../merkle/index.js';
import { testEvents } from '../testing/testEvents.js';
import { manualClock, newSigner, testIds } from '../testing/testLedger.js';
import { verifyLedger } from '../verification/verifyLedger.js';

describe('a checkpointer whose key another process retires', () => {
  it('given a rotation retiring its key lands in the log, when asked to sign again, then it signs nothing and reports SIGNING_KEY_RETIRED', async () => {
    const errors: unknown[] = [];
    const log = createMemoryEventLog();
    const [retired, introduced] = [newSigner(), newSigner()];
    const ledger = await openLedger({
      log,
      nodes: createMemoryMerkleNodeStore(),
      signer: retired,
      clock: manualClock(),
      ids: testIds,
      checkpointEveryEvents: 1_000_000,
      checkpointEveryMs: 3_600_000,
      checkpointFolding: 'in-thread',
      onBackgroundError: (error) => errors.push(error),
    });
    await log.append('run-a', testEvents(5), 'no_stream');
    const last = (await ledger.checkpointNow())!;
    const rotation = {
      retired,
      introduced,
      retireAfter: last.checkpoint.treeSize,
      clock: manualClock(),
      ids: testIds,
    };
    await appendKeyRotation(log, rotation);
    await log.append('run-a', testEvents(5), 'exists');

    expect(await ledger.checkpointNow()).toEqual(last);
    // Told when the rotation is read, and again for the refused signature.
    const codes = errors.map((error) => (error as { code?: string }).code);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['SIGNING_KEY_RETIRED']));
    expect(await verifyLedger(log)).toMatchObject({ ok: true, uncoveredEvents: 6 });
    await ledger.close();
  });
});
