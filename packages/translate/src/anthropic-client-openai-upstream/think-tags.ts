// Splits `<think>…</think>` out of streamed content (the `think_tags` quirk), also when a tag is cut
// across chunks: a chunk ending in a possible tag prefix is held back until the next one decides.

const OPEN = '<think>';
const CLOSE = '</think>';

export interface ContentSegment {
  kind: 'thinking' | 'text';
  text: string;
}

export interface ThinkTagSplitter {
  push(text: string): ContentSegment[];
  flush(): ContentSegment[];
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
  const max = Math.min(tag.length - 1, text.length);
  for (let n = max; n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}

export function createThinkTagSplitter(): ThinkTagSplitter {
  let inThink = false;
  let held = '';
  // The answer after `</think>` conventionally starts with blank lines; they are not content.
  let trimNextText = false;

  const emit = (out: ContentSegment[], kind: ContentSegment['kind'], text: string) => {
    if (kind === 'text' && trimNextText) {
      text = text.replace(/^\s+/, '');
      if (text) trimNextText = false;
    }
    if (text) out.push({ kind, text });
  };

  return {
    push(chunk) {
      const out: ContentSegment[] = [];
      let text = held + chunk;
      held = '';
      for (;;) {
        const tag = inThink ? CLOSE : OPEN;
        const at = text.indexOf(tag);
        if (at === -1) {
          const keep = partialTagSuffix(text, tag);
          emit(out, inThink ? 'thinking' : 'text', text.slice(0, text.length - keep));
          held = text.slice(text.length - keep);
          return out;
        }
        emit(out, inThink ? 'thinking' : 'text', text.slice(0, at));
        text = text.slice(at + tag.length);
        inThink = !inThink;
        if (!inThink) trimNextText = true;
      }
    },
    flush() {
      const out: ContentSegment[] = [];
      emit(out, inThink ? 'thinking' : 'text', held);
      held = '';
      return out;
    },
  };
}

/** Non-streaming form: all thinking and the remaining text of one complete content string. */
export function splitThinkTags(content: string): { thinking: string; text: string } {
  const splitter = createThinkTagSplitter();
  let thinking = '';
  let text = '';
  for (const segment of [...splitter.push(content), ...splitter.flush()]) {
    if (segment.kind === 'thinking') thinking += segment.text;
    else text += segment.text;
  }
  return { thinking, text };
}
