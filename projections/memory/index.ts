export { memoriesProjection, evolveMemories } from './memoriesProjection.js';
export type { MemoriesChange, MemoryPoint } from './memoriesProjection.js';
export { MEMORIES_SCHEMA } from './memoriesTable.js';
export type { MemoryRecord } from './memoriesTable.js';
export { createMemoryQueries, WALL_CLOCK } from './memoryQueries.js';
export type { MemoryFilter, MemoryQueries, SimilarMemoriesQuery, SimilarMemory } from './memoryQueries.js';
export { ftsMatchExpression, MAX_MATCH_TERMS } from './ftsMatch.js';
export { similarMemoriesByText } from './similarByText.js';
