import type { Database } from '@aurora/db';
import type { AuroraConfig } from '../../config/schema.js';
import type { UpstreamClient } from '../../providers/transport/upstream-client.js';
import type { Registry } from '../../registry/registry.js';
import type { SecretBox } from '../../secrets/secret-box.js';

/** What the admin API needs from the app: the database for writes, the registry to announce them. */
export interface AdminDeps {
  config: AuroraConfig;
  database: Database;
  registry: Registry;
  secrets: SecretBox;
  masterKey: string;
  /** For "test connection": the same transport as model calls. */
  upstream: UpstreamClient;
}
