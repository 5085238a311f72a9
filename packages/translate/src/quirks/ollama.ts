import type { QuirkPreset } from './schema.js';

// Ollama's OpenAI-compatible endpoint (local, no key). Models imported without a thinking parser write
// `<think>` tags into the content, so they are split out.
export const ollama: QuirkPreset = {
  label: 'Ollama',
  kind: 'openai',
  baseUrl: 'http://localhost:11434/v1',
  quirks: { think_tags: true },
  docsUrl: 'https://docs.ollama.com/api/openai-compatibility',
};
