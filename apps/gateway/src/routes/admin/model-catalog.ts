import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ModelCatalog, mergeCatalogs, modelCatalogSchema, shippedCatalog } from '@aurora/contract';
import { GatewayError } from '../../errors/gateway-error.js';
import { describeZodError } from '../../http/json-body.js';
import type { AdminDeps } from './deps.js';
import { DocumentedRouter, ok } from './documented-router.js';

/** An operator's additions and corrections to the shipped catalog (same shape as models.json). */
export const CATALOG_OVERRIDE_FILE = 'model-catalog.json';

/**
 * The shipped catalog merged with `data_dir/model-catalog.json` when there is one. Read on each call:
 * the file is small, and an edit takes effect without a restart.
 */
export function modelCatalog(dataDir: string): ModelCatalog {
  const path = join(dataDir, CATALOG_OVERRIDE_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return shippedCatalog;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GatewayError('api_error', `${path} is not valid JSON: fix or remove it`);
  }
  const override = modelCatalogSchema.safeParse(json);
  if (!override.success) {
    throw new GatewayError('api_error', `${path}: ${describeZodError(override.error).message}`);
  }
  return mergeCatalogs(shippedCatalog, override.data);
}

export function modelCatalogRoutes({ config }: AdminDeps): DocumentedRouter {
  return new DocumentedRouter().route(
    {
      method: 'get',
      path: '/',
      summary: 'Known models: limits, prices and capabilities (shipped, plus data_dir/model-catalog.json)',
      response: ok(modelCatalogSchema),
    },
    (c) => c.json(modelCatalog(config.data_dir)),
  );
}
