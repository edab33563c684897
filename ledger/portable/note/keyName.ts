import { noteCharacterProblem } from './noteCharacters.js';
import { NoteError, quote } from './noteErrors.js';

/**
 * Unicode spaces: JavaScript's `\s` (which adds U+FEFF) plus U+0085, so the union covers Go's unicode.IsSpace,
 * the reference implementation's definition.
 */
const SPACE = /[\s\u0085]/u;

/**
 * Why `name` is not a valid C2SP key name, or `undefined` when it is. A key name is non-empty UTF-8 with no
 * Unicode space, no '+' (the verifier key separator) and no ASCII control character.
 */
export function keyNameProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'key name is empty';
  }
  if (SPACE.test(name)) {
    return 'key name contains whitespace';
  }
  if (name.includes('+')) {
    return "key name contains '+'";
  }
  const characterProblem = noteCharacterProblem(name);
  return characterProblem === undefined ? undefined : `key name ${characterProblem}`;
}

export function isValidKeyName(name: string): boolean {
  return keyNameProblem(name) === undefined;
}

/** @throws NoteError `NOTE_KEY_NAME_INVALID` (details: name capped, reason). */
export function assertValidKeyName(name: string): void {
  const reason = keyNameProblem(name);
  if (reason !== undefined) {
    throw new NoteError(
      'NOTE_KEY_NAME_INVALID',
      `invalid key name ${JSON.stringify(quote(name))}: ${reason}`,
      {
        name: quote(name),
        reason,
      },
    );
  }
}
