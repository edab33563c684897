import { createHash } from 'node:crypto';

/** `count` distinct 32-byte stand-ins for event hashes: SHA-256 of "event <position>". */
export function eventHashes(count: number): Buffer[] {
  return Array.from({ length: count }, (_unused, position) =>
    createHash('sha256').update(`event ${position}`).digest(),
  );
}
