import { toHex } from '../bytes.js';
import type { Steps } from '../hashing.js';
import { isCheckpointError } from '../note/checkpointErrors.js';
import { openCheckpointSteps } from '../note/checkpointNote.js';
import { isNoteError } from '../note/noteErrors.js';
import { splitSignedNote } from '../note/signedNote.js';
import type { EvidenceBundle } from './bundleFormat.js';
import { LEDGER_STREAM } from './bundleFormat.js';
import { chainFailure, hashFailure, orderFailure, storyFailure } from './bundleEvents.js';
import { blobFailure } from './bundleBlobs.js';
import { bundleKeysSteps, keyReport, openBundleCheckpoint } from './bundleKeys.js';
import { checkpointSignerFailure, trustedKeys } from '../keyChain.js';
import type { KeyChain } from '../keyChain.js';
import { consistencyFailure, inclusionFailure, trustedFailure } from './bundleProofs.js';
import type { SignedTree } from './bundleProofs.js';
import type { BundleFailure, BundleReport, TimelineEntry } from './bundleReport.js';
import { witnessSteps } from './bundleWitnesses.js';
import type { WitnessRequirement } from './bundleWitnesses.js';
import { readBundle } from './readBundle.js';

/**
 * What the auditor brings: the key they pinned out of band, optionally their last trusted checkpoint, and the
 * witnesses they require.
 */
export interface BundleVerifyOptions extends WitnessRequirement {
  /** C2SP verifier keys of the ledger the auditor trusts (at least one). */
  readonly publicKeys: readonly string[];
  /** A signed checkpoint note the auditor saved earlier; the bundle must be consistent with it. */
  readonly trustedCheckpoint?: string;
}

/**
 * Verifies an evidence bundle offline (docs/evidence-bundle.md): the canonical bytes and shape, the key history
 * against the pinned key, the checkpoint signature, every event hash, every chain link present, the inclusion of
 * every event in the signed tree, every consistency proof, the blobs the events name, the trusted checkpoint, and
 * that the story is complete. The same steps run in `mir verify-bundle` (Node crypto) and on the /verify page (WebCrypto and
 * tweetnacl). Never throws on what a bundle holds: the first problem is the report's failure.
 */
export function* verifyBundleSteps(bytes: Uint8Array, options: BundleVerifyOptions): Steps<BundleReport> {
  const reading = readBundle(bytes);
  if ('failure' in reading) return emptyReport(reading.failure);
  const bundle = reading.bundle;
  const keysReading = yield* bundleKeysSteps(bundle.events, options.publicKeys);
  if ('failure' in keysReading) return reportOf(bundle, keysReading.failure, null, null, null);
  const keys = keysReading.chain;
  const opened = yield* openBundleCheckpoint(bundle.checkpoint, keys);
  if ('failure' in opened) return reportOf(bundle, opened.failure, keys, null, null);
  const { checkpoint } = opened;
  const tree: SignedTree = { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash };
  const checked = yield* checkedTrust(bundle, keys, tree, options);
  const lines = signatureLinesFailure(bundle);
  const witnessed = lines === null ? yield* witnessSteps(bundle, options) : { witnesses: [], failure: null };
  const failure =
    lines ??
    genesisFailure(bundle, checkpoint.origin) ??
    orderFailure(bundle, tree.treeSize) ??
    (yield* hashFailure(bundle.events, reading.eventTexts)) ??
    chainFailure(bundle.events) ??
    (yield* inclusionFailure(bundle, tree)) ??
    (yield* consistencyFailure(bundle, tree)) ??
    (yield* blobFailure(bundle)) ??
    checked.failure ??
    witnessed.failure ??
    storyFailure(bundle);
  return {
    ...reportOf(bundle, failure, keys, bundle.checkpoint, tree),
    origin: checkpoint.origin,
    checkpoint: { treeSize: tree.treeSize, rootHash: toHex(tree.rootHash), timestamp: checkpoint.timestamp },
    eventsVerified: failure === null ? bundle.events.length : 0,
    witnesses: witnessed.witnesses,
    trustedCheckpoint: failure === null ? checked.trusted : null,
  };
}

/** Opens the auditor's trusted checkpoint with the trusted keys and checks the bundle against it. */
function* checkedTrust(
  bundle: EvidenceBundle,
  keys: KeyChain,
  tree: SignedTree,
  options: BundleVerifyOptions,
): Steps<{ failure: BundleFailure | null; trusted: { treeSize: number; rootHash: string } | null }> {
  if (options.trustedCheckpoint === undefined) return { failure: null, trusted: null };
  let trusted: SignedTree;
  try {
    trusted = yield* openCheckpointSteps(options.trustedCheckpoint.trimStart(), trustedKeys(keys));
  } catch (error) {
    if (!isNoteError(error) && !isCheckpointError(error)) throw error;
    return {
      failure: {
        code: 'TRUSTED_CHECKPOINT_INVALID',
        message: `the trusted checkpoint does not verify with a trusted key (${error.code})`,
        actual: error.code,
      },
      trusted: null,
    };
  }
  const range = checkpointSignerFailure(keys, options.trustedCheckpoint.trimStart(), trusted.treeSize);
  if (range !== null)
    return {
      failure: {
        ...range,
        code: 'TRUSTED_CHECKPOINT_INVALID',
        message: `the trusted checkpoint: ${range.message}`,
      },
      trusted: null,
    };
  const failure = trustedFailure(bundle, trusted, tree);
  return { failure, trusted: { treeSize: trusted.treeSize, rootHash: toHex(trusted.rootHash) } };
}

/** Every signature line of the checkpoint note is accounted for: the log's, or a witness the bundle names. */
function signatureLinesFailure(bundle: EvidenceBundle): BundleFailure | null {
  const lines = splitSignedNote(bundle.checkpoint).signatures;
  const witnessLines = lines.length - 1;
  if (witnessLines === bundle.witnesses.length) return null;
  return {
    code: 'BUNDLE_MALFORMED',
    message: 'the checkpoint carries signature lines the bundle names no key for',
    path: '$.witnesses',
    expected: witnessLines,
    actual: bundle.witnesses.length,
  };
}

/** The ledger's genesis event (ledger revision 0) is in the bundle and names the checkpoint's origin. */
function genesisFailure(bundle: EvidenceBundle, origin: string): BundleFailure | null {
  const genesis = bundle.events.find((event) => event.stream === LEDGER_STREAM && event.revision === 0);
  const named = (genesis?.data as { origin?: unknown } | undefined)?.origin;
  if (genesis?.type === 'LedgerInitialized' && named === origin) return null;
  return {
    code: 'ORIGIN_MISMATCH',
    message: "the bundle's genesis event does not name the checkpoint's origin",
    stream: LEDGER_STREAM,
    revision: 0,
    expected: origin,
    actual: typeof named === 'string' ? named : null,
  };
}

function timelineOf(bundle: EvidenceBundle, ok: boolean): TimelineEntry[] {
  return bundle.events.map((event) => {
    const actor = event.meta.actor as { kind?: unknown; id?: unknown } | undefined;
    const part = (value: unknown) => (typeof value === 'string' ? value : '?');
    return {
      position: event.position,
      stream: event.stream,
      revision: event.revision,
      type: event.type,
      occurredAt: typeof event.meta.occurredAt === 'string' ? event.meta.occurredAt : '',
      actor: `${part(actor?.kind)}:${part(actor?.id)}`,
      verified: ok,
    };
  });
}

function reportOf(
  bundle: EvidenceBundle,
  failure: BundleFailure | null,
  keys: KeyChain | null,
  note: string | null,
  tree: SignedTree | null,
): BundleReport {
  return {
    ok: failure === null,
    failure,
    subject: bundle.subject,
    origin: null,
    checkpoint:
      tree === null ? null : { treeSize: tree.treeSize, rootHash: toHex(tree.rootHash), timestamp: 0 },
    eventsVerified: 0,
    keys: keys === null ? [] : keyReport(keys, note),
    witnesses: [],
    trustedCheckpoint: null,
    timeline: timelineOf(bundle, failure === null),
  };
}

function emptyReport(failure: BundleFailure): BundleReport {
  return {
    ok: false,
    failure,
    subject: null,
    origin: null,
    checkpoint: null,
    eventsVerified: 0,
    keys: [],
    witnesses: [],
    trustedCheckpoint: null,
    timeline: [],
  };
}
