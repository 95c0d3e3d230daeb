import type { Hasher } from '../../lib/crypto/index.js';

const NODE = Buffer.from([1]);

/**
 * Streaming RFC 9162 tree hash: keeps only the perfect subtrees of the binary
 * decomposition of the size (O(log n) memory), so the verifier can check every
 * checkpoint in one pass over the log.
 */
export class CompactRange {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  size = 0;

  constructor(private readonly h: Hasher) {}

  push(leafHash: Buffer): void {
    let node = { size: 1, hash: leafHash };
    while (this.stack.length && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: this.h.hash(NODE, left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }

  root(): Buffer {
    if (this.stack.length === 0) return this.h.hash();
    let acc = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = this.h.hash(NODE, this.stack[i]!.hash, acc);
    return acc;
  }
}
