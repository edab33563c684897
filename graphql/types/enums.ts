import { ACTOR_KINDS, ROLES } from '../../domain/index.js';
import type { RunStatus } from '../../domain/index.js';
import { builder } from '../builder.js';

const RUN_STATUSES = [
  'pending',
  'running',
  'awaiting_approval',
  'completed',
  'failed',
  'cancelled',
  'rolled_back',
  'rollback_failed',
] as const satisfies readonly RunStatus[];

export const RoleEnum = builder.enumType('Role', { values: ROLES });

export const ActorKindEnum = builder.enumType('ActorKind', { values: ACTOR_KINDS });

export const RunStatusEnum = builder.enumType('RunStatus', { values: RUN_STATUSES });
