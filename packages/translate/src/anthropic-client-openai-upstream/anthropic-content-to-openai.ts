// Anthropic content blocks (text, image, document, system blocks) → OpenAI content parts.

import type {
  AnthropicMessagesRequest,
  AnthropicRequestMessage,
  RequestContentBlock,
} from '../anthropic/request.js';
import type { OpenAIContentPart } from '../openai/request.js';
import type { Quirks } from '../quirks/schema.js';
import type { DropField } from './dropped-fields.js';

type Part = OpenAIContentPart;

const BILLING_HEADER = 'x-anthropic-billing-header:';

function textPart(text: string, block: { cache_control?: unknown }, q: Quirks): Part {
  const part: Part = { type: 'text', text };
  if (q.cache_control && block.cache_control) part.cache_control = block.cache_control as { type: string };
  return part;
}

/** `content` of a user message: a plain string when that says everything (widest support). */
export function simplifyParts(parts: Part[]): string | Part[] {
  if (parts.length === 1) {
    const only = parts[0] as Part;
    if (only.type === 'text' && !only.cache_control) return only.text;
  }
  return parts;
}

/** `content` of a system message: its blocks joined into one string, unless cache markers must stay. */
export function joinSystemParts(parts: Part[]): string | Part[] {
  if (parts.some((p) => p.type !== 'text' || p.cache_control)) return parts;
  return parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n\n');
}

export function anthropicSystemToParts(
  system: AnthropicMessagesRequest['system'],
  q: Quirks,
  drop: DropField,
): Part[] {
  if (system == null) return [];
  if (typeof system === 'string') return system ? [{ type: 'text', text: system }] : [];
  const parts: Part[] = [];
  system.forEach((block, i) => {
    if (block.type !== 'text') drop(`system.${i}`);
    // Claude Code's per-version billing header means nothing to other models and defeats prompt caching.
    else if (block.text.startsWith(BILLING_HEADER)) drop(`system.${i} (billing header)`);
    else if (block.text) parts.push(textPart(block.text, block, q));
  });
  return parts;
}

export function anthropicImageToPart(source: {
  type: string;
  media_type?: string;
  data?: string;
  url?: string;
}): Part | null {
  if (source.type === 'base64' && source.data) {
    return {
      type: 'image_url',
      image_url: { url: `data:${source.media_type ?? 'image/png'};base64,${source.data}` },
    };
  }
  if (source.type === 'url' && source.url) return { type: 'image_url', image_url: { url: source.url } };
  return null;
}

export function anthropicDocumentToPart(
  block: Extract<RequestContentBlock, { type: 'document' }>,
  q: Quirks,
): Part | null {
  const { source } = block;
  const title = block.title ? `${block.title}\n\n` : '';
  if (source.type === 'text' && typeof source.data === 'string')
    return { type: 'text', text: title + source.data };
  if (source.type === 'content') {
    const content = source.content;
    const text =
      typeof content === 'string'
        ? content
        : (content ?? [])
            .map((c) =>
              c && typeof c === 'object' && 'text' in c && typeof c.text === 'string' ? c.text : '',
            )
            .filter(Boolean)
            .join('\n');
    return text ? { type: 'text', text: title + text } : null;
  }
  if (source.type === 'base64' && source.data) {
    const mediaType = source.media_type ?? 'application/pdf';
    if (q.file_parts) {
      return {
        type: 'file',
        file: {
          filename: block.title ?? 'document.pdf',
          file_data: `data:${mediaType};base64,${source.data}`,
        },
      };
    }
    return {
      type: 'text',
      text: `[${mediaType} document ${block.title ? `"${block.title}" ` : ''}omitted: this model cannot read files]`,
    };
  }
  if (source.type === 'url' && source.url)
    return { type: 'text', text: `${title}[document at ${source.url}]` };
  return null;
}

/**
 * Text, image and document blocks → a part (`null` when the block is empty); `undefined` for other
 * block kinds, which are not content of this message kind.
 */
export function anthropicBlockToPart(block: RequestContentBlock, q: Quirks): Part | null | undefined {
  switch (block.type) {
    case 'text':
      return block.text ? textPart(block.text, block, q) : null;
    case 'image':
      return anthropicImageToPart(block.source);
    case 'document':
      return anthropicDocumentToPart(block, q);
    default:
      return undefined;
  }
}

export function anthropicBlocksToParts(
  content: AnthropicRequestMessage['content'],
  q: Quirks,
  path: string,
  drop: DropField,
): Part[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const parts: Part[] = [];
  content.forEach((block, i) => {
    const part = anthropicBlockToPart(block, q);
    if (part) parts.push(part);
    else if (part === undefined) drop(`${path}.content.${i} (${blockType(block)})`);
  });
  return parts;
}

/** The type a block was sent with, also for blocks the schema does not know. */
export function blockType(block: RequestContentBlock): string {
  return block.type === 'unknown' ? block.original_type : block.type;
}
