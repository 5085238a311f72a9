import { adminErrorSchema } from '@aurora/contract';
import { z } from 'zod';
import type { AdminOperation } from './documented-router.js';

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
export function adminOpenApiDocument(basePath: string, operations: readonly AdminOperation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
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
