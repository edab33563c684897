import type { StoredNode } from '../merkle/index.js';

/**
 * Messages to the fold worker: `init` (as workerData) resumes a compact range; `leaves` carries 32-byte event
 * hashes back to back; `head` asks for the tree after everything sent before it.
 */
export type FoldRequest =
  | { readonly kind: 'init'; readonly size: number; readonly nodes: readonly Uint8Array[] }
  | { readonly kind: 'leaves'; readonly hashes: Uint8Array }
  | { readonly kind: 'head'; readonly requestId: number };

export interface FoldReply {
  readonly requestId: number;
  readonly size: number;
  readonly root: Uint8Array;
  readonly completed: readonly StoredNode[];
}
