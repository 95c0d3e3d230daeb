/**
 * The natural keys seen so far in one file, each with the line it was first seen on (for
 * "与第N行重复"). A Map of a million strings holds well over a hundred megabytes — string
 * headers, the map's entries, and each key's cell keeping its chunk of the file alive — so the
 * keys are packed into typed arrays instead: their characters in one arena, an open-addressing
 * table of entry numbers, and per entry its start, length, hash and line. About 50 bytes a key.
 */
export class KeyLines {
  private chars = new Uint16Array(1 << 16);
  private used = 0;
  private starts = new Int32Array(1 << 12);
  private lengths = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  private lines = new Int32Array(1 << 12);
  /** Entry number + 1 per slot; 0 is empty. Never more than half full. */
  private slots = new Int32Array(1 << 13);
  size = 0;

  /** The line the key was first seen on, or undefined. */
  get(key: string): number | undefined {
    const h = hashOf(key);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i]! - 1;
      if (e < 0) return undefined;
      if (this.hashes[e] === h && this.lengths[e] === key.length && this.equals(e, key)) return this.lines[e];
    }
  }

  /** Records a key that get() did not find. */
  set(key: string, line: number): void {
    const e = this.size;
    if (e === this.starts.length) this.growEntries();
    while (this.used + key.length > this.chars.length) this.chars = grow(this.chars, this.chars.length * 2);
    const start = this.used;
    for (let i = 0; i < key.length; i++) this.chars[start + i] = key.charCodeAt(i);
    this.used += key.length;
    const h = hashOf(key);
    this.starts[e] = start;
    this.lengths[e] = key.length;
    this.hashes[e] = h;
    this.lines[e] = line;
    this.size++;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e, h);
  }

  private equals(e: number, key: string): boolean {
    const start = this.starts[e]!;
    for (let i = 0; i < key.length; i++) if (this.chars[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  private place(e: number, h: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = e + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let e = 0; e < this.size; e++) this.place(e, this.hashes[e]!);
  }

  private growEntries(): void {
    const n = this.starts.length * 2;
    this.starts = grow(this.starts, n);
    this.lengths = grow(this.lengths, n);
    this.hashes = grow(this.hashes, n);
    this.lines = grow(this.lines, n);
  }
}

function grow<T extends Int32Array | Uint16Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

/** FNV-1a over the UTF-16 code units, as a 32-bit integer. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}
