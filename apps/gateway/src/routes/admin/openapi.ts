import {
  adminErrorSchema,
  aliasBodySchema,
  aliasPatchSchema,
  aliasSchema,
  apiKeySchema,
  createdApiKeySchema,
  keyBodySchema,
  keyPatchSchema,
  listEnvelopeSchema,
  logsQuerySchema,
  modelCatalogSchema,
  pageQuerySchema,
  providerBodySchema,
  providerPatchSchema,
  providerPresetSchema,
  providerSchema,
  providerTestResultSchema,
  requestLogDetailSchema,
  requestLogSchema,
  usageQuerySchema,
  usageRowSchema,
  whoamiSchema,
} from '@aurora/contract';
import { z } from 'zod';

type Method = 'get' | 'post' | 'patch' | 'delete';

/** One admin route as documented; `path` is relative to `/admin/api`, in OpenAPI's `{param}` form. */
export interface AdminOperation {
  method: Method;
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** 204 when absent. */
  response?: { status: 200 | 201; schema: z.ZodType };
}

const ok = (schema: z.ZodType) => ({ status: 200 as const, schema });
const created = (schema: z.ZodType) => ({ status: 201 as const, schema });

/** Every route `adminRoutes` serves; a test keeps the two in step. */
export const adminOperations: AdminOperation[] = [
  {
    method: 'get',
    path: '/providers',
    summary: 'List providers',
    query: pageQuerySchema,
    response: ok(listEnvelopeSchema(providerSchema)),
  },
  {
    method: 'post',
    path: '/providers',
    summary: 'Create a provider',
    body: providerBodySchema,
    response: created(providerSchema),
  },
  { method: 'get', path: '/providers/{id}', summary: 'Get a provider', response: ok(providerSchema) },
  {
    method: 'patch',
    path: '/providers/{id}',
    summary: 'Change a provider',
    body: providerPatchSchema,
    response: ok(providerSchema),
  },
  { method: 'delete', path: '/providers/{id}', summary: 'Delete a provider no alias uses' },
  {
    method: 'post',
    path: '/providers/{id}/test',
    summary: "List the upstream's models, or say why not",
    response: ok(providerTestResultSchema),
  },
  {
    method: 'get',
    path: '/aliases',
    summary: 'List model aliases',
    query: pageQuerySchema,
    response: ok(listEnvelopeSchema(aliasSchema)),
  },
  {
    method: 'post',
    path: '/aliases',
    summary: 'Create a model alias',
    body: aliasBodySchema,
    response: created(aliasSchema),
  },
  { method: 'get', path: '/aliases/{id}', summary: 'Get a model alias', response: ok(aliasSchema) },
  {
    method: 'patch',
    path: '/aliases/{id}',
    summary: 'Change a model alias',
    body: aliasPatchSchema,
    response: ok(aliasSchema),
  },
  { method: 'delete', path: '/aliases/{id}', summary: 'Delete a model alias' },
  {
    method: 'get',
    path: '/keys',
    summary: "List API keys with this month's spend",
    query: pageQuerySchema,
    response: ok(listEnvelopeSchema(apiKeySchema)),
  },
  {
    method: 'post',
    path: '/keys',
    summary: 'Create an API key; the answer holds the full key, once',
    body: keyBodySchema,
    response: created(createdApiKeySchema),
  },
  { method: 'get', path: '/keys/{id}', summary: 'Get an API key', response: ok(apiKeySchema) },
  {
    method: 'patch',
    path: '/keys/{id}',
    summary: 'Change an API key',
    body: keyPatchSchema,
    response: ok(apiKeySchema),
  },
  { method: 'delete', path: '/keys/{id}', summary: 'Revoke an API key', response: ok(apiKeySchema) },
  {
    method: 'get',
    path: '/usage',
    summary: 'Usage by key, alias, day or hour',
    query: usageQuerySchema,
    response: ok(listEnvelopeSchema(usageRowSchema)),
  },
  {
    method: 'get',
    path: '/logs',
    summary: 'Request logs, newest first',
    query: logsQuerySchema,
    response: ok(listEnvelopeSchema(requestLogSchema)),
  },
  {
    method: 'get',
    path: '/logs/{id}',
    summary: 'One request with everything stored about it',
    response: ok(requestLogDetailSchema),
  },
  {
    method: 'get',
    path: '/whoami',
    summary: 'Answers 200 to the master key: the login check',
    response: ok(whoamiSchema),
  },
  {
    method: 'get',
    path: '/provider-presets',
    summary: 'Known providers and their quirks',
    response: ok(listEnvelopeSchema(providerPresetSchema)),
  },
  {
    method: 'get',
    path: '/model-catalog',
    summary: 'Known models: limits, prices and capabilities (shipped, plus data_dir/model-catalog.json)',
    response: ok(modelCatalogSchema),
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    response: ok(z.looseObject({ openapi: z.string() })),
  },
];

// Bodies and queries are documented as clients write them, answers as the gateway produces them.
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function queryParameters(query: z.ZodObject) {
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operationObject(operation: AdminOperation) {
  const parameters = [
    ...(operation.path.includes('{id}')
      ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }]
      : []),
    ...(operation.query ? queryParameters(operation.query) : []),
  ];
  const success = operation.response
    ? {
        [operation.response.status]: {
          description: operation.response.status === 201 ? 'Created' : 'OK',
          content: { 'application/json': { schema: jsonSchema(operation.response.schema, 'output') } },
        },
      }
    : { 204: { description: 'Done; no body' } };
  return {
    summary: operation.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(operation.body, 'input') } },
          },
        }
      : {}),
    responses: {
      ...success,
      400: errorResponse('Invalid request; `field` names the first bad field'),
      401: errorResponse('Not the master key'),
      ...(operation.path.includes('{id}') ? { 404: errorResponse('No such object') } : {}),
      ...(operation.method === 'post' || operation.method === 'patch' || operation.method === 'delete'
        ? {
            409: errorResponse('Conflicts with existing data (a taken name, aliases still using a provider)'),
          }
        : {}),
    },
  };
}

/** An OpenAPI 3.1 document of the admin API, generated from the contract's zod schemas. */
export function adminOpenApiDocument(basePath: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of adminOperations) {
    const path = `${basePath}${operation.path}`;
    paths[path] = { ...paths[path], [operation.method]: operationObject(operation) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Aurora Gateway admin API',
      version: '1',
      description:
        'Manage providers, model aliases and API keys; read usage and request logs. Master key only.',
    },
    security: [{ masterKey: [] }],
    components: {
      securitySchemes: {
        masterKey: { type: 'http', scheme: 'bearer', description: 'The gateway master key' },
      },
      schemas: { Error: jsonSchema(adminErrorSchema, 'output') },
    },
    paths,
  };
}
