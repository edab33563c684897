export { explainEvent, publishedPolicySets } from './explainEvent.js';
export type { ExplainSources, ProofSource, SignedCheckpointLike } from './explainEvent.js';
export { assembleExplanation, inclusionOf, isCovered } from './assembleExplanation.js';
export type { ExplainInputs } from './assembleExplanation.js';
export type { PolicySetText } from './explainSections.js';
export { MAX_CHAIN_EVENTS } from './explanation.js';
export type * from './explanation.js';
