import type { Logger } from 'pino';
import type { AuroraConfig } from '../config/schema.js';
import type { TurnCache } from '../providers/codecs/turn-cache.js';
import type { UpstreamClient } from '../providers/transport/upstream-client.js';
import type { Registry } from '../registry/registry.js';
import type { UsageServices } from '../usage/request-tracker.js';

/** What the model-facing routes need; built once in createApp. */
export interface RouteDeps {
  config: AuroraConfig;
  logger: Logger;
  registry: Registry;
  upstream: UpstreamClient;
  usage: UsageServices;
  /** What the turns of earlier requests became (parsed, translated), for the next of the conversation. */
  turns: TurnCache;
}
