/** The line and the event still open at the end of the bytes measured so far. */
export interface OpenFrame {
  line: number;
  event: number;
  /** The open line is a lone CR so far: with the LF to come it is a blank line (CRLF). */
  lineIsCR: boolean;
}

export const NOTHING_OPEN: OpenFrame = { line: 0, event: 0, lineIsCR: false };

/**
 * The longest SSE line and event (its lines together, which bounds the sum of its `data:` lines)
 * that `chunk` holds or extends, and what is still open after it. Providers end SSE lines with LF,
 * and events with a blank line (LF or CRLF); a CR-only stream counts as one line.
 */
export function measureFrames(
  chunk: Uint8Array,
  before: OpenFrame,
): { longestLine: number; longestEvent: number; open: OpenFrame } {
  let longestLine = 0;
  let longestEvent = 0;
  let line = before.line;
  let event = before.event;
  let lineIsCR = before.lineIsCR;
  let start = 0;
  for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
    const length = line + end - start;
    const blank = length === 0 || (length === 1 && (end > start ? chunk[start] === 13 : lineIsCR));
    longestLine = Math.max(longestLine, length);
    if (blank) event = 0;
    else {
      event += length;
      longestEvent = Math.max(longestEvent, event);
    }
    line = 0;
    lineIsCR = false;
    start = end + 1;
  }
  const rest = chunk.length - start;
  if (rest > 0) lineIsCR = line === 0 && rest === 1 && chunk[start] === 13;
  line += rest;
  return {
    longestLine: Math.max(longestLine, line),
    longestEvent: Math.max(longestEvent, event + (lineIsCR ? 0 : line)),
    open: { line, event, lineIsCR },
  };
}
