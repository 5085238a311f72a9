// A minimal OpenAI-compatible upstream that does the least a real one must: it parses each request
// body once. The CPU of that parse is the benchmark's unit, measured in the same run as the gateway.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ParsingUpstream {
  origin: string;
  /** Parse CPU (ms) and request count since the last reset. */
  parse(): { cpuMs: number; requests: number };
  reset(): void;
  close(): Promise<void>;
}

const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'All tests pass.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 14000, completion_tokens: 5, total_tokens: 14005 },
});

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** An answer of `words` text chunks, then the finish and a usage chunk, as OpenAI streams it. */
function streamChunks(words: number): string[] {
  return [
    chunk({ role: 'assistant', content: '' }),
    ...Array.from({ length: words }, (_, i) => chunk({ content: `word${i} ` })),
    chunk({}, 'stop'),
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [], usage: { prompt_tokens: 14000, completion_tokens: words, total_tokens: 14000 + words } })}\n\n`,
    'data: [DONE]\n\n',
  ];
}

/** The chunks one per turn of the event loop, as a model's tokens come, instead of in one write. */
async function trickle(res: ServerResponse, chunks: string[]): Promise<void> {
  for (const each of chunks) {
    res.write(each);
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

/** `trickled()` true: streamed answers are written chunk by chunk, not all at once. */
export async function startParsingUpstream(
  streamWords: () => number,
  trickled: () => boolean = () => false,
): Promise<ParsingUpstream> {
  let cpuMicros = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const bytes = Buffer.concat(parts);
      // Decoding belongs to the parse: it is what any upstream pays to read a JSON body.
      const before = process.cpuUsage();
      const body = JSON.parse(bytes.toString('utf8')) as { stream?: boolean };
      const spent = process.cpuUsage(before);
      cpuMicros += spent.user + spent.system;
      requests++;
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunks = streamChunks(streamWords());
        if (trickled()) void trickle(res, chunks);
        else res.end(chunks.join(''));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(completion);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    parse: () => ({ cpuMs: cpuMicros / 1000, requests }),
    reset: () => {
      cpuMicros = 0;
      requests = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
