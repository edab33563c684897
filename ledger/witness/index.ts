export {
  MAX_ADD_CHECKPOINT_BYTES,
  MAX_PROOF_LINES,
  parseAddCheckpointRequest,
} from './addCheckpointRequest.js';
export type { AddCheckpointRequest } from './addCheckpointRequest.js';
export {
  ensureWitnessDir,
  openWitness,
  WITNESS_KEY_FILE_NAME,
  witnessIdentity,
  witnessVerifierKey,
} from './openWitness.js';
export type { WitnessSetup } from './openWitness.js';
export { Witness } from './witness.js';
export type { WitnessAnswer, WitnessOptions } from './witness.js';
export { ADD_CHECKPOINT_PATH, createWitnessHttpServer } from './witnessHttpServer.js';
export { isWitnessError, WITNESS_ERROR_CODES, WitnessError } from './witnessErrors.js';
export type { WitnessErrorCode } from './witnessErrors.js';
export { WITNESS_STATE_FILE_NAME, WITNESS_STATE_FORMAT, WitnessStateFile } from './witnessState.js';
export { parseWitnessKey, verifyCosignature, verifyCosignatures } from './nodeCosignatures.js';
