import type { AuroraConfig } from '../config/schema.js';

/** The URL of `/health` of a gateway started with this configuration, as seen from its own host. */
export function healthUrl(config: Pick<AuroraConfig, 'host' | 'port'>): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/health`;
}

/**
 * `aurora health`: the container HEALTHCHECK. It reads the same configuration as `serve`, so it
 * follows whatever port the operator chose (AURORA_PORT, PORT or aurora.yaml).
 */
export async function checkHealth(config: Pick<AuroraConfig, 'host' | 'port'>): Promise<string | undefined> {
  const url = healthUrl(config);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_500) });
    return response.ok ? undefined : `${url} answered ${response.status}`;
  } catch (error) {
    return `${url} did not answer: ${(error as Error).message}`;
  }
}
