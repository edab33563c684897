import type { EventLog } from '../../domain/index.js';
import { MerkleDataError } from '../merkle/index.js';
import type { LeafHashSource } from '../merkle/index.js';

const PAGE = 50_000;

/** The Merkle tree's view of the log: the 32-byte hash of each event, by position. */
export function eventLogLeafSource(log: EventLog): LeafHashSource {
  return {
    eventHashes: async (start, end) => {
      const hashes: Buffer[] = [];
      for (let from = start; from < end; from += PAGE) {
        const page = await log.readEncoded(from, Math.min(PAGE, end - from));
        for (const event of page) hashes.push(Buffer.from(event.hash, 'hex'));
        if (page.length < Math.min(PAGE, end - from)) break;
      }
      if (hashes.length !== end - start) {
        throw new MerkleDataError(
          'MERKLE_LEAVES_MISSING',
          `log holds ${start + hashes.length} events, ${end} needed`,
          {
            start,
            end,
            available: start + hashes.length,
          },
        );
      }
      return hashes;
    },
  };
}
