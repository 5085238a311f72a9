import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  contextFiles,
  copyFromContext,
  copyFromStage,
  dockerIgnoreFilter,
  execForm,
  parseDockerfile,
  parseEnv,
  rootedCommand,
} from './support/docker-build.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const compose = parse(read('docker-compose.yml'));
const dockerfile = read('Dockerfile');
const stages = parseDockerfile(dockerfile);
const readme = read('README.md');
const included = dockerIgnoreFilter(read('.dockerignore'));

describe('docker-compose.yml', () => {
  const { lb, gateway, postgres, redis } = compose.services;

  it('puts a load balancer on the only host port, in front of gateway replicas that have none', () => {
    expect(gateway.ports).toBeUndefined();
    expect(gateway.expose).toContain('8080');
    expect(lb.ports).toEqual(['${AURORA_PUBLISH_PORT:-8080}:8080']);
    const [source, target] = (lb.volumes[0] as string).split(':');
    const nginx = read(source!.replace(/^\.\//, ''));
    expect(target).toBe('/etc/nginx/conf.d/default.conf');
    expect(nginx).toMatch(/set \$gateway http:\/\/gateway:8080;/);
    // Re-resolved, so replicas added by --scale are found; unbuffered, so streams flow.
    expect(nginx).toMatch(/resolver 127\.0\.0\.11/);
    expect(nginx).toMatch(/proxy_buffering off;/);
    expect(lb.depends_on.gateway.condition).toBe('service_healthy');
  });

  it('starts gateways once Postgres and Redis are healthy, with their secrets from .env', () => {
    expect(gateway.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(redis.profiles).toBeUndefined();
    const databaseUrl = new URL(gateway.environment.DATABASE_URL.replace(/\$\{[^}]+\}/, 'secret'));
    expect(databaseUrl.hostname).toBe('postgres');
    expect(postgres.environment.POSTGRES_USER).toBe(databaseUrl.username);
    expect(postgres.environment.POSTGRES_DB).toBe(databaseUrl.pathname.slice(1));
    expect(new URL(gateway.environment.REDIS_URL).hostname).toBe('redis');
    const example = read('.env.example');
    for (const name of ['AURORA_MASTER_KEY', 'AURORA_ENCRYPTION_KEY', 'POSTGRES_PASSWORD']) {
      // Required: compose refuses to start without them rather than run with a generated key.
      expect(JSON.stringify(compose)).toContain(`\${${name}:?`);
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    }
    expect(postgres.volumes[0]).toMatch(/^pgdata:/);
    expect(included('.env')).toBe(false);
    expect(readme).toContain('docker compose up -d --scale gateway=3');
  });
});

describe('.dockerignore', () => {
  it('leaves out dependencies, build output and secrets at any depth, and keeps sources', () => {
    for (const path of [
      'node_modules/x',
      'apps/admin/node_modules/y',
      'apps/gateway/dist/cli.js',
      '.git/HEAD',
      '.env',
    ]) {
      expect(included(path), path).toBe(false);
    }
    for (const path of [
      'apps/gateway/src/main.ts',
      'packages/contract/package.json',
      '.env.example',
      'README.md',
    ]) {
      expect(included(path), path).toBe(true);
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const run = (command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) =>
  promisify(execFile)(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 });

describe('Dockerfile', () => {
  it('builds in one stage and runs in another, as a non-root user', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    // The footprint docs/operations.md promises for the image.
    const runtime = stages.find((s) => s.name === 'runtime')!;
    const env = runtime.instructions.filter((i) => i.keyword === 'ENV').map((i) => parseEnv(i.args));
    expect(Object.assign({}, ...env)).toMatchObject({
      MALLOC_ARENA_MAX: '2',
      NODE_OPTIONS: '--max-semi-space-size=8',
    });
  });

  // No Docker engine needed: the build stage is replayed in a scratch folder standing for its root,
  // with exactly the files .dockerignore lets into the context and the same RUN commands, so a
  // file the build needs but no COPY brings in fails here as it would fail `docker build`.
  it("builds from the context's files with the stage's own commands, then starts and passes its HEALTHCHECK", async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'aurora-image-'));
    const roots = { build: join(scratch, 'build'), runtime: join(scratch, 'runtime') };
    const files = contextFiles(root, included);
    const pnpmVersion = (
      JSON.parse(read('package.json')) as { packageManager: string }
    ).packageManager.replace(/^pnpm@/, '');
    // pnpm as the stage installs it, from the machine's copy of the same version.
    const { stdout: pnpmPath } = await run(
      'npx',
      ['-y', '-p', `pnpm@${pnpmVersion}`, '-c', 'command -v pnpm'],
      {
        cwd: scratch,
        env: process.env,
      },
    );
    const env: NodeJS.ProcessEnv = {
      PATH: [dirname(pnpmPath.trim()), dirname(process.execPath), process.env.PATH].join(delimiter),
      HOME: process.env.HOME,
      CI: 'true',
      // The machine's pnpm store first; the registry only for what it lacks.
      npm_config_prefer_offline: 'true',
      TURBO_TELEMETRY_DISABLED: '1',
    };
    try {
      const build = stages.find((s) => s.name === 'build')!;
      let workdir = '/';
      for (const { keyword, args } of build.instructions) {
        if (keyword === 'WORKDIR') {
          workdir = args;
          mkdirSync(join(roots.build, workdir), { recursive: true });
        } else if (keyword === 'ENV') {
          Object.assign(env, parseEnv(args));
        } else if (keyword === 'COPY') {
          copyFromContext(args, files, root, roots.build, workdir);
        } else if (keyword === 'RUN') {
          const globalPnpm = /^npm install -g pnpm@(\S+)$/.exec(args);
          if (globalPnpm) {
            expect(globalPnpm[1]).toBe(pnpmVersion);
            continue;
          }
          await run('sh', ['-c', rootedCommand(args, roots.build)], { cwd: join(roots.build, workdir), env });
        }
      }

      const runtime = stages.find((s) => s.name === 'runtime')!;
      const runtimeEnv: NodeJS.ProcessEnv = { PATH: env.PATH };
      let entrypoint: string[] = [];
      let cmd: string[] = [];
      let healthcheck: string[] = [];
      workdir = '/';
      for (const { keyword, args } of runtime.instructions) {
        if (keyword === 'WORKDIR') {
          workdir = args;
          mkdirSync(join(roots.runtime, workdir), { recursive: true });
        } else if (keyword === 'ENV') Object.assign(runtimeEnv, parseEnv(args));
        else if (keyword === 'COPY') copyFromStage(args, roots, roots.runtime, workdir);
        else if (keyword === 'ENTRYPOINT') entrypoint = execForm(args);
        else if (keyword === 'CMD') cmd = execForm(args);
        else if (keyword === 'HEALTHCHECK') healthcheck = execForm(args.replace(/^.*?\bCMD\s+/, ''));
      }
      // The stage's RUN only prepares /data for the image's user; a scratch folder stands for it.
      runtimeEnv.AURORA_DATA_DIR = join(roots.runtime, 'data');
      mkdirSync(runtimeEnv.AURORA_DATA_DIR, { recursive: true });
      expect(entrypoint[0]).toBe('node');
      expect(healthcheck[0]).toBe('node');
      const port = await freePort();
      const containerEnv = {
        ...runtimeEnv,
        AURORA_HOST: '127.0.0.1',
        PORT: String(port),
        AURORA_MASTER_KEY: 'sk-aurora-image-test-master-key-0123',
      };
      const app = join(roots.runtime, workdir);
      const server = spawn(process.execPath, [...entrypoint.slice(1), ...cmd], {
        cwd: app,
        env: containerEnv,
      });
      let output = '';
      server.stdout.on('data', (chunk) => {
        output += chunk;
      });
      server.stderr.on('data', (chunk) => {
        output += chunk;
      });
      try {
        const started = Date.now();
        while (!output.includes('aurora gateway listening')) {
          if (server.exitCode !== null || Date.now() - started > 60_000)
            throw new Error(`did not start: ${output}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const check = (extra: Record<string, string>) =>
          run(process.execPath, healthcheck.slice(1), { cwd: app, env: { ...containerEnv, ...extra } }).then(
            () => 0,
            (error: { code?: number }) => error.code ?? 1,
          );
        // The check follows the port the gateway was given, and fails when nothing answers there.
        expect(await check({})).toBe(0);
        expect(await check({ PORT: String(await freePort()) })).not.toBe(0);
        const ui = await fetch(`http://127.0.0.1:${port}/ui/`);
        expect(ui.status).toBe(200);
        expect(await ui.text()).toContain('<div id="root">');
      } finally {
        server.kill('SIGTERM');
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 600_000);
});
