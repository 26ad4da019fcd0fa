/** Inputs at least this long are walked as two halves at once. */
const TWO_WALKS_FROM = 4096;

/**
 * The keyword prefilter: an Aho-Corasick automaton over bytes, compiled into one dense table, that
 * reports every (case-insensitive) occurrence of every keyword in one pass over a Buffer. Bytes are
 * first folded into the few classes that occur in keywords (everything else is one class), so the
 * table is small enough to stay in cache (16-bit entries when it fits); each entry holds the next state premultiplied by
 * the number of classes, and states that end a keyword are numbered last. Time is linear in the
 * input, whatever the keywords.
 */
export class KeywordMatcher {
  /** The keywords, lower-cased, in the order given (a hit names one by its index). */
  readonly keywords: readonly string[];
  private readonly classOf = new Uint8Array(256);
  /** Next state (premultiplied by the class count) for each state and byte class. */
  private readonly table: Uint16Array | Int32Array;
  /** States from this (premultiplied) number on end at least one keyword. */
  private readonly firstAccepting: number;
  /** For each state: the indexes of the keywords that end there (longest first). */
  private readonly outputs: (Int32Array | undefined)[];
  private readonly classCount: number;
  private readonly keywordLength: Int32Array;
  /** Length of the longest keyword. */
  private readonly longest: number;

  constructor(keywords: readonly string[]) {
    this.keywords = keywords.map((k) => k.toLowerCase());
    const bytes = this.keywords.map((k) => Buffer.from(k, 'latin1'));
    this.keywordLength = Int32Array.from(bytes, (b) => b.length);
    this.longest = bytes.reduce((n, b) => Math.max(n, b.length), 1);
    const classOfByte = new Map<number, number>();
    for (const b of bytes) for (const c of b) if (!classOfByte.has(c)) classOfByte.set(c, classOfByte.size + 1);
    for (let c = 0; c < 256; c++) {
      const lower = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
      this.classOf[c] = classOfByte.get(lower) ?? 0;
    }
    const k = classOfByte.size + 1;
    this.classCount = k;

    // The trie.
    const next: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    bytes.forEach((b, index) => {
      if (b.length === 0) return;
      let state = 0;
      for (const c of b) {
        const cls = classOfByte.get(c)!;
        let to = next[state].get(cls);
        if (to === undefined) {
          to = next.length;
          next.push(new Map());
          ends.push([]);
          next[state].set(cls, to);
        }
        state = to;
      }
      ends[state].push(index);
    });

    // Failure links, breadth first, folded into a full transition table.
    const states = next.length;
    const delta = new Int32Array(states * k);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < k; c++) {
      const to = next[0].get(c);
      delta[c] = to ?? 0;
      if (to !== undefined) queue.push(to);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head];
      ends[s].push(...ends[fail[s]]);
      for (let c = 0; c < k; c++) {
        const to = next[s].get(c);
        if (to !== undefined) {
          fail[to] = delta[fail[s] * k + c];
          delta[s * k + c] = to;
          queue.push(to);
        } else {
          delta[s * k + c] = delta[fail[s] * k + c];
        }
      }
    }
    // Renumber: breadth-first (shallow states, where most time is spent, close together), accepting
    // states last, so "is this a match" is one comparison.
    const order = [0, ...queue];
    const accepting = order.filter((s) => ends[s].length > 0);
    const plain = order.filter((s) => ends[s].length === 0);
    const renumbered = [...plain, ...accepting];
    const newIndex = new Int32Array(states);
    renumbered.forEach((old, i) => (newIndex[old] = i));
    this.firstAccepting = plain.length * k;
    this.table = states * k <= 0xffff ? new Uint16Array(states * k) : new Int32Array(states * k);
    this.outputs = renumbered.map((old) => (ends[old].length ? Int32Array.from([...new Set(ends[old])].sort((a, b) => bytes[b].length - bytes[a].length)) : undefined));
    for (let s = 0; s < states; s++) {
      for (let c = 0; c < k; c++) this.table[newIndex[s] * k + c] = newIndex[delta[s * k + c]] * k;
    }
  }

  /**
   * Calls `onHit(start, keywordIndex)` for every occurrence, in order of where it ends. Returns
   * early (false) when `onHit` returns false.
   *
   * Long inputs are walked as two halves at once: the two automaton walks do not depend on each
   * other, so the CPU overlaps their table lookups (about twice the speed of one walk). The first
   * walk runs a keyword's length past the middle and keeps only hits that start before it; the
   * second starts fresh at the middle. Hits are gathered, then reported in order.
   */
  scan(data: Uint8Array, onHit: (start: number, keyword: number) => boolean | void, from = 0, to = data.length): boolean {
    if (to - from < TWO_WALKS_FROM) return this.walk(data, from, to, onHit);
    const mid = from + ((to - from) >> 1);
    const firstEnd = Math.min(to, mid + this.longest - 1);
    const hitsA: number[] = [];
    const hitsB: number[] = [];
    const table = this.table;
    const classOf = this.classOf;
    const firstAccepting = this.firstAccepting;
    let a = 0;
    let b = 0;
    const n = mid - from;
    for (let i = 0; i < n; i++) {
      a = table[a + classOf[data[from + i]]];
      b = table[b + classOf[data[mid + i]]];
      if (a >= firstAccepting) hitsA.push(from + i, a);
      if (b >= firstAccepting) hitsB.push(mid + i, b);
    }
    // The rest of the second half (one byte when the length is odd), and the first walk's run-over.
    for (let i = mid + n; i < to; i++) {
      b = table[b + classOf[data[i]]];
      if (b >= firstAccepting) hitsB.push(i, b);
    }
    for (let i = mid; i < firstEnd; i++) {
      a = table[a + classOf[data[i]]];
      if (a >= firstAccepting) hitsA.push(i, a);
    }
    return this.report(hitsA, from, mid, onHit) && this.report(hitsB, mid, to, onHit);
  }

  /** One walk over [from, to), reporting as it goes. */
  private walk(data: Uint8Array, from: number, to: number, onHit: (start: number, keyword: number) => boolean | void): boolean {
    const table = this.table;
    const classOf = this.classOf;
    const firstAccepting = this.firstAccepting;
    let state = 0;
    for (let i = from; i < to; i++) {
      state = table[state + classOf[data[i]]];
      if (state < firstAccepting) continue;
      const hits = this.outputs[state / this.classCount]!;
      for (let h = 0; h < hits.length; h++) {
        const kw = hits[h];
        if (onHit(i + 1 - this.keywordLength[kw], kw) === false) return false;
      }
    }
    return true;
  }

  /** Reports gathered (end, state) pairs whose keywords start in [startFrom, startTo). */
  private report(pairs: number[], startFrom: number, startTo: number, onHit: (start: number, keyword: number) => boolean | void): boolean {
    for (let p = 0; p < pairs.length; p += 2) {
      const hits = this.outputs[pairs[p + 1] / this.classCount]!;
      for (let h = 0; h < hits.length; h++) {
        const kw = hits[h];
        const start = pairs[p] + 1 - this.keywordLength[kw];
        if (start < startFrom || start >= startTo) continue;
        if (onHit(start, kw) === false) return false;
      }
    }
    return true;
  }

  /** Whether any keyword occurs. */
  any(data: Uint8Array): boolean {
    return !this.scan(data, () => false);
  }
}
