import { referencedBlobs } from '../../domain/index.js';
import type { BlobStore, EventLog, JsonObject, RecordedEvent } from '../../domain/index.js';
import { hashChildren } from '../merkle/index.js';
import type { MerkleTreeReader } from '../merkle/index.js';
import { BUNDLE_FORMAT } from '../portable/bundle/bundleFormat.js';
import type {
  BundleBlob,
  BundleEvent,
  EvidenceBundle,
  RedactedLeaf,
} from '../portable/bundle/bundleFormat.js';
import type { BundleSubject } from '../portable/bundle/bundleReport.js';
import { canonicalJson } from '../portable/canonicalJson.js';
import { multiProofNodes } from '../portable/merkle/multiProof.js';
import type { TreeNode } from '../portable/merkle/multiProof.js';
import { alignedRangeNodes } from '../portable/merkle/nodeId.js';
import type { NodeId } from '../portable/merkle/nodeId.js';
import { KEYS_STREAM, LEDGER_STREAM } from '../ledgerStreams.js';
import type { SignedCheckpoint } from '../checkpoints/storedCheckpoint.js';
import { cosignaturesFor } from '../checkpoints/witnessEvidence.js';
import { BundleError } from './bundleErrors.js';

/**
 * Where a bundle's proofs come from: the ledger's events (witness cosignatures included), its tree, and the blob
 * store beside it (needed only when an exported event names a blob: without it, that is BUNDLE_BLOB_MISSING).
 */
export interface BundleProofSources {
  readonly log: EventLog;
  readonly tree: MerkleTreeReader;
  readonly blobs?: BlobStore;
}

/** What a bundle proves: its subject's events (and another tenant's, by hash only), at one checkpoint. */
export interface BundleContent {
  readonly subject: BundleSubject;
  readonly events: readonly RecordedEvent[];
  readonly redacted: readonly RedactedLeaf[];
  readonly checkpoint: SignedCheckpoint;
  /** Tree sizes of older checkpoints the auditor holds: the bundle proves consistency from each. */
  readonly since: readonly number[];
}

/**
 * Assembles the bundle file (docs/evidence-bundle.md): the content's events with the ledger's genesis and key
 * history, the multi-leaf inclusion proof of all of them in the checkpoint's tree, consistency proofs from the
 * `since` sizes, and the cosignatures the ledger recorded from witnesses on that checkpoint (CheckpointCosigned). The result is canonical JSON and a newline:
 * the same content at the same checkpoint always gives the same bytes.
 */
export async function assembleBundle(sources: BundleProofSources, content: BundleContent): Promise<string> {
  const { treeSize } = content.checkpoint.checkpoint;
  const rootHash = content.checkpoint.checkpoint.rootHash.toString('hex');
  const events = await withLedgerContext(sources.log, content.events, treeSize);
  const beyond = events.find((event) => event.position >= treeSize);
  if (beyond !== undefined)
    throw new BundleError(
      'BUNDLE_NOT_CHECKPOINTED',
      `event at position ${beyond.position} is not covered by the checkpoint of tree size ${treeSize} yet`,
      { position: beyond.position, treeSize },
    );
  const positions = [
    ...events.map((event) => event.position),
    ...content.redacted.map((leaf) => leaf.position),
  ].sort((a, b) => a - b);
  const cosignatures = await cosignaturesFor(sources.log, treeSize, rootHash);
  const blobs = await carriedBlobs(sources.blobs, events);
  const bundle: EvidenceBundle = {
    format: BUNDLE_FORMAT,
    subject: content.subject,
    checkpoint: content.checkpoint.note + cosignatures.map((cosignature) => `${cosignature.line}\n`).join(''),
    witnesses: cosignatures.map((cosignature) => cosignature.witnessKey),
    events: events.map(bundleEvent),
    redacted: [...content.redacted].sort((a, b) => a.position - b.position),
    inclusion: (await proofNodeHashes(sources.tree, multiProofNodes(positions, treeSize), treeSize)).map(hex),
    consistency: await consistencyFrom(sources.tree, content.since, treeSize),
    ...(blobs.length === 0 ? {} : { blobs }),
  };
  return `${canonicalJson(bundle)}\n`;
}

/**
 * Every blob the events name, read from the store, by ascending digest.
 * @throws BundleError BUNDLE_BLOB_MISSING naming the blob and the first event naming it, when the store lacks it.
 */
async function carriedBlobs(
  store: BlobStore | undefined,
  events: readonly RecordedEvent[],
): Promise<BundleBlob[]> {
  const namedBy = new Map<string, RecordedEvent>();
  for (const event of events)
    for (const digest of referencedBlobs(event.data)) if (!namedBy.has(digest)) namedBy.set(digest, event);
  const digests = [...namedBy.keys()].sort();
  const found = await Promise.all(
    digests.map(async (digest) => ({ digest, bytes: (await store?.get(digest)) ?? null })),
  );
  // The first missing one in digest order, whichever read finished first: the same bundle, the same answer.
  const missing = found.find((blob) => blob.bytes === null);
  if (missing !== undefined) {
    const event = namedBy.get(missing.digest) as RecordedEvent;
    throw new BundleError(
      'BUNDLE_BLOB_MISSING',
      `blob ${missing.digest} named by the event at position ${event.position} is not in the blob store`,
      {
        digest: missing.digest,
        position: event.position,
        blobStore: store === undefined ? 'none given' : 'lacks it',
      },
    );
  }
  return found.map(({ digest, bytes }) => ({ digest, bytes: Buffer.from(bytes!).toString('base64') }));
}

/** The events plus the genesis and every key event inside the tree, each once, in position order. */
async function withLedgerContext(
  log: EventLog,
  events: readonly RecordedEvent[],
  treeSize: number,
): Promise<RecordedEvent[]> {
  const genesis = await log.readStream(LEDGER_STREAM, { fromRevision: 0, maxCount: 1 });
  const keys = (await log.readStream(KEYS_STREAM, { fromRevision: 0, maxCount: 100_000 })).filter(
    (event) => event.position < treeSize,
  );
  const byPosition = new Map([...genesis, ...keys, ...events].map((event) => [event.position, event]));
  return [...byPosition.values()].sort((a, b) => a.position - b.position);
}

/**
 * The hash of each bottom-up node: a perfect subtree straight from the tree, or (on the right edge) the RFC 6962
 * hash of [begin, treeSize) folded from the perfect subtrees that cover it. All fetched in one batch.
 */
async function proofNodeHashes(
  tree: MerkleTreeReader,
  nodes: readonly TreeNode[],
  treeSize: number,
): Promise<Buffer[]> {
  const pieces = nodes.map(({ level, index }): NodeId[] => {
    const begin = index * 2 ** level;
    const end = Math.min(begin + 2 ** level, treeSize);
    return end - begin === 2 ** level ? [{ level, index }] : alignedRangeNodes(begin, end);
  });
  const hashes = await tree.nodeHashes(pieces.flat());
  let at = 0;
  return pieces.map((piece) => {
    const own = hashes.slice(at, (at += piece.length));
    return own.reduceRight((right, left) => hashChildren(left, right));
  });
}

async function consistencyFrom(
  tree: MerkleTreeReader,
  since: readonly number[],
  treeSize: number,
): Promise<EvidenceBundle['consistency']> {
  const sizes = [...new Set(since)].sort((a, b) => a - b);
  const newer = sizes.find((size) => size > treeSize);
  if (newer !== undefined)
    throw new BundleError(
      'BUNDLE_SINCE_TOO_NEW',
      `a consistency proof from tree size ${newer} to the older checkpoint of ${treeSize} cannot exist: choose a newer checkpoint`,
      { since: newer, treeSize },
    );
  return Promise.all(
    sizes.map(async (fromSize) => ({
      fromSize,
      fromRoot: hex(await tree.rootAt(fromSize)),
      proof: (await tree.consistencyProof(fromSize, treeSize)).map(hex),
    })),
  );
}

function bundleEvent(event: RecordedEvent): BundleEvent {
  const { id, stream, revision, position, type, schemaVersion, data, meta, prevHash, hash } = event;
  return {
    id,
    stream,
    revision,
    position,
    type,
    schemaVersion,
    data,
    meta: meta as unknown as JsonObject,
    prevHash,
    hash,
  };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
