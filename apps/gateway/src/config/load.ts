import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { StartupError } from '../startup-error.js';
import { type AuroraConfig, configSchema, scalarConfigKeys } from './schema.js';
import { substituteEnv } from './substitute.js';

/** A configuration problem that stops start-up; the message says what to fix, in one line. */
export class ConfigError extends StartupError {
  override name = 'ConfigError';
}

/** Bare env names hosting platforms set; `AURORA_<KEY>` wins over them. */
const bareEnvNames: Partial<Record<keyof AuroraConfig, string>> = {
  port: 'PORT',
  host: 'HOST',
  database_url: 'DATABASE_URL',
  redis_url: 'REDIS_URL',
};

function envOverrides(env: NodeJS.ProcessEnv): {
  values: Record<string, string>;
  sources: Record<string, string>;
} {
  const values: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const key of scalarConfigKeys) {
    const prefixed = `AURORA_${key.toUpperCase()}`;
    const bare = bareEnvNames[key];
    const name = env[prefixed] ? prefixed : bare && env[bare] ? bare : undefined;
    if (name) {
      values[key] = env[name] as string;
      sources[key] = name;
    }
  }
  return { values, sources };
}

function readConfigFile(path: string, explicit: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return {};
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `config file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path} must be a mapping of keys (port, providers, ...)`);
  }
  return parsed as Record<string, unknown>;
}

// Values never echoed in a message: the rejected value of a secret is still someone's secret.
const SECRET_KEY = /key|secret|password|token|url|headers/i;

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
  const key = issue.path.map(String).join('.') || '(root)';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length ? `${key}.` : '';
    return `unknown key ${issue.keys.map((k) => `"${prefix}${k}"`).join(', ')}`;
  }
  let value: unknown = input;
  for (const segment of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[segment];
  const secret = issue.path.some((segment) => typeof segment === 'string' && SECRET_KEY.test(segment));
  const shown = value === undefined || secret ? '' : ` (got ${JSON.stringify(value)})`;
  return `${key}: ${issue.message}${shown}`;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Reads `aurora.yaml` (path from `AURORA_CONFIG`; optional unless that is set), substitutes `${VAR}`,
 * applies env overrides (env over file over defaults) and validates. Throws ConfigError naming the
 * key, the value's problem and where it came from.
 */
export function loadConfig({ env = process.env, cwd = process.cwd() }: LoadConfigOptions = {}): AuroraConfig {
  const explicit = Boolean(env.AURORA_CONFIG);
  const path = resolve(cwd, env.AURORA_CONFIG ?? 'aurora.yaml');
  const fromFile = substituteEnv(readConfigFile(path, explicit), env) as Record<string, unknown>;
  const { values, sources } = envOverrides(env);
  const merged = { ...fromFile, ...values };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const topKey = String(issue.path[0] ?? '');
    const origin = sources[topKey] ? `environment variable ${sources[topKey]}` : path;
    throw new ConfigError(`invalid configuration in ${origin}: ${describeIssue(issue, merged)}`);
  }
  const config = result.data;
  config.data_dir = resolve(cwd, config.data_dir);
  return config;
}
