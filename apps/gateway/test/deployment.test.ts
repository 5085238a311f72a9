import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'));
const dockerfile = readFileSync(`${root}Dockerfile`, 'utf8');
const readme = readFileSync(`${root}README.md`, 'utf8');

describe('docker-compose.yml', () => {
  it('runs the gateway on port 8080 against the postgres service once it is healthy', () => {
    const gateway = compose.services.gateway;
    expect(gateway.ports).toContain('8080:8080');
    const databaseUrl = new URL(gateway.environment.DATABASE_URL);
    expect(databaseUrl.hostname).toBe('postgres');
    expect(gateway.depends_on.postgres.condition).toBe('service_healthy');
    expect(gateway.environment).toHaveProperty('AURORA_MASTER_KEY');
  });

  it('gives Postgres a volume and a healthcheck, with the credentials the gateway uses', () => {
    const postgres = compose.services.postgres;
    const databaseUrl = new URL(compose.services.gateway.environment.DATABASE_URL);
    expect(postgres.environment.POSTGRES_USER).toBe(databaseUrl.username);
    expect(postgres.environment.POSTGRES_PASSWORD).toBe(databaseUrl.password);
    expect(postgres.environment.POSTGRES_DB).toBe(databaseUrl.pathname.slice(1));
    expect(postgres.volumes[0]).toMatch(/^pgdata:/);
    expect(compose.volumes).toHaveProperty('pgdata');
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('keeps Redis optional, behind the profile the README names', () => {
    expect(compose.services.redis.profiles).toEqual(['redis']);
    expect(compose.services.gateway.environment).toHaveProperty('REDIS_URL');
    expect(readme).toContain('--profile redis');
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs in another, as a non-root user, with a /health check', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/health/);
    expect(dockerfile).toMatch(/EXPOSE 8080/);
  });
});
