import { apiRequest } from './client';

/** Resolves when `masterKey` is the gateway's master key; rejects with a 401 ApiError otherwise. */
export async function checkMasterKey(masterKey: string): Promise<void> {
  await apiRequest<unknown>('/admin/api/whoami', { token: masterKey });
}
