import { apiKeysProjection } from './access/apiKeysProjection.js';
import { memoriesProjection } from './memory/memoriesProjection.js';
import { auditIndexProjection } from './audit/auditIndexProjection.js';
import type { ProjectionDefinition } from './projection.js';
import { runTimelineProjection } from './runs/runTimelineProjection.js';
import { runsProjection } from './runs/runsProjection.js';

/** The read models the API queries (`ReadModelQueries`): runs, run timelines, the audit index, API keys. */
export const DEFAULT_PROJECTIONS: readonly ProjectionDefinition[] = [
  runsProjection,
  runTimelineProjection,
  auditIndexProjection,
  apiKeysProjection,
  memoriesProjection,
];
