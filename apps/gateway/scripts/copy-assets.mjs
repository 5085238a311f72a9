// Puts what the bundle needs at run time next to it: the db migrations and the built admin SPA.
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const copies = [
  [new URL('../../../packages/db/drizzle/', import.meta.url), 'drizzle'],
  [new URL('../../admin/dist/', import.meta.url), 'ui'],
];
for (const [from, to] of copies) {
  const source = fileURLToPath(from);
  if (!existsSync(source)) {
    console.error(
      `copy-assets: ${source} is missing; build it first (pnpm build builds everything in order)`,
    );
    process.exit(1);
  }
  cpSync(source, `${dist}${to}`, { recursive: true });
}
