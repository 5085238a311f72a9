import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');
const config = join(root, '.dependency-cruiser.cjs');

/** A file that imports `targets` (relative specifiers or module names) and exports one value. */
const importing = (...targets: string[]) =>
  `${targets.map((target, i) => `import * as m${i} from '${target}';`).join('\n')}\nexport const used = [${targets.map((_, i) => `m${i}`).join(', ')}];\n`;

const leaf = 'export const value = 1;\n';

/** Imports the layers allow: the checker must find nothing wrong with these. */
const allowed: Record<string, string> = {
  'apps/gateway/src/app.ts': importing('./routes/messages.js', './http/auth.js'),
  'apps/gateway/src/routes/messages.ts': importing('../routing/dispatch.js', '../http/auth.js'),
  'apps/gateway/src/http/auth.ts': importing('../errors/gateway-error.js', '../caller.js'),
  'apps/gateway/src/routing/dispatch.ts': importing(
    '../providers/call-target.js',
    '../targets/route-target.js',
  ),
  'apps/gateway/src/providers/anthropic/api.ts': importing('../transport/provider-api.js'),
  'apps/gateway/src/providers/transport/provider-api.ts': leaf,
  'apps/gateway/src/providers/call-target.ts': importing(
    './anthropic/api.js',
    '../registry/snapshot.js',
    '../errors/gateway-error.js',
    '../../../../packages/translate/src/index.js',
  ),
  'apps/gateway/src/targets/route-target.ts': importing('../registry/snapshot.js'),
  'apps/gateway/src/registry/snapshot.ts': importing('./alias-index.js'),
  'apps/gateway/src/registry/alias-index.ts': leaf,
  'apps/gateway/src/usage/request-tracker.ts': importing('../targets/route-target.js'),
  'apps/gateway/src/errors/gateway-error.ts': leaf,
  'apps/gateway/src/caller.ts': leaf,
  'apps/admin/src/main.tsx': importing('../../../packages/contract/src/index.js'),
  'packages/contract/src/index.ts': leaf,
  'packages/translate/src/index.ts': leaf,
  'packages/db/src/index.ts': importing('node:crypto'),
};

/** One wrong arrow per rule, each in a file of its own, with the rule that must name it. */
const planted: { rule: string; file: string; text: string }[] = [
  {
    rule: 'engine-never-imports-http-or-routes',
    file: 'apps/gateway/src/providers/wrong-http.ts',
    text: importing('../http/auth.js'),
  },
  {
    rule: 'engine-never-imports-http-or-routes',
    file: 'apps/gateway/src/usage/wrong-routes.ts',
    text: importing('../routes/messages.js'),
  },
  {
    rule: 'routing-calls-down-only',
    file: 'apps/gateway/src/providers/wrong-routing.ts',
    text: importing('../routing/dispatch.js'),
  },
  {
    rule: 'registry-below-the-engine',
    file: 'apps/gateway/src/registry/wrong-engine.ts',
    text: importing('../providers/call-target.js'),
  },
  {
    rule: 'engine-reports-usage-up',
    file: 'apps/gateway/src/providers/wrong-usage.ts',
    text: importing('../usage/request-tracker.js'),
  },
  {
    rule: 'provider-kinds-independent',
    file: 'apps/gateway/src/providers/openai/wrong-kind.ts',
    text: importing('../anthropic/api.js'),
  },
  {
    rule: 'errors-are-the-floor',
    file: 'apps/gateway/src/errors/wrong-caller.ts',
    text: importing('../caller.js'),
  },
  {
    rule: 'packages-import-no-app',
    file: 'packages/translate/src/wrong-app.ts',
    text: importing('../../../apps/gateway/src/caller.js'),
  },
  {
    rule: 'translate-is-pure',
    file: 'packages/translate/src/wrong-db.ts',
    text: importing('../../db/src/index.js'),
  },
  {
    rule: 'db-knows-no-http',
    file: 'packages/db/src/wrong-http.ts',
    text: importing('node:http'),
  },
  {
    rule: 'spa-imports-only-contract',
    file: 'apps/admin/src/wrong-translate.tsx',
    text: importing('../../../packages/translate/src/index.js'),
  },
  {
    rule: 'no-cycles',
    file: 'apps/gateway/src/routing/wrong-cycle.ts',
    text: importing('./wrong-cycle-back.js'),
  },
];
const cycleBack: Record<string, string> = {
  'apps/gateway/src/routing/wrong-cycle-back.ts': importing('./wrong-cycle.js'),
};

const trees: string[] = [];
afterAll(() => {
  for (const tree of trees) rmSync(tree, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-deps-'));
  trees.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Violation {
  rule: string;
  from: string;
}

/** Runs the checker exactly as `pnpm lint:deps` does, on a tree laid out like the repository. */
function check(dir: string): Promise<{ exitCode: number; violations: Violation[] }> {
  return new Promise((resolve) => {
    execFile(
      depcruise,
      ['--config', config, 'apps', 'packages'],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? Number((error as { code?: unknown }).code) : 0;
        // One line per violation: `error <rule>: <from> → <to>`.
        const violations = [...`${stdout}${stderr}`.matchAll(/^\s*error (\S+): (\S+) → /gm)].map(
          ([, rule, from]) => ({ rule: rule!, from: from! }),
        );
        resolve({ exitCode, violations });
      },
    );
  });
}

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  it('pass a tree whose imports follow the layers', async () => {
    const result = await check(tree(allowed));
    expect(result.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
  }, 120_000);

  it('fail on each planted wrong import, naming the rule it breaks', async () => {
    const files = { ...allowed, ...cycleBack };
    for (const { file, text } of planted) files[file] = text;
    const result = await check(tree(files));
    expect(result.exitCode).not.toBe(0);
    const found = result.violations.map((violation) => `${violation.rule} ${violation.from}`);
    const cycle = new Set(['apps/gateway/src/routing/wrong-cycle.ts', ...Object.keys(cycleBack)]);
    for (const { rule, file } of planted) {
      // A cycle is reported once, from whichever of its files the checker reached first.
      const blamed = rule === 'no-cycles' ? [...cycle].map((from) => `${rule} ${from}`) : [`${rule} ${file}`];
      expect(found.filter((line) => blamed.includes(line))).toHaveLength(1);
    }
    // Nothing else is blamed: the allowed imports around them stay allowed.
    expect(found).toHaveLength(planted.length);
  }, 120_000);
});
