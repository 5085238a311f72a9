import type { RestStore, TranslatedRest, TranslatedTurn, TurnStore } from '@aurora/translate';

// A turn's length and first and last characters pick its bucket; the whole text is then compared,
// which V8 does at memory speed, where hashing it (a Map keyed by the text, or SHA-256) costs about
// as much per byte as parsing it.
const HEAD = 96;
const TAIL = 32;
/** Entries one bucket may hold: turns that look alike at both ends cannot make a lookup slow. */
const BUCKET = 4;
/**
 * What an entry costs beyond its two texts (objects, map slots), in bytes: measured on a body of
 * 175,000 one-line turns, the heap held ~490 bytes a turn more than their texts' estimate.
 */
const ENTRY_OVERHEAD = 512;

interface Entry {
  raw: string;
  value: unknown;
  bytes: number;
  bucket: Entry[];
  key: string;
  buckets: Map<string, Entry[]>;
  partition: string;
  /** Until the entry is let go: then all it held is dropped, so a handle keeps only the shell. */
  live: boolean;
  /** Neighbours in the order of use. */
  older: Entry | undefined;
  newer: Entry | undefined;
}

/** What a let-go entry points at instead of its bucket: nothing of the cache stays reachable. */
const NO_BUCKET: Entry[] = [];
const NO_BUCKETS = new Map<string, Entry[]>();

declare const kept: unique symbol;
/** An entry as `find` gave it: its value again by `use`, without a lookup, while it is kept. */
export type Kept = { readonly [kept]: true };

/** Recent records (see `remember`) share one bucket per partition: a record is found by scope alone. */
const RECORDS = '';

const bucketKey = (raw: string) =>
  raw.length <= HEAD + TAIL ? raw : `${raw.length}:${raw.slice(0, HEAD)}${raw.slice(-TAIL)}`;

/**
 * A private copy of `text`: a slice of the request body would keep the whole body alive for as long
 * as the entry lives. V8 flattens the joined string into a new one before slicing it, so the copy
 * refers to that alone, in the same one- or two-byte form as the body (comparing like with like is
 * a memory compare); five times cheaper than a round trip through UTF-8.
 */
export const detached = (text: string) => ` ${text}`.slice(1);

/**
 * `raw`, a slice of `body` (the request body's key text, or the part of it that was read), as a key
 * the cache may keep: copied out, unless it is most of the body, whose keeping then costs less than the copy (~0.9 ms a MB of two-byte text,
 * half a parse; a cold body is mostly one new turn). `retained`: what keeping the body costs beyond
 * the key, in bytes (two a character), counted in the parsed entry; a translated entry left alone
 * with such a key counts its text at two bytes a character, at worst half the body it keeps.
 */
export function keyText(raw: string, body: string): { text: string; retained: number } {
  if (2 * raw.length >= body.length) return { text: raw, retained: 2 * (body.length - raw.length) };
  return { text: detached(raw), retained: 0 };
}

// A parsed turn holds its text about twice over (the value as sent and as the schema read it), in
// objects that weigh more than the text: four bytes a character is an estimate, not a measure.
export const parsedSize = (raw: string) => 4 * raw.length;

/**
 * A translated turn's size: its text (two bytes a character, as V8 stores non-Latin-1 text; shared
 * with the parsed entry, so counted twice, on the safe side) and bytes.
 */
const translatedSize = (turn: TranslatedTurn, raw: string) =>
  2 * (raw.length + turn.dropped.reduce((sum, path) => sum + path.length, 0)) +
  turn.json.length +
  64 * turn.toolIds.length;

/**
 * A translated rest's size: its key text, the system parts (about twice their message) and bytes;
 * the paths are short field names.
 */
const restSize = (rest: TranslatedRest, raw: string) =>
  2 * raw.length + 3 * (rest.systemJson?.length ?? 0) + rest.start.length + rest.end.length + 256;

/**
 * What recent conversations' turns became (parsed, translated), least recently used first out once
 * their total size passes `maxBytes` (0 keeps nothing). Keys are exact texts, so a hit is the same
 * bytes, never a lookalike; partitions (caller, and what the value is) are never searched across.
 * A key is kept as given, and one string serves a turn's parsed and translated entries: whoever
 * stores a turn takes its text out of the request body first (`keyText`), once, if `keeps` it.
 */
export class TurnCache {
  private readonly partitions = new Map<string, Map<string, Entry[]>>();
  /**
   * Every entry in order of use, as a list through the entries themselves: the oldest is found, and
   * an entry moved or let go, in constant time however many came and went.
   */
  private oldest: Entry | undefined;
  private newest: Entry | undefined;
  private count = 0;
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.count;
  }

  /** The turns as the translating codecs keep them. */
  readonly translated: TurnStore = {
    get: (partition, raw) => this.get(partition, raw) as TranslatedTurn | undefined,
    set: (partition, raw, turn) => this.set(partition, raw, turn, translatedSize(turn, raw)),
  };

  /** The rests (requests without their messages) as the translating codecs keep them. */
  readonly rests: RestStore = {
    get: (partition, raw) => this.get(partition, raw) as TranslatedRest | undefined,
    set: (partition, raw, rest) => this.set(partition, raw, rest, restSize(rest, raw)),
  };

  /** Whether a turn of this text can be kept at all (its parsed entry is the larger estimate). */
  keeps(raw: string): boolean {
    return parsedSize(raw) + ENTRY_OVERHEAD <= this.maxBytes;
  }

  get(partition: string, raw: string): unknown {
    const entry = this.entryOf(partition, raw);
    return entry && this.touched(entry).value;
  }

  /** The entry `get` would read, as a handle: `use` reads it. */
  find(partition: string, raw: string): Kept | undefined {
    return this.entryOf(partition, raw) as unknown as Kept | undefined;
  }

  /** The value of a handle's entry, read as recently as `get` would; undefined once it was let go. */
  use(kept: Kept): unknown {
    const entry = kept as unknown as Entry;
    return entry.live ? this.touched(entry).value : undefined;
  }

  /** Whether a handle's entry is still kept (nothing read, nothing moved). */
  holds(kept: Kept): boolean {
    return (kept as unknown as Entry).live;
  }

  /**
   * Keeps `value` as one of the `BUCKET` latest records of `partition` (the oldest goes), in the same
   * budget and order as the entries; `recent` lists them, newest first, to be read by `use`.
   */
  remember(partition: string, value: unknown, size: number): void {
    this.add(partition, RECORDS, RECORDS, value, size + ENTRY_OVERHEAD);
  }

  recent(partition: string): Kept[] {
    const bucket = this.partitions.get(partition)?.get(RECORDS);
    return bucket ? ([...bucket].reverse() as unknown as Kept[]) : [];
  }

  /** Keeps `value` for `raw`, counted as `size` bytes (plus the entry's own); its handle, if kept. */
  set(partition: string, raw: string, value: unknown, size: number): Kept | undefined {
    // A turn not `keeps` was not copied out of the body, which its entry would then keep alive.
    if (!this.keeps(raw)) return undefined;
    const key = bucketKey(raw);
    const same = this.entryOf(partition, raw, key);
    if (same) this.remove(same);
    return this.add(partition, key, raw, value, size + ENTRY_OVERHEAD);
  }

  private add(partition: string, key: string, raw: string, value: unknown, bytes: number): Kept | undefined {
    if (bytes > this.maxBytes) return undefined;
    let buckets = this.partitions.get(partition);
    if (!buckets) {
      buckets = new Map();
      this.partitions.set(partition, buckets);
    }
    // The bucket key is copied: a piece of the body it would keep alive unaccounted.
    const own = detached(key);
    let bucket = buckets.get(own);
    if (!bucket) {
      bucket = [];
      buckets.set(own, bucket);
    } else if (bucket.length >= BUCKET) this.remove(bucket[0]!);
    const entry: Entry = {
      raw,
      value,
      bytes,
      bucket,
      key: own,
      buckets,
      partition,
      live: true,
      older: undefined,
      newer: undefined,
    };
    bucket.push(entry);
    this.link(entry);
    this.count++;
    this.total += bytes;
    while (this.total > this.maxBytes && this.oldest) this.remove(this.oldest);
    return entry as unknown as Kept;
  }

  private entryOf(partition: string, raw: string, key = bucketKey(raw)): Entry | undefined {
    const bucket = this.partitions.get(partition)?.get(key);
    return bucket?.find((each) => each.raw === raw);
  }

  private touched(entry: Entry): Entry {
    if (entry !== this.newest) {
      this.unlink(entry);
      this.link(entry);
    }
    return entry;
  }

  /** `entry` as the newest. */
  private link(entry: Entry): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  private unlink(entry: Entry): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  private remove(entry: Entry): void {
    this.unlink(entry);
    this.count--;
    this.total -= entry.bytes;
    entry.bucket.splice(entry.bucket.indexOf(entry), 1);
    if (entry.bucket.length === 0) entry.buckets.delete(entry.key);
    if (entry.buckets.size === 0) this.partitions.delete(entry.partition);
    entry.live = false;
    entry.value = undefined;
    entry.raw = '';
    entry.key = '';
    entry.partition = '';
    entry.bucket = NO_BUCKET;
    entry.buckets = NO_BUCKETS;
  }
}
