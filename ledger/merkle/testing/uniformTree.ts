import { prefixNodes, type NodeId } from '../../portable/merkle/nodeId.js';
import { hashChildren, hashLeaf } from '../treeHashing.js';

/**
 * A tree of any size up to 2^53 whose leaves all hold the same data, so the hash of a perfect subtree
 * depends only on its level and every node is computable in O(level). It exercises the size arithmetic
 * beyond 2^32 where no real tree fits in memory; it cannot tell apart same-level siblings, so tests use
 * it for round trips, not for position-sensitive probes.
 */
export function uniformTree(): { nodeHash: (id: NodeId) => Buffer; root: (size: number) => Buffer } {
  const byLevel: Buffer[] = [hashLeaf(Buffer.from('uniform leaf'))];
  const nodeHash = ({ level }: NodeId): Buffer => {
    for (let next = byLevel.length; next <= level; next++) {
      const child = byLevel[next - 1] as Buffer;
      byLevel.push(hashChildren(child, child));
    }
    return byLevel[level] as Buffer;
  };
  const root = (size: number): Buffer =>
    prefixNodes(size)
      .map(nodeHash)
      .reduceRight((right, left) => hashChildren(left, right));
  return { nodeHash, root };
}
