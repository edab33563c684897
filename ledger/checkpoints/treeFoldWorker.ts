// Worker thread: folds event hashes into the Merkle tree for the checkpointer (see treeFolder.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { CompactRange, MerkleTreeBuilder } from '../merkle/index.js';
import type { FoldReply, FoldRequest } from './treeFoldProtocol.js';

const init = workerData as Extract<FoldRequest, { kind: 'init' }>;
const builder = new MerkleTreeBuilder(CompactRange.fromNodes(init.size, init.nodes));
const port = parentPort!;

port.on('message', (request: FoldRequest) => {
  if (request.kind === 'leaves') {
    const hashes = request.hashes;
    for (let offset = 0; offset < hashes.length; offset += 32)
      builder.append(hashes.subarray(offset, offset + 32));
  } else if (request.kind === 'head') {
    const reply: FoldReply = {
      requestId: request.requestId,
      size: builder.size,
      root: builder.root(),
      completed: builder.drainCompletedNodes(),
    };
    port.postMessage(reply);
  }
});
