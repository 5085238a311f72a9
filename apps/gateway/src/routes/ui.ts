import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { Hono } from 'hono';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

interface StaticFile {
  body: Uint8Array;
  type: string;
  etag: string;
  immutable: boolean;
}

/** The built SPA is small: hold it in memory so serving never touches the disk. */
function loadDirectory(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const path = relative(root, full).split(sep).join('/');
      const body = readFileSync(full);
      files.set(path, {
        body,
        type: contentTypes[extname(name)] ?? 'application/octet-stream',
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
        // Vite puts content-hashed files under assets/: safe to cache forever.
        immutable: path.startsWith('assets/'),
      });
    }
  };
  walk(root);
  return files;
}

// The SPA holds the master key in sessionStorage: no script but its own bundle, no framing, no
// referrer. The built index.html has no inline script or style; the favicon is a data: URL.
const uiHeaders: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/** The path under /ui/, or undefined when its percent-encoding is broken (`/ui/%`). */
function uiPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path.slice('/ui/'.length));
  } catch {
    return undefined;
  }
}

export function uiRoutes(uiDir: string | undefined): Hono {
  const app = new Hono();
  app.get('/', (c) => c.redirect('/ui/', 302));
  app.get('/ui', (c) => c.redirect('/ui/', 301));
  app.use('/ui/*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(uiHeaders)) c.res.headers.set(name, value);
  });

  const files = uiDir && existsSync(join(uiDir, 'index.html')) ? loadDirectory(uiDir) : undefined;
  if (!files) {
    app.get('/ui/*', (c) =>
      c.text(
        'The admin UI is not built. Run `pnpm build` (or `pnpm start`, which builds it) and restart.',
        503,
      ),
    );
    return app;
  }
  const index = files.get('index.html')!;

  app.get('/ui/*', (c) => {
    const path = uiPath(c.req.path);
    if (path === undefined) return c.text('Bad request: malformed percent-encoding in the path', 400);
    const asset = files.get(path);
    // Unknown paths are client-side routes, except missing hashed assets, which must 404.
    if (!asset && path.startsWith('assets/')) return c.text('Not found', 404);
    const file = asset ?? index;
    const headers: Record<string, string> = {
      'content-type': file.type,
      etag: file.etag,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, headers);
  });
  return app;
}
