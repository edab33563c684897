import type { RollbackRunCommand } from './rollbackDecider.js';
import { RollbackError } from './rollbackErrors.js';

const MAX_REASON = 4096;

/**
 * Checks a rollback command's shape: exactly one of `step` (a positive integer) and `position` (a non-negative
 * integer), and a non-empty reason of 4096 characters at most. Throws `ROLLBACK_INVALID_COMMAND` naming the field
 * and the value at fault.
 */
export function validRollbackCommand(command: RollbackRunCommand): void {
  const point = command.point as { step?: unknown; position?: unknown };
  const keys = Object.keys(point).filter((key) => point[key as 'step' | 'position'] !== undefined);
  if (keys.length !== 1 || (keys[0] !== 'step' && keys[0] !== 'position'))
    throw invalid('point', 'give exactly one of toStep and toPosition', keys.join(', '));
  const value = point[keys[0]];
  const min = keys[0] === 'step' ? 1 : 0;
  if (!Number.isSafeInteger(value) || (value as number) < min)
    throw invalid(keys[0], `must be an integer of at least ${min}`, String(value));
  if (
    typeof command.reason !== 'string' ||
    command.reason.trim() === '' ||
    command.reason.length > MAX_REASON
  )
    throw invalid('reason', `must be non-empty text of ${MAX_REASON} characters at most`, null);
}

function invalid(field: string, reason: string, value: string | null): RollbackError {
  return new RollbackError('ROLLBACK_INVALID_COMMAND', `${field} ${reason}`, { field, reason, value });
}
