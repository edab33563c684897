import { keyNameProblem } from './note/keyName.js';

/** First line of every rotation statement: names the format and its version. */
export const KEY_ROTATION_FORMAT = 'mir.key-rotation/v1';

/** What a rotation statement says: on the log `origin`, `retire` signs trees up to `retireAfter`, `introduce` after. */
export interface KeyRotationStatement {
  readonly origin: string;
  /** C2SP verifier key of the key being retired. */
  readonly retire: string;
  /** C2SP verifier key of the key being introduced. */
  readonly introduce: string;
  /** Largest tree size the retired key may sign: a tree size, never a time. */
  readonly retireAfter: number;
}

/** Decimal without leading zeros (except "0" itself), at most 16 digits: every safe integer fits. */
const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;
const RETIRE = 'retire ';
const INTRODUCE = 'introduce ';
const RETIRE_AFTER = 'retire-after ';

/**
 * Encodes the text of a rotation statement: ASCII apart from the origin, exactly five lines, each ending "\n":
 *
 *   line 1: "mir.key-rotation/v1"
 *   line 2: origin                          the ledger's origin (a valid C2SP key name: checkpoint keys bear it)
 *   line 3: "retire " verifier key          the retired key, `<origin>+<key id hex>+<base64(0x01 ‖ key)>`
 *   line 4: "introduce " verifier key       the introduced key, same form, same name
 *   line 5: "retire-after " tree size       ASCII decimal, no leading zeros
 *
 * e.g. "mir.key-rotation/v1\nmir.ledger/0192…\nretire mir.ledger/0192…+1a2b3c4d+AX…\nintroduce
 * mir.ledger/0192…+5e6f7a8b+AY…\nretire-after 1234\n". The statement is signed as a C2SP signed note by the retired
 * key and by the introduced key: two signature lines, both named after the origin, told apart by key ID.
 *
 * Rule: the retired key may sign checkpoints of tree size ≤ retire-after; the introduced key signs only checkpoints
 * of tree size > retire-after. Each tree size thus has exactly one key that may sign it.
 */
export function formatKeyRotationBody(statement: KeyRotationStatement): string {
  const { origin, retire, introduce, retireAfter } = statement;
  return `${KEY_ROTATION_FORMAT}\n${origin}\n${RETIRE}${retire}\n${INTRODUCE}${introduce}\n${RETIRE_AFTER}${retireAfter}\n`;
}

/**
 * Decodes a statement text written by {@link formatKeyRotationBody}, and nothing looser; the verifier keys are
 * returned as text (the caller parses them). Returns why the text is not a statement, as a string, otherwise.
 */
export function parseKeyRotationBody(text: string): KeyRotationStatement | string {
  if (!text.endsWith('\n')) return 'statement text does not end with a newline';
  const lines = text.slice(0, -1).split('\n', 6);
  if (lines.length !== 5) return 'statement text is not exactly five lines';
  const [format = '', origin = '', retireLine = '', introduceLine = '', retireAfterLine = ''] = lines;
  if (format !== KEY_ROTATION_FORMAT) return `line 1 is not "${KEY_ROTATION_FORMAT}"`;
  const originProblem = keyNameProblem(origin);
  if (originProblem !== undefined) return `line 2: ${originProblem.replace('key name', 'origin')}`;
  if (!retireLine.startsWith(RETIRE)) return 'line 3 is not "retire <verifier key>"';
  if (!introduceLine.startsWith(INTRODUCE)) return 'line 4 is not "introduce <verifier key>"';
  const size = retireAfterLine.startsWith(RETIRE_AFTER) ? retireAfterLine.slice(RETIRE_AFTER.length) : '';
  const retireAfter = DECIMAL.test(size) ? Number(size) : Number.NaN;
  if (!Number.isSafeInteger(retireAfter)) return 'line 5 is not "retire-after <tree size>"';
  return {
    origin,
    retire: retireLine.slice(RETIRE.length),
    introduce: introduceLine.slice(INTRODUCE.length),
    retireAfter,
  };
}
