// Anthropic `thinking` and `output_config.effort` → the reasoning parameter the provider reads
// (the `thinking_param` quirk). Only a reasoning alias gets any.

import type { AnthropicMessagesRequest } from '../anthropic/request.js';
import type { OpenAIChatRequest } from '../openai/request.js';
import type { OpenAITarget } from '../openai/target.js';
import type { DropField } from './dropped-fields.js';

/** Anthropic `budget_tokens` → an effort level: under 4k low, under 16k medium, else high. */
function thinkingBudgetToEffort(budget: number): 'low' | 'medium' | 'high' {
  if (budget < 4096) return 'low';
  if (budget < 16384) return 'medium';
  return 'high';
}

/** Sets the reasoning fields on `body`. */
export function applyAnthropicThinkingToOpenAI(
  body: OpenAIChatRequest,
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  drop: DropField,
) {
  const thinking = req.thinking;
  const effortGiven = req.output_config?.effort ?? undefined;
  if (!thinking && !effortGiven) return;
  if (!target.reasoning) {
    if (thinking) drop('thinking');
    if (effortGiven) drop('output_config.effort');
    return;
  }
  const off = thinking?.type === 'disabled';
  const budget = thinking?.type === 'enabled' ? (thinking.budget_tokens ?? undefined) : undefined;
  const effort = off
    ? undefined
    : (effortGiven ?? (budget != null ? thinkingBudgetToEffort(budget) : undefined));
  switch (target.quirks.thinking_param) {
    case 'reasoning_effort':
      if (effort) body.reasoning_effort = effort;
      break;
    case 'thinking':
      body.thinking = { type: off ? 'disabled' : 'enabled' };
      if (effort) body.reasoning_effort = effort;
      break;
    case 'reasoning':
      body.reasoning = off ? { enabled: false } : effort ? { effort } : { enabled: true };
      break;
    case 'enable_thinking':
      body.enable_thinking = !off;
      if (budget != null) body.thinking_budget = budget;
      break;
    case 'none':
      if (thinking) drop('thinking');
      if (effortGiven) drop('output_config.effort');
      break;
  }
}
