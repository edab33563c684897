import { isMirError } from '../../domain/index.js';

/** The stable code `action` throws: 'no error' when it returns, 'untyped: …' when the throw is not a MirError. */
export function errorCodeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return describeThrow(error);
  }
  return 'no error';
}

/** errorCodeOf for async actions (a rejection counts as a throw). */
export async function asyncErrorCodeOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    return describeThrow(error);
  }
  return 'no error';
}

function describeThrow(error: unknown): string {
  return isMirError(error) ? error.code : `untyped: ${String(error)}`;
}
