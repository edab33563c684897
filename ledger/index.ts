export { openLedger } from './ledgerService.js';
export { appendKeyRotation, settleKeyRotation } from './keyRotation.js';
export type { KeyRotationRequest } from './keyRotation.js';
export { readKeyChain } from './verification/keyTrust.js';
export type { ChainedKey, KeyChain, KeyChainFailure, KeyChainReading } from './portable/keyChain.js';
export type { Ledger, LedgerOptions } from './ledgerService.js';
export type { SignedCheckpoint } from './checkpoints/storedCheckpoint.js';
export { checkpointsBefore } from './checkpoints/checkpointHistory.js';
export { ledgerProofReader } from './checkpoints/ledgerProofReader.js';
export type { LedgerProofReader } from './checkpoints/ledgerProofReader.js';
export { createMemoryEventLog } from './memory/memoryEventLog.js';
export { openSqliteEventLog } from './sqlite/sqliteEventLog.js';
export type { SqliteEventLog, SqliteEventLogOptions } from './sqlite/sqliteEventLog.js';
export { createSqliteMerkleNodeStore } from './sqlite/sqliteMerkleNodeStore.js';
export { openPostgresEventLog } from './postgres/postgresEventLog.js';
export type { PostgresEventLog, PostgresEventLogOptions } from './postgres/postgresEventLog.js';
export { createPostgresMerkleNodeStore } from './postgres/postgresMerkleNodeStore.js';
export { startPostgresCheckpointLease } from './postgres/postgresCheckpointLease.js';
export type { PostgresLeaseOptions } from './postgres/postgresCheckpointLease.js';
export type { CheckpointLease } from './checkpoints/checkpointLease.js';
export { openEventStoreEventLog } from './eventstore/eventStoreEventLog.js';
export type { EventStoreEventLog, EventStoreEventLogOptions } from './eventstore/eventStoreEventLog.js';
export type { MerkleNodeStore } from './merkle/index.js';
export {
  createMemoryMerkleNodeStore,
  verifyConsistency,
  verifyInclusion,
  hashLeaf,
  rootFromInclusionProof,
  MERKLE_ARGUMENT_ERROR_CODES,
  MERKLE_DATA_ERROR_CODES,
  MERKLE_PROOF_ERROR_CODES,
} from './merkle/index.js';
export { verifyLedger } from './verification/verifyLedger.js';
export type { VerifyLedgerOptions } from './verification/verifyLedger.js';
export type {
  VerificationReport,
  VerificationFailure,
  VerificationFailureCode,
} from './verification/verificationReport.js';
export {
  createNextSigningKey,
  NEXT_SIGNING_KEY_FILE_NAME,
  KEY_ERROR_CODES,
  loadOrCreateSigningKey,
  loadSigningKey,
  readSigningPublicKey,
  SIGNING_KEY_FILE_NAME,
} from './keys/index.js';
export type { Ed25519Signer } from './keys/index.js';
export {
  CHECKPOINT_ERROR_CODES,
  NOTE_ERROR_CODES,
  openCheckpoint,
  parseVerifierKey,
  formatVerifierKey,
} from './checkpoints/note/index.js';
export { computeEventHash, GENESIS_HASH, eventPreimage } from './encoding/eventHash.js';
export { canonicalJson } from './portable/canonicalJson.js';
export { DEFAULT_LEDGER_LIMITS } from './append/ledgerLimits.js';
export type { LedgerLimits } from './append/ledgerLimits.js';
export { uuidV8FromKey } from './encoding/keyedUuid.js';
export { spawnModuleWorker } from './workers/spawnModuleWorker.js';
export {
  CHECKPOINTS_STREAM,
  KEYS_STREAM,
  LEDGER_STREAM,
  SYSTEM_TENANT,
  WITNESSES_STREAM,
} from './ledgerStreams.js';
export type {
  CheckpointCosignedData,
  CheckpointSignedData,
  CheckpointWitnessRefusedData,
  SigningKeyRotatedData,
} from './ledgerStreams.js';
export {
  cosignaturesFor,
  cosignaturesOf,
  recordedCosignatures,
  WitnessEvidenceRecorder,
} from './checkpoints/witnessEvidence.js';
export type { CheckpointCosignature, RecordedCosignature } from './checkpoints/witnessEvidence.js';
export {
  ADD_CHECKPOINT_PATH,
  createWitnessHttpServer,
  ensureWitnessDir,
  openWitness,
  parseWitnessKey,
  verifyCosignature,
  verifyCosignatures,
  WITNESS_ERROR_CODES,
  witnessIdentity,
  witnessVerifierKey,
} from './witness/index.js';
export type { CosignatureReport, CosignatureVerdict, WitnessKey } from './portable/note/cosignature.js';
export { readOrigin } from './verification/checkpointClaims.js';
export { assembleBundle } from './bundle/assembleBundle.js';
export type { BundleContent, BundleProofSources } from './bundle/assembleBundle.js';
export { bundleCheckpoint } from './bundle/bundleCheckpoint.js';
export { BUNDLE_ERROR_CODES, BundleError } from './bundle/bundleErrors.js';
export { exportRangeBundle, MAX_RANGE_EVENTS } from './bundle/exportRange.js';
export type { RangeRequest } from './bundle/exportRange.js';
export { verifyBundleOnNode } from './bundle/verifyBundleOnNode.js';
export type { BundleReport } from './portable/bundle/bundleReport.js';
export type { BundleVerifyOptions } from './portable/bundle/verifyBundle.js';
export { verifierKeyLines } from './portable/verifierKeyLines.js';
export { DurableWriteError, replaceFileDurably } from './durableFile.js';
export { sha256Hex, writeContentAddressedFile } from './contentAddressedFile.js';
export { redactConnectionString } from './redactConnectionString.js';
export { MemoryBlobStore } from './blobs/memoryBlobStore.js';
export { FileBlobStore } from './blobs/fileBlobStore.js';
export { PostgresBlobStore } from './postgres/postgresBlobStore.js';
export { DEFAULT_MAX_BLOB_BYTES } from './blobs/blobBytes.js';
export type { BlobStoreOptions } from './blobs/blobBytes.js';
