import { type Database, type KeySpend, monthlySpendByKey, monthUtc } from '@aurora/db';
import type { Logger } from 'pino';

export interface KeyBudget {
  id: string;
  budget_tokens: number | null;
  budget_usd: number | null;
}

/** The first millisecond of the UTC calendar month `now` is in. */
export const monthStartOf = (now: number) => monthUtc(new Date(now)).from.getTime();

/** Why a key with this spend is refused, or undefined when its budget has room. */
export function budgetRefusal(key: KeyBudget, spend: KeySpend, now: Date): string | undefined {
  const resets = monthUtc(now).to.toISOString().slice(0, 10);
  if (key.budget_tokens !== null && spend.spend_tokens >= key.budget_tokens) {
    return `This API key has used its monthly budget of ${key.budget_tokens} tokens (${spend.spend_tokens} used); it resets on ${resets}`;
  }
  if (key.budget_usd !== null && spend.spend_usd >= key.budget_usd) {
    return `This API key has used its monthly budget of $${key.budget_usd.toFixed(2)} ($${spend.spend_usd.toFixed(4)} spent); it resets on ${resets}`;
  }
  return undefined;
}

/**
 * Each key's spend this month, held in memory so that a budget check never waits on the database:
 * loaded at start, refreshed from the request logs every `refreshMs` (other instances' spend arrives
 * that way), and bumped locally as answers complete. The rate limiter checks budgets against it
 * (without Redis), or starts the month's shared counter from it (with Redis).
 */
export interface SpendTracker {
  add(keyId: string, spend: KeySpend): void;
  /** This month's spend; zero in a month the last refresh did not see. */
  spendOf(keyId: string, now?: Date): KeySpend;
  refresh(): Promise<void>;
  stop(): void;
}

const none: KeySpend = { spend_tokens: 0, spend_usd: 0 };

export interface SpendTrackerOptions {
  refreshMs?: number;
  /** Writes queued request logs first, so that a reload neither loses nor double-counts local spend. */
  beforeRefresh(): Promise<void>;
  /** Spend of rows not in the database (still queued, or quarantined), added to what it reports. */
  unwritten(monthStart: Date): Map<string, KeySpend>;
}

export async function createSpendTracker(
  database: Database,
  logger: Logger,
  { refreshMs = 30_000, beforeRefresh, unwritten }: SpendTrackerOptions,
): Promise<SpendTracker> {
  let spends = new Map<string, KeySpend>();
  let month = monthUtc(new Date()).from.getTime();

  const refresh = async () => {
    await beforeRefresh();
    const now = new Date();
    const stored = await monthlySpendByKey(database.db, { now });
    const { from } = monthUtc(now);
    for (const [keyId, late] of unwritten(from)) {
      const base = stored.get(keyId) ?? none;
      stored.set(keyId, {
        spend_tokens: base.spend_tokens + late.spend_tokens,
        spend_usd: base.spend_usd + late.spend_usd,
      });
    }
    spends = stored;
    month = from.getTime();
  };
  await refresh();
  const timer = setInterval(() => {
    refresh().catch((error) => logger.warn({ err: error }, 'spend refresh failed'));
  }, refreshMs);
  timer.unref();

  return {
    add(keyId, spend) {
      const base = spends.get(keyId) ?? none;
      spends.set(keyId, {
        spend_tokens: base.spend_tokens + spend.spend_tokens,
        spend_usd: base.spend_usd + spend.spend_usd,
      });
    },
    // A new month starts from zero even before the next refresh.
    spendOf: (keyId, now = new Date()) =>
      monthUtc(now).from.getTime() === month ? (spends.get(keyId) ?? none) : none,
    refresh,
    stop: () => clearInterval(timer),
  };
}
