import type { RecordedEvent } from '../../domain/index.js';
import type { RunStep } from '../../projections/index.js';
import type { SignedCheckpoint } from '../../ledger/index.js';
import { builder } from '../builder.js';
import type { RunView } from '../views/runView.js';

// Object refs of the types that point at each other (Run ⇄ Event ⇄ RunStep), declared once so that the files
// implementing them never import each other in a cycle.

export const RunRef = builder.objectRef<RunView>('Run');
export const EventRef = builder.objectRef<RecordedEvent>('Event');
export const RunStepRef = builder.objectRef<RunStep>('RunStep');
export const CheckpointRef = builder.objectRef<SignedCheckpoint>('Checkpoint');
