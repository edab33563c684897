import { JsonScalar } from './jsonScalar.js';
import { EventRef, RunStepRef } from './refs.js';

RunStepRef.implement({
  description: 'One recorded step of a run.',
  fields: (t) => ({
    stepNumber: t.exposeInt('stepNumber'),
    kind: t.exposeString('kind'),
    summary: t.exposeString('summary'),
    payload: t.field({
      type: JsonScalar,
      nullable: true,
      description: 'Null when the step was recorded without one.',
      resolve: (step) => step.payload,
    }),
    recordedAt: t.exposeString('recordedAt'),
    position: t.expose('position', { type: 'Position' }),
    eventId: t.exposeID('eventId'),
    event: t.field({
      type: EventRef,
      nullable: true,
      description: 'The StepRecorded event (batched per request).',
      resolve: (step, _args, context) => context.loaders.event.load(step.position),
    }),
  }),
});

export { RunStepRef as RunStepType };
