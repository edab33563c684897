import type { EncodedEvent } from '../../domain/index.js';
import { KeyError } from '../keys/index.js';

/**
 * The refusal a checkpointer signing with `verifierKey` owes from `event` on: SIGNING_KEY_RETIRED when the event is
 * a `SigningKeyRotated` that retires that key (whatever it would sign afterwards lies beyond the retirement size;
 * the ledger refuses the key at the next start), null otherwise. Unreadable data is not its judgement (mir verify
 * names it).
 */
export function retirementOf(event: EncodedEvent, verifierKey: string): KeyError | null {
  if (event.type !== 'SigningKeyRotated') return null;
  let data: { retiredKey?: unknown; retireAfter?: unknown };
  try {
    data = JSON.parse(event.data) as typeof data;
  } catch {
    return null;
  }
  if (data.retiredKey !== verifierKey) return null;
  return new KeyError(
    'SIGNING_KEY_RETIRED',
    `the checkpoint key was retired by the rotation at position ${event.position}: this checkpointer signs nothing more`,
    {
      retiredAt: event.position,
      retiredAfter: typeof data.retireAfter === 'number' ? data.retireAfter : null,
    },
  );
}
