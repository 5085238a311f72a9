import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What a recorded provider answer says, read straight from the recording (never from the translator):
// the expectations of the corpus test. Raw JSON is walked by hand on purpose, so a translator bug
// cannot hide behind a shared schema.

export const corpusDir = join(import.meta.dirname, 'corpus');

export interface Recording {
  name: string;
  provider: string;
  /** Stream chunks, one per line as recorded; absent for a non-streamed answer. */
  chunks?: unknown[];
  /** The recorded non-streamed answer. */
  response?: unknown;
}

export function recordings(): Recording[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.chunks.txt') || f.endsWith('.response.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(corpusDir, file), 'utf8');
      const name = file.replace(/\.(chunks\.txt|response\.json)$/, '');
      const provider = name.split('-')[0]!;
      if (file.endsWith('.response.json')) return { name, provider, response: JSON.parse(text) };
      const chunks = text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line));
      return { name, provider, chunks };
    });
}

export interface Expected {
  /** The text a client must end up with, byte for byte (think tags aside). */
  text: string;
  thinking: string;
  tools: { name: string; input: unknown }[];
  /** The provider's id of each call ('' where it sent none). */
  toolIds: string[];
  stopReason: string;
  /** The recorded completion tokens, when the recording has any. */
  outputTokens?: number;
  /** The message of an error the provider reported instead of (the rest of) an answer. */
  error?: string;
  /** A non-streamed answer without any finish reason. */
  cutShort?: boolean;
  thinkTags: boolean;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The first reasoning spelling present: `reasoning_content`, `reasoning`, `reasoning_details[].text`. */
function reasoningOf(source: Json): string {
  if (str(source.reasoning_content)) return str(source.reasoning_content);
  if (str(source.reasoning)) return str(source.reasoning);
  const details = Array.isArray(source.reasoning_details) ? source.reasoning_details : [];
  return details.map((d) => str(obj(d).text) || str(obj(d).summary)).join('');
}

function hasReasoning(source: Json): boolean {
  return (
    !!str(source.reasoning_content) ||
    !!str(source.reasoning) ||
    (Array.isArray(source.reasoning_details) && source.reasoning_details.length > 0)
  );
}

/** Text and thinking of a `content` that is a string or an array of parts (Mistral). */
function contentOf(content: unknown): { text: string; thinking: string } {
  if (typeof content === 'string') return { text: content, thinking: '' };
  let text = '';
  let thinking = '';
  for (const part of Array.isArray(content) ? content.map(obj) : []) {
    if (part.type === 'thinking') {
      const t = part.thinking;
      thinking +=
        typeof t === 'string' ? t : (Array.isArray(t) ? t : []).map((x) => str(obj(x).text)).join('');
    } else text += str(part.text);
  }
  return { text, thinking };
}

/** `<think>…</think>` sections out of text (with the blank lines that conventionally follow one). */
function withoutThinkSections(text: string): { text: string; thinking: string } {
  let thinking = '';
  const rest = text.replace(/<think>([\s\S]*?)(?:<\/think>\s*|$)/g, (_, inner: string) => {
    thinking += inner;
    return '';
  });
  return { text: rest, thinking };
}

function stopReasonOf(finish: string | undefined, madeToolCalls: boolean): string {
  if (finish === 'length') return 'max_tokens';
  if (madeToolCalls || finish === 'tool_calls') return 'tool_use';
  if (finish === 'content_filter') return 'refusal';
  return 'end_turn';
}

function parsedArguments(args: string): unknown {
  return args.trim() ? JSON.parse(args) : {};
}

interface Call {
  id?: string;
  name: string;
  args: string;
}

/** Tool calls of a stream, put together from their fragments by index, else id, else the last one. */
function assembleCalls(chunks: Json[]): Call[] {
  const calls: Call[] = [];
  const byKey = new Map<string, Call>();
  for (const chunk of chunks) {
    for (const choice of (Array.isArray(chunk.choices) ? chunk.choices : []).map(obj)) {
      for (const entry of (Array.isArray(obj(choice.delta).tool_calls)
        ? (obj(choice.delta).tool_calls as unknown[])
        : []
      ).map(obj)) {
        const key =
          typeof entry.index === 'number' ? `i${entry.index}` : str(entry.id) ? `id${str(entry.id)}` : 'last';
        let call = key === 'last' ? calls[calls.length - 1] : byKey.get(key);
        // A different id under the same index is another call (parallel calls sharing one index).
        if (call?.id && str(entry.id) && str(entry.id) !== call.id) call = undefined;
        if (!call) {
          call = { name: '', args: '' };
          calls.push(call);
          byKey.set(key, call);
        }
        const fn = obj(entry.function);
        if (!call.id && str(entry.id)) call.id = str(entry.id);
        if (!call.name && str(fn.name)) call.name = str(fn.name);
        call.args += str(fn.arguments);
      }
    }
  }
  return calls.filter((c) => c.name);
}

/** Chunks up to (not including) the first that reports an error, and that error's message. */
function untilError(chunks: unknown[]): { chunks: Json[]; error?: string } {
  const out: Json[] = [];
  for (const raw of chunks) {
    const chunk = obj(raw);
    if (chunk.error) return { chunks: out, error: str(obj(chunk.error).message) || 'error' };
    out.push(chunk);
  }
  return { chunks: out };
}

export function expectedFromChunks(all: unknown[]): Expected {
  const { chunks, error } = untilError(all);
  const runs: string[] = [''];
  let content = '';
  let thinking = '';
  let finish: string | undefined;
  let outputTokens: number | undefined;
  let reasoningField = false;
  for (const chunk of chunks) {
    const completion = obj(chunk.usage).completion_tokens;
    if (typeof completion === 'number') outputTokens = completion;
    for (const choice of (Array.isArray(chunk.choices) ? chunk.choices : []).map(obj)) {
      if (typeof choice.index === 'number' && choice.index !== 0) continue;
      const choiceCompletion = obj(choice.usage).completion_tokens;
      if (typeof choiceCompletion === 'number') outputTokens = choiceCompletion;
      const delta = obj(choice.delta);
      if (hasReasoning(delta)) reasoningField = true;
      thinking += reasoningOf(delta);
      const parts = contentOf(delta.content);
      thinking += parts.thinking;
      content += parts.text;
      runs[runs.length - 1] += parts.text;
      if (!parts.text && str(delta.refusal)) runs[runs.length - 1] += str(delta.refusal);
      if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) runs.push('');
      if (str(choice.finish_reason)) finish = str(choice.finish_reason);
    }
  }
  const thinkTags = content.includes('<think>');
  let text: string;
  if (thinkTags) {
    const split = withoutThinkSections(content);
    text = split.text;
    if (!reasoningField) thinking += split.thinking;
  } else text = runs.filter((run) => /\S/.test(run)).join('');
  const calls = assembleCalls(chunks);
  const tools = calls.map((c) => ({ name: c.name, input: parsedArguments(c.args) }));
  return {
    text,
    thinking,
    tools,
    toolIds: calls.map((c) => c.id ?? ''),
    stopReason: stopReasonOf(finish, tools.length > 0),
    outputTokens,
    error,
    thinkTags,
  };
}

export function expectedFromResponse(response: unknown): Expected {
  const res = obj(response);
  const choice = obj(Array.isArray(res.choices) ? res.choices[0] : undefined);
  const message = obj(choice.message);
  const parts = contentOf(message.content);
  let text = parts.text;
  let thinking = reasoningOf(message) + parts.thinking;
  const thinkTags = text.includes('<think>');
  if (thinkTags) {
    const split = withoutThinkSections(text);
    text = split.text;
    if (!hasReasoning(message)) thinking += split.thinking;
  }
  if (!/\S/.test(text)) text = '';
  const calls = (Array.isArray(message.tool_calls) ? message.tool_calls : [])
    .map(obj)
    .filter((call) => str(obj(call.function).name));
  const tools = calls.map((call) => ({
    name: str(obj(call.function).name),
    input: parsedArguments(str(obj(call.function).arguments)),
  }));
  const completion = obj(res.usage).completion_tokens ?? obj(choice.usage).completion_tokens;
  return {
    text,
    thinking,
    tools,
    toolIds: calls.map((call) => str(call.id)),
    stopReason: stopReasonOf(str(choice.finish_reason) || undefined, tools.length > 0),
    cutShort: choice.finish_reason == null,
    outputTokens: typeof completion === 'number' ? completion : undefined,
    error: res.error ? str(obj(res.error).message) || 'error' : undefined,
    thinkTags,
  };
}

/**
 * The non-streamed answer a recorded stream stands for, where no answer was recorded: content and
 * reasoning joined, tool calls put together, the last finish reason and usage.
 */
export function responseFromChunks(all: unknown[]): unknown {
  const { chunks, error } = untilError(all);
  if (error !== undefined) return { error: obj(obj(all.find((c) => obj(c).error)).error) };
  let content = '';
  let reasoning = '';
  let finish: string | null = null;
  let usage: Json | undefined;
  for (const chunk of chunks) {
    if (chunk.usage)
      usage = {
        ...usage,
        ...Object.fromEntries(Object.entries(obj(chunk.usage)).filter(([, v]) => v != null)),
      };
    for (const choice of (Array.isArray(chunk.choices) ? chunk.choices : []).map(obj)) {
      if (typeof choice.index === 'number' && choice.index !== 0) continue;
      if (choice.usage) usage = { ...usage, ...obj(choice.usage) };
      const delta = obj(choice.delta);
      reasoning += reasoningOf(delta);
      const parts = contentOf(delta.content);
      content += parts.text;
      reasoning += parts.thinking;
      if (str(choice.finish_reason)) finish = str(choice.finish_reason);
    }
  }
  const calls = assembleCalls(chunks);
  return {
    id: str(chunks[0]?.id) || 'assembled',
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(calls.length > 0
            ? {
                tool_calls: calls.map((c) => ({
                  ...(c.id ? { id: c.id } : {}),
                  type: 'function',
                  function: { name: c.name, arguments: c.args },
                })),
              }
            : {}),
        },
        finish_reason: finish,
      },
    ],
    ...(usage ? { usage } : {}),
  };
}
