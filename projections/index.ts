export type {
  ApiKeyRecord,
  AuditFilter,
  Page,
  PageRequest,
  ReadModelQueries,
  RunFilter,
  RunFork,
  RunStep,
  RunSummary,
} from './readModelQueries.js';
export { ProjectionError, isProjectionError, PROJECTION_ERROR_CODES } from './projectionErrors.js';
export type { ProjectionErrorCode } from './projectionErrors.js';
export { openReadModels } from './readModels.js';
export type { ReadModels, ReadModelsOptions } from './readModels.js';
export { openReadModelDatabase, READ_MODEL_FILE_NAME, READ_MODEL_FORMAT } from './readModelDatabase.js';
export type { ReadModelDatabaseOptions } from './readModelDatabase.js';
export { createProjectionRunner } from './projectionRunner.js';
export type { ProjectionRunner, ProjectionRunnerOptions, WaitOptions } from './projectionRunner.js';
export { createSqliteReadModelQueries } from './sqliteReadModelQueries.js';
export { MAX_PAGE_SIZE } from './pageCursor.js';
export { isNextOf, runAsOf, runAsOfNext } from './runAsOf.js';
export type { RunAsOf } from './runAsOf.js';
export { DEFAULT_PROJECTIONS } from './defaultProjections.js';
export { defineProjection } from './projection.js';
export type {
  Projection,
  ProjectionDefinition,
  ProjectionSpec,
  EffectWriter,
  TableSchema,
} from './projection.js';
export * from './explain/index.js';
export { runProjectionFacts } from './runs/runProjectionFacts.js';
export { evidenceExporter } from './evidence/evidenceExporter.js';
export type { BundleAnchor, EvidenceExporter, ExportedBundle } from './evidence/evidenceExporter.js';
export { runEvidenceEvents } from './evidence/runEvidenceEvents.js';
