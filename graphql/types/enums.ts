import { ACTOR_KINDS, ROLES, RUN_STATUSES } from '../../domain/index.js';
import { builder } from '../builder.js';

export const RoleEnum = builder.enumType('Role', { values: ROLES });

export const ActorKindEnum = builder.enumType('ActorKind', { values: ACTOR_KINDS });

export const RunStatusEnum = builder.enumType('RunStatus', { values: RUN_STATUSES });
