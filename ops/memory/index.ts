export { auditIndexSourceEvents } from './auditIndexSourceEvents.js';
export type { AuditIndexSourceEventsOptions } from './auditIndexSourceEvents.js';
export { ModelTextEmbedder } from './modelTextEmbedder.js';
export { sha256ContentDigester } from './sha256ContentDigester.js';
