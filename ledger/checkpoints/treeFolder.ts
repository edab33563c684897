import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../workers/spawnModuleWorker.js';
import { MerkleTreeBuilder } from '../merkle/index.js';
import type { CompactRange, StoredNode } from '../merkle/index.js';
import type { FoldReply, FoldRequest } from './treeFoldProtocol.js';

/** The tree after every hash handed over so far, and the perfect subtrees completed since the last head. */
export interface TreeHead {
  readonly size: number;
  readonly root: Buffer;
  readonly completed: StoredNode[];
}

/**
 * Folds event hashes into the ledger's Merkle tree. `append` is cheap and synchronous; `head` resolves once
 * everything appended before it is folded in.
 */
export interface TreeFolder {
  /** Event hashes handed over so far. */
  readonly size: number;
  append(eventHashHex: string): void;
  head(): Promise<TreeHead>;
  close(): Promise<void>;
}

/** Folds on the calling thread. */
export function createInThreadFolder(start: CompactRange): TreeFolder {
  const builder = new MerkleTreeBuilder(start);
  return {
    get size() {
      return builder.size;
    },
    append: (hex) => builder.append(Buffer.from(hex, 'hex')),
    head: () =>
      Promise.resolve({ size: builder.size, root: builder.root(), completed: builder.drainCompletedNodes() }),
    close: () => Promise.resolve(),
  };
}

const CHUNK = 4096;

/**
 * Folds on a worker thread, so that the two SHA-256 computations per event the tree costs run beside appends
 * instead of between them. Hashes cross as binary in transferred buffers of up to 4096 events.
 */
export function createWorkerFolder(start: CompactRange): TreeFolder {
  const worker = spawnFoldWorker({ kind: 'init', size: start.size, nodes: start.nodes() });
  let size = start.size;
  let chunk = new Uint8Array(CHUNK * 32);
  let view = Buffer.from(chunk.buffer);
  let filled = 0;
  let failure: Error | undefined;
  let nextRequest = 0;
  const pending = new Map<number, { resolve: (head: TreeHead) => void; reject: (error: unknown) => void }>();
  const send = () => {
    if (filled === 0) return;
    const message: FoldRequest = { kind: 'leaves', hashes: chunk.subarray(0, filled * 32) };
    worker.postMessage(message, [chunk.buffer]);
    chunk = new Uint8Array(CHUNK * 32);
    view = Buffer.from(chunk.buffer);
    filled = 0;
  };
  worker.on('message', (reply: FoldReply) => {
    const request = pending.get(reply.requestId);
    pending.delete(reply.requestId);
    if (pending.size === 0) worker.unref();
    request?.resolve({
      size: reply.size,
      root: Buffer.from(reply.root),
      completed: reply.completed.map((n) => ({ ...n, hash: Buffer.from(n.hash) })),
    });
  });
  worker.on('error', (error) => {
    failure = error;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  });
  worker.unref();
  return {
    get size() {
      return size;
    },
    append: (hex) => {
      view.write(hex, filled * 32, 32, 'hex');
      filled++;
      size++;
      if (filled === CHUNK) send();
    },
    head: () => {
      if (failure !== undefined) return Promise.reject(failure);
      send();
      const requestId = nextRequest++;
      const message: FoldRequest = { kind: 'head', requestId };
      worker.postMessage(message);
      // Idle, the worker must not keep the process alive; awaited, it must.
      worker.ref();
      return new Promise((resolve, reject) => pending.set(requestId, { resolve, reject }));
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

function spawnFoldWorker(init: FoldRequest): Worker {
  return spawnModuleWorker(import.meta.url, 'treeFoldWorker', init);
}
