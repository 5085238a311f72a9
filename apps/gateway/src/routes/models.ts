import { matchesAny } from '@aurora/contract';
import type { ModelAlias } from '@aurora/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import type { RouteDeps } from './route-deps.js';

/** "128k", "1M": how the window reads in Claude Code's model picker. */
function tokensLabel(tokens: number): string {
  if (tokens >= 1_000_000 && tokens % 100_000 === 0) return `${tokens / 1_000_000}M`;
  if (tokens >= 1_000) return `${Math.round(tokens / 1_000)}k`;
  return String(tokens);
}

/** Claude Code's `/model` picker shows this under the alias name (model discovery). */
export function aliasDescription(alias: Pick<ModelAlias, 'provider' | 'model' | 'context_window'>): string {
  const window = alias.context_window ? ` · ${tokensLabel(alias.context_window)} context` : '';
  return `${alias.model} on ${alias.provider}${window}`;
}

/**
 * `GET /v1/models`: the exact aliases the caller may use. Anthropic's list shape when the client sent
 * `anthropic-version` (Claude Code, Anthropic SDKs), OpenAI's otherwise.
 */
export function modelsRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/models', (c) => {
    const caller = c.get('caller');
    const allowed = caller.kind === 'key' ? caller.key.allowed_aliases : null;
    const aliases = deps.registry
      .current()
      .aliases.listed.filter((alias) => !allowed || matchesAny(alias.name, allowed));
    if (c.req.header('anthropic-version')) {
      return c.json({
        data: aliases.map((alias) => ({
          type: 'model',
          id: alias.name,
          display_name: alias.name,
          description: aliasDescription(alias),
          created_at: alias.created_at.toISOString(),
        })),
        has_more: false,
        first_id: aliases[0]?.name ?? null,
        last_id: aliases.at(-1)?.name ?? null,
      });
    }
    return c.json({
      object: 'list',
      data: aliases.map((alias) => ({
        id: alias.name,
        object: 'model',
        created: Math.floor(alias.created_at.getTime() / 1000),
        owned_by: alias.provider,
      })),
    });
  });
  return app;
}
