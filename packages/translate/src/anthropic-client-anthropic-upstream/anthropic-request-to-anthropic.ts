// Anthropic Messages request → the same for an Anthropic-kind provider: forwarded as it is, but for
// Aurora's own thinking blocks.

import type { AnthropicMessagesRequest } from '../anthropic/request.js';
import { isAuroraSignature } from '../ids.js';

/**
 * Before a request goes to an Anthropic-kind provider unchanged: thinking blocks that Aurora made from
 * another model's reasoning carry Aurora's signature, which a real Messages API refuses, so they are
 * removed. Returns the same object when there is nothing to remove.
 */
export function stripAuroraThinking(req: AnthropicMessagesRequest): AnthropicMessagesRequest {
  const hasAurora = req.messages.some(
    (m) =>
      typeof m.content !== 'string' &&
      m.content.some((b) => b.type === 'thinking' && isAuroraSignature(b.signature)),
  );
  if (!hasAurora) return req;
  return {
    ...req,
    messages: req.messages.map((m) =>
      typeof m.content === 'string'
        ? m
        : {
            ...m,
            content: m.content.filter((b) => !(b.type === 'thinking' && isAuroraSignature(b.signature))),
          },
    ),
  };
}
