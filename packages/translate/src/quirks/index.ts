import { TranslationError } from '../errors.js';
import { anthropic } from './anthropic.js';
import { deepseek, deepseekAnthropic } from './deepseek.js';
import { gemini } from './gemini.js';
import { groq } from './groq.js';
import { lmstudio } from './lmstudio.js';
import { minimax, minimaxAnthropic } from './minimax.js';
import { mistral } from './mistral.js';
import { moonshot, moonshotAnthropic } from './moonshot.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import { openrouter } from './openrouter.js';
import { qwen } from './qwen.js';
import { type QuirkPreset, type Quirks, type QuirksInput, quirksSchema } from './schema.js';
import { together } from './together.js';
import { vllm } from './vllm.js';
import { xai } from './xai.js';
import { zai, zaiAnthropic } from './zai.js';

/** Every known provider, by preset name: the one list the gateway, its admin API and the UI share. */
export const quirkPresets: Record<string, QuirkPreset> = {
  openai,
  openrouter,
  deepseek,
  'deepseek-anthropic': deepseekAnthropic,
  groq,
  mistral,
  together,
  ollama,
  vllm,
  lmstudio,
  minimax,
  'minimax-anthropic': minimaxAnthropic,
  moonshot,
  'moonshot-anthropic': moonshotAnthropic,
  qwen,
  xai,
  gemini,
  anthropic,
  zai,
  'zai-anthropic': zaiAnthropic,
};

/**
 * Quirks of a provider: its preset's, then the operator's overrides (`quirks:` in the config), then
 * the defaults. `extra_body` objects are merged key by key; every other key is replaced.
 */
export function resolveQuirks(presetName?: string | null, overrides?: QuirksInput | null): Quirks {
  let base: QuirksInput = {};
  if (presetName) {
    const preset = quirkPresets[presetName];
    if (!preset) {
      throw new TranslationError(
        'invalid_request_error',
        `unknown provider preset "${presetName}"; known presets: ${Object.keys(quirkPresets).join(', ')}`,
      );
    }
    base = preset.quirks;
  }
  const merged: QuirksInput = { ...base, ...overrides };
  if (base.extra_body && overrides?.extra_body)
    merged.extra_body = { ...base.extra_body, ...overrides.extra_body };
  return deepFreeze(quirksSchema.parse(merged));
}

/** Frozen all the way down: translations may keep what they derive from a provider's quirks. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const each of Object.values(value)) deepFreeze(each);
  }
  return value;
}
