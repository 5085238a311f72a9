/** What the gateway needs to know about a managed key to let its holder in. */
export interface AuthKey {
  id: string;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/** Who sent a request, as authentication found out: the master key, or one managed key. */
export type Caller<K extends AuthKey = AuthKey> = { kind: 'master' } | { kind: 'key'; key: K };
