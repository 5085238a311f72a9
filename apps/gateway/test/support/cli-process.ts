import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** Resolves when stdout contains `text` (or rejects after `timeoutMs`). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

/** Runs the built `aurora` CLI with only the env given (plus PATH), as a user would. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): CliRun {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    waitFor: (text, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (typeof text === 'string' ? stdout.includes(text) : text.test(stdout)) return resolve();
          if (child.exitCode !== null)
            return reject(new Error(`exited ${child.exitCode}: ${stderr || stdout}`));
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`timed out waiting for ${text}: ${stdout}`));
          setTimeout(check, 50);
        };
        check();
      }),
  };
}

/** Waits for `aurora serve`'s listening line and answers the URL it printed, on the loopback address. */
export async function listeningUrl(run: CliRun, timeoutMs?: number): Promise<string> {
  await run.waitFor('aurora gateway listening', timeoutMs);
  return /"url":"(http:\/\/[^"]+)"/.exec(run.output().stdout)![1]!.replace('localhost', '127.0.0.1');
}
