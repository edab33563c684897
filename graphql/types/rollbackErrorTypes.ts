import {
  RollbackInProgressError,
  RollbackInvalidError,
  RollbackPointNotFoundError,
} from '../errors/rollbackApiErrors.js';
import { builder } from '../builder.js';
import { ErrorInterface } from './errorTypes.js';

builder.objectType(RollbackPointNotFoundError, {
  name: 'RollbackPointNotFoundError',
  description: 'The run has no such step or event (nothing was recorded); says where the run is.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    step: t.exposeInt('step', { nullable: true }),
    position: t.expose('position', { type: 'Position', nullable: true }),
    lastStep: t.exposeInt('lastStep'),
    lastPosition: t.expose('lastPosition', { type: 'Position', nullable: true }),
  }),
});

builder.objectType(RollbackInvalidError, {
  name: 'RollbackInvalidError',
  description: 'The rollback was refused as given (nothing recorded); `field` names the argument at fault.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field'),
    reason: t.exposeString('reason'),
    value: t.exposeString('value', { nullable: true }),
  }),
});

builder.objectType(RollbackInProgressError, {
  name: 'RollbackInProgressError',
  description: 'Another rollback of the run has not ended; this refusal was recorded (`RollbackRefused`).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    runId: t.exposeID('runId'),
    rollbackId: t.exposeID('rollbackId'),
    refusalEventId: t.exposeID('refusalEventId', { nullable: true }),
  }),
});
