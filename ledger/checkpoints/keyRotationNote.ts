import type { Ed25519Signer } from '../keys/index.js';
import { formatKeyRotationBody } from '../portable/keyRotationStatement.js';
import type { KeyRotationStatement } from '../portable/keyRotationStatement.js';
import { signNote } from './note/index.js';

/**
 * Signs a rotation statement (body: formatKeyRotationBody) as one C2SP signed note with two signature lines, the
 * retired key's first, then the introduced key's; both lines bear the origin as key name.
 *
 * @throws NoteError / CheckpointError as signNote does (an origin that is no valid key name, a note too large).
 */
export function signKeyRotation(
  statement: KeyRotationStatement,
  retired: Ed25519Signer,
  introduced: Ed25519Signer,
): string {
  const text = formatKeyRotationBody(statement);
  const byRetired = signNote(text, statement.origin, retired);
  const byIntroduced = signNote(text, statement.origin, introduced);
  // A signed note is its text, a blank line, then one line per signature: the introduced key's line (what follows
  // the text and the blank line of its own note) goes after the retired key's.
  return byRetired + byIntroduced.slice(text.length + 1);
}
