/**
 * The real Claude Code CLI (native binary of @anthropic-ai/claude-code-linux-x64) as a test client:
 * found where pnpm installed it, run in `-p` mode with a clean HOME and only the variables given.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

/** The native binary ships only in the platform package; elsewhere the optional dependency is absent. */
export function findClaudeBinary(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    const manifest = createRequire(import.meta.url).resolve(
      '@anthropic-ai/claude-code-linux-x64/package.json',
    );
    const binary = join(dirname(manifest), 'claude');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

export interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Keeps the CLI away from Anthropic's own services and from the developer's machine. */
export const quietClaudeEnv = {
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_BUG_COMMAND: '1',
  CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
  CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
};

/**
 * Runs `command` (the binary itself, or `bash -c …` that ends by running it) with HOME and TMPDIR set to
 * `home` and only `env` besides PATH: inherited variables (a developer's ANTHROPIC_API_KEY, proxies)
 * must not leak in.
 */
export function runClaudeProcess(
  command: string[],
  options: { cwd: string; home: string; env: Record<string, string>; timeoutMs?: number },
): Promise<ClaudeRun> {
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.home,
      TMPDIR: options.home,
      ...quietClaudeEnv,
      ...(process.env.AURORA_CC_DEBUG ? { ANTHROPIC_LOG: 'debug' } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a timeout also ends the shells its Bash tool started.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs ?? 80_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    // A command that cannot start (missing binary or cwd) never closes: report it as a failed run.
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
  });
}

export interface ClientRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
}

/** Sits between Claude Code and the gateway to record what the CLI really sent and what it got back. */
export async function startRecordingProxy(
  target: string,
): Promise<{ url: string; seen: ClientRequest[]; server: Server }> {
  const seen: ClientRequest[] = [];
  const targetUrl = new URL(target);
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const raw = Buffer.concat(parts);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = raw.toString('utf8');
      }
      const entry: ClientRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body };
      seen.push(entry);
      const forward = httpRequest(
        {
          // A fresh connection per request: nothing pooled outlives the proxy's close().
          agent: false,
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: targetUrl.host },
        },
        (answer) => {
          entry.status = answer.statusCode;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => res.destroy(error));
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}
