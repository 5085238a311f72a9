import type { QuirkPreset } from './schema.js';

// Ollama's OpenAI-compatible endpoint (local, no key). Models imported without a thinking parser write
// `<think>` tags into the content, so they are split out. Renderers such as qwen3.8's refuse a
// system message after the first turn (ollama/ollama#17774), so mid-conversation ones go into the user turn.
export const ollama: QuirkPreset = {
  label: 'Ollama',
  kind: 'openai',
  baseUrl: 'http://localhost:11434/v1',
  quirks: { think_tags: true, system_in_user_turn: true },
  docsUrl: 'https://docs.ollama.com/api/openai-compatibility',
};
