import { isMirError } from '../../domain/index.js';
import { badInputError } from '../access/accessErrors.js';
import type { GraphQLError } from '../graphqlJs.js';

/** Read-side refusals that mean "the caller asked for something that cannot be served as asked". */
const CALLER_FAULT_CODES: ReadonlySet<string> = new Set([
  'INVALID_READ',
  'INVALID_CURSOR',
  'INVALID_PAGE',
  'INVALID_FILTER',
  'INVALID_POSITION',
  'MERKLE_INDEX_OUT_OF_RANGE',
  'MERKLE_SIZES_OUT_OF_ORDER',
  'MERKLE_INVALID_SIZE',
]);

/** The BAD_USER_INPUT error for a caller-fault MirError (its stable code as `reason`), else null. */
export function callerFaultError(error: unknown): GraphQLError | null {
  return isMirError(error) && CALLER_FAULT_CODES.has(error.code)
    ? badInputError(error.message, { reason: error.code })
    : null;
}

/** Awaits `work`, turning a caller-fault refusal (a stale cursor, a tree size past the head) into BAD_USER_INPUT. */
export async function withCallerFaults<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw callerFaultError(error) ?? error;
  }
}
