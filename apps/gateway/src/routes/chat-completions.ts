import { openAIChatRequestSchema } from '@aurora/translate';
import { Hono } from 'hono';
import { GatewayError } from '../errors/gateway-error.js';
import type { AppEnv } from '../http/app-env.js';
import { readJsonBody } from '../http/json-body.js';
import { serveModelRequest } from './model-request.js';
import type { RouteDeps } from './route-deps.js';

/** `POST /v1/chat/completions`: the OpenAI ingress, with the same keys and aliases as `/v1/messages`. */
export function chatCompletionsRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/chat/completions', async (c) => {
    if (!deps.config.enable_openai_ingress) {
      throw new GatewayError(
        'not_found_error',
        'The OpenAI Chat Completions ingress is turned off on this gateway (enable_openai_ingress: false)',
      );
    }
    const body = await readJsonBody(c, openAIChatRequestSchema);
    return serveModelRequest(c, deps, { protocol: 'openai', body });
  });
  return app;
}
