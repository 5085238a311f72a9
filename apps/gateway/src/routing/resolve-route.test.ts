import type { ApiKey, ModelAlias, Provider } from '@aurora/db';
import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../errors/gateway-error.js';
import { buildSnapshot } from '../registry/snapshot.js';
import { createSecretBox, deriveEncryptionKey } from '../secrets/secret-box.js';
import { resolveRoute } from './resolve-route.js';

const secrets = createSecretBox(deriveEncryptionKey(undefined, 'sk-aurora-master-for-tests'));
const when = new Date('2026-01-01T00:00:00Z');

function provider(name: string, extra: Partial<Provider> = {}): Provider {
  return {
    id: `id-${name}`,
    name,
    kind: 'openai',
    base_url: `https://${name}.example/v1/`,
    api_key_encrypted: secrets.seal(`secret-${name}`),
    headers: {},
    quirks: {},
    preset: null,
    allow_direct: false,
    enabled: true,
    from_config: false,
    created_at: when,
    updated_at: when,
    ...extra,
  };
}

function alias(
  name: string,
  providerName: string,
  model: string,
  extra: Partial<ModelAlias> = {},
): ModelAlias {
  return {
    id: `alias-${name}`,
    name,
    provider_id: `id-${providerName}`,
    provider: providerName,
    model,
    fallbacks: [],
    max_output_tokens: null,
    context_window: null,
    reasoning: false,
    supports_tools: true,
    params: {},
    input_price_per_mtok: null,
    output_price_per_mtok: null,
    cached_input_price_per_mtok: null,
    auto_mode_judge: null,
    enabled: true,
    from_config: false,
    created_at: when,
    updated_at: when,
    ...extra,
  };
}

function key(allowed: string[] | null): ApiKey {
  return {
    id: 'key-1',
    name: 'ci',
    key_hash: 'h',
    prefix: 'sk-aurora-abc',
    created_at: when,
    last_used_at: null,
    expires_at: null,
    revoked_at: null,
    allowed_aliases: allowed,
    rpm_limit: null,
    tpm_limit: null,
    budget_tokens: null,
    budget_usd: null,
    auto_mode_judge: null,
  };
}

const snapshot = buildSnapshot(
  {
    providers: [
      provider('deepseek'),
      provider('openrouter', { allow_direct: true }),
      provider('off', { enabled: false }),
    ],
    aliases: [
      alias('my-alias', 'deepseek', 'deepseek-chat', {
        fallbacks: [
          { provider: 'off', model: 'x' },
          { provider: 'openrouter', model: 'deepseek/deepseek-chat' },
        ],
      }),
      alias('claude-haiku-*', 'deepseek', 'deepseek-chat'),
      alias('claude-*', 'openrouter', 'anthropic/claude-sonnet'),
      alias('paused', 'deepseek', 'deepseek-chat', { enabled: false }),
    ],
    keys: [],
  },
  secrets,
  () => {},
);
const master = { kind: 'master' } as const;

function refusal(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a refusal');
}

describe('resolveRoute', () => {
  it('routes an alias to its target, then its enabled fallbacks in order, with secrets decrypted', () => {
    const route = resolveRoute(snapshot, 'my-alias', master);
    expect(route.targets.map((t) => [t.provider.name, t.model])).toEqual([
      ['deepseek', 'deepseek-chat'],
      ['openrouter', 'deepseek/deepseek-chat'],
    ]);
    expect(route.targets[0]!.provider.apiKey).toBe('secret-deepseek');
    expect(route.targets[0]!.provider.baseUrl).toBe('https://deepseek.example/v1');
  });

  it('catches the Claude ids that sub-agents send with glob aliases, old and new', () => {
    // Older 2.1.x builds, then 2.1.332's own ids (default, /model haiku, auto mode's classifier).
    for (const id of ['claude-haiku-4-5-20251001', 'claude-haiku-5-5']) {
      expect(resolveRoute(snapshot, id, master).alias?.name).toBe('claude-haiku-*');
    }
    for (const id of [
      'claude-opus-4-8',
      'claude-opus-5-5',
      'claude-sonnet-5-5',
      'claude-sonnet-5',
      'claude-fable-5-2',
    ]) {
      expect(resolveRoute(snapshot, id, master).alias?.name).toBe('claude-*');
    }
  });

  it('addresses a provider model directly only where the provider allows it', () => {
    const route = resolveRoute(snapshot, 'openrouter/qwen/qwen3-coder', master);
    expect(route.alias).toBeUndefined();
    expect(route.targets[0]!.model).toBe('qwen/qwen3-coder');
    expect(refusal(() => resolveRoute(snapshot, 'deepseek/deepseek-chat', master)).type).toBe(
      'invalid_request_error',
    );
  });

  it('refuses an unknown model with a 400 that names it and lists the usable aliases', () => {
    const error = refusal(() => resolveRoute(snapshot, 'gpt-5', master));
    expect(error.status).toBe(400);
    expect(error.message).toContain('Unknown model "gpt-5"');
    expect(error.message).toContain('my-alias, claude-haiku-*, claude-*');
    expect(error.message).not.toContain('paused');
    expect(error.message).toContain('Models page');
  });

  it('says that a disabled alias is disabled', () => {
    expect(refusal(() => resolveRoute(snapshot, 'paused', master)).message).toContain('"paused" is disabled');
  });

  it('refuses an alias outside a key allow-list with 403, and lists only allowed aliases in a 400', () => {
    const caller = { kind: 'key', key: key(['claude-*']) } as const;
    expect(resolveRoute(snapshot, 'claude-opus-4-8', caller).alias?.name).toBe('claude-*');
    const forbidden = refusal(() => resolveRoute(snapshot, 'my-alias', caller));
    expect(forbidden.status).toBe(403);
    expect(forbidden.type).toBe('permission_error');
    const unknown = refusal(() => resolveRoute(snapshot, 'gpt-5', caller));
    expect(unknown.status).toBe(400);
    expect(unknown.message).toContain('Aliases you can use: claude-haiku-*, claude-*.');
  });
});
