// Request bodies shaped like Claude Code's: a real ~50 KB main-loop request as the first turn, then
// each next request is the previous one plus one turn (assistant text + tool_use, user tool_result +
// text), with the cache marker moved to the newest message as Claude Code does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Body = Record<string, unknown> & { messages: Array<{ role: string; content: unknown }> };

const fixture = fileURLToPath(
  new URL('../../../packages/translate/bench/claude-code-50kb.json', import.meta.url),
);

export function claudeCodeRequest(model: string): Body {
  const body = JSON.parse(readFileSync(fixture, 'utf8')) as Body;
  body.model = model;
  body.max_tokens = 1024;
  return body;
}

/** Lines of plausible tool output (a test run, a file listing) adding up to about `bytes`. */
function toolOutput(turn: number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let line = 0; size < bytes; line++) {
    const text = `src/module-${turn}/file-${line}.test.ts:${line + 1}  ✓ handles case ${line} of turn ${turn} (${(line * 7) % 97} ms)`;
    lines.push(text);
    size += text.length + 1;
  }
  return lines.join('\n');
}

function withoutCacheMarkers(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((block) => {
    if (block === null || typeof block !== 'object' || !('cache_control' in block)) return block;
    const { cache_control: _moved, ...rest } = block as Record<string, unknown>;
    return rest;
  });
}

/** `turns` requests of one conversation, each growing by about `turnBytes`. */
export function claudeCodeSession(model: string, turns: number, turnBytes: number): Body[] {
  const first = claudeCodeRequest(model);
  const bodies: Body[] = [first];
  for (let turn = 1; turn < turns; turn++) {
    const previous = bodies[turn - 1]!;
    const id = `toolu_bench${String(turn).padStart(4, '0')}`;
    const messages = previous.messages.map((message, index) =>
      index >= previous.messages.length - 2
        ? { ...message, content: withoutCacheMarkers(message.content) }
        : message,
    );
    messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'text', text: `Turn ${turn}: running the tests of module ${turn}.` },
          { type: 'tool_use', id, name: 'Bash', input: { command: `pnpm vitest run src/module-${turn}` } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: id, content: toolOutput(turn, turnBytes) },
          { type: 'text', text: 'Keep going.', cache_control: { type: 'ephemeral' } },
        ],
      },
    );
    bodies.push({ ...previous, messages });
  }
  return bodies;
}

/** One request of about `bytes`, none of it seen before (a cold start at that size). */
export function coldRequest(model: string, bytes: number, salt: string): Body {
  const body = claudeCodeRequest(model);
  const extra = Math.max(0, bytes - JSON.stringify(body).length);
  const id = `toolu_cold_${salt}`;
  body.messages.push(
    {
      role: 'assistant',
      content: [{ type: 'tool_use', id, name: 'Read', input: { file_path: `/repo/${salt}.log` } }],
    },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: toolOutput(Number(salt.length), extra) }],
    },
  );
  return body;
}
