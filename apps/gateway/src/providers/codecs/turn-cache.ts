import type { TranslatedTurn, TurnStore } from '@aurora/translate';

// A turn's length and first and last characters pick its bucket; the whole text is then compared,
// which V8 does at memory speed, where hashing it (a Map keyed by the text, or SHA-256) costs about
// as much per byte as parsing it.
const HEAD = 96;
const TAIL = 32;
/** Entries one bucket may hold: turns that look alike at both ends cannot make a lookup slow. */
const BUCKET = 4;
/** What an entry costs beyond its two texts (objects, map slots), in bytes. */
const ENTRY_OVERHEAD = 256;

interface Entry {
  raw: string;
  value: unknown;
  bytes: number;
  bucket: Entry[];
  key: string;
  buckets: Map<string, Entry[]>;
  partition: string;
}

const bucketKey = (raw: string) =>
  raw.length <= HEAD + TAIL ? raw : `${raw.length}:${raw.slice(0, HEAD)}${raw.slice(-TAIL)}`;

/**
 * A private copy of `text`: a slice of the request body would keep the whole body alive for as long
 * as the entry lives. V8 flattens the joined string into a new one before slicing it, so the copy
 * refers to that alone, in the same one- or two-byte form as the body (comparing like with like is
 * a memory compare); five times cheaper than a round trip through UTF-8.
 */
const detached = (text: string) => ` ${text}`.slice(1);

/** A translated turn's size: its text (two bytes a character, as V8 stores non-Latin-1 text) and bytes. */
const translatedSize = (turn: TranslatedTurn, raw: string) =>
  2 * (raw.length + turn.dropped.reduce((sum, path) => sum + path.length, 0)) +
  turn.json.length +
  64 * turn.toolIds.length;

/**
 * What recent conversations' turns became (parsed, translated), least recently used first out once
 * their total size passes `maxBytes` (0 keeps nothing). Keys are exact texts, so a hit is the same
 * bytes, never a lookalike; partitions (caller, and what the value is) are never searched across.
 */
export class TurnCache {
  private readonly partitions = new Map<string, Map<string, Entry[]>>();
  /** Every entry, least recently used first. */
  private readonly order = new Set<Entry>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.order.size;
  }

  /** The turns as the translating codecs keep them. */
  readonly translated: TurnStore = {
    get: (partition, raw) => this.get(partition, raw) as TranslatedTurn | undefined,
    set: (partition, raw, turn) => this.set(partition, raw, turn, translatedSize(turn, raw)),
  };

  get(partition: string, raw: string): unknown {
    const bucket = this.partitions.get(partition)?.get(bucketKey(raw));
    const entry = bucket?.find((each) => each.raw === raw);
    if (!entry) return undefined;
    this.order.delete(entry);
    this.order.add(entry);
    return entry.value;
  }

  /** Keeps `value` for `raw`, counted as `size` bytes (plus the entry's own). */
  set(partition: string, raw: string, value: unknown, size: number): void {
    const bytes = size + ENTRY_OVERHEAD;
    if (bytes > this.maxBytes) return;
    const key = bucketKey(raw);
    const same = this.partitions
      .get(partition)
      ?.get(key)
      ?.find((each) => each.raw === raw);
    if (same) this.remove(same);
    let buckets = this.partitions.get(partition);
    if (!buckets) {
      buckets = new Map();
      this.partitions.set(partition, buckets);
    }
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = [];
      buckets.set(detached(key), bucket);
    } else if (bucket.length >= BUCKET) this.remove(bucket[0]!);
    // Nothing the entry keeps may be a piece of the request body: the key too is copied.
    const entry: Entry = { raw: detached(raw), value, bytes, bucket, key: detached(key), buckets, partition };
    bucket.push(entry);
    this.order.add(entry);
    this.total += bytes;
    for (const oldest of this.order) {
      if (this.total <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  private remove(entry: Entry): void {
    this.order.delete(entry);
    this.total -= entry.bytes;
    entry.bucket.splice(entry.bucket.indexOf(entry), 1);
    if (entry.bucket.length === 0) entry.buckets.delete(entry.key);
    if (entry.buckets.size === 0) this.partitions.delete(entry.partition);
  }
}
