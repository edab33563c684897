import { createHash } from 'node:crypto';

/**
 * Reference Merkle tree written straight from RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF) with its own
 * SHA-256 calls, so the fast code is checked against something that shares none of its shortcuts. The
 * only liberty taken is memoising MTH by range, which cannot change a result.
 *
 * Ranges are [start, end) over the leaf data given to the constructor (raw leaf bytes, hashed as leaves).
 */
export class NaiveTree {
  readonly #data: readonly Uint8Array[];
  readonly #memo = new Map<string, Buffer>();

  constructor(data: readonly Uint8Array[]) {
    this.#data = data;
  }

  get size(): number {
    return this.#data.length;
  }

  /** MTH(D[start:end]). */
  mth(start: number, end: number): Buffer {
    const id = `${start}:${end}`;
    const known = this.#memo.get(id);
    if (known !== undefined) return known;
    const n = end - start;
    let result: Buffer;
    if (n === 0) result = sha256();
    else if (n === 1) result = sha256(Buffer.from([0x00]), this.#data[start] as Uint8Array);
    else {
      const k = largestPowerOfTwoBelow(n);
      result = sha256(Buffer.from([0x01]), this.mth(start, start + k), this.mth(start + k, end));
    }
    this.#memo.set(id, result);
    return result;
  }

  /** The root of the first n leaves: MTH(D[0:n]). */
  root(n: number): Buffer {
    return this.mth(0, n);
  }

  /** PATH(m, D[0:n]): the audit path of leaf m, bottom-up. Precondition: 0 <= m < n. */
  path(m: number, n: number): Buffer[] {
    return this.#path(m, 0, n);
  }

  /** PROOF(m, D[0:n]) for 0 < m <= n; [] for m == 0 (MIR's convention: the empty tree needs no proof). */
  proof(m: number, n: number): Buffer[] {
    return m === 0 ? [] : this.#subproof(m, 0, n, true);
  }

  #path(m: number, start: number, end: number): Buffer[] {
    const n = end - start;
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    if (m < k) return [...this.#path(m, start, start + k), this.mth(start + k, end)];
    return [...this.#path(m - k, start + k, end), this.mth(start, start + k)];
  }

  #subproof(m: number, start: number, end: number, b: boolean): Buffer[] {
    const n = end - start;
    if (m === n) return b ? [] : [this.mth(start, end)];
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) return [...this.#subproof(m, start, start + k, b), this.mth(start + k, end)];
    return [...this.#subproof(m - k, start + k, end, false), this.mth(start, start + k)];
  }
}

/**
 * Which side each element of PATH(m, D[0:n]) joins on ('L' when the element is the left child), from
 * the same recursion. Two claims with equal sides make the RFC verifier do exactly the same hashing.
 */
export function pathSides(m: number, n: number): string {
  if (n === 1) return '';
  const k = largestPowerOfTwoBelow(n);
  return m < k ? `${pathSides(m, k)}R` : `${pathSides(m - k, n - k)}L`;
}

/**
 * The shape of PROOF(m, D[0:n]): 'S' for a seed subtree, then 'R' for elements that extend only the new
 * tree and 'L' for elements on the left of both. Equal shapes mean identical verifier hashing.
 */
export function proofShape(m: number, n: number): string {
  return m === 0 ? '' : subproofShape(m, n, true);
}

function subproofShape(m: number, n: number, b: boolean): string {
  if (m === n) return b ? '' : 'S';
  const k = largestPowerOfTwoBelow(n);
  return m <= k ? `${subproofShape(m, k, b)}R` : `${subproofShape(m - k, n - k, false)}L`;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function sha256(...parts: Uint8Array[]): Buffer {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part);
  return digest.digest();
}
