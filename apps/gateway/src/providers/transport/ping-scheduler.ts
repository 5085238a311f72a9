/** A stream that wants a keep-alive once nothing was written to it for a while. */
export interface PingedStream {
  /** When something was last written (Date.now()). */
  lastWrite: number;
  ping(): void;
}

interface Group {
  timer: NodeJS.Timeout;
  streams: Set<PingedStream>;
}

// One timer per interval for all open streams, instead of one per response: a thousand streams
// cost one wake-up per tick, not a thousand, and opening a stream allocates no timer.
const groups = new Map<number, Group>();

/**
 * Pings `stream` whenever nothing was written to it for `intervalMs` (checked every third of it, and
 * one tick early, so that two writes are never more than intervalMs apart). Returns the unsubscribe.
 */
export function schedulePings(intervalMs: number, stream: PingedStream): () => void {
  let group = groups.get(intervalMs);
  if (!group) {
    const tick = Math.max(50, Math.floor(intervalMs / 3));
    const streams = new Set<PingedStream>();
    const timer = setInterval(() => {
      const due = Date.now() - (intervalMs - tick);
      for (const each of streams) if (each.lastWrite <= due) each.ping();
    }, tick);
    timer.unref();
    group = { timer, streams };
    groups.set(intervalMs, group);
  }
  const joined = group;
  joined.streams.add(stream);
  return () => {
    if (!joined.streams.delete(stream) || joined.streams.size > 0) return;
    clearInterval(joined.timer);
    groups.delete(intervalMs);
  };
}
