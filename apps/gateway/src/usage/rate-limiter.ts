import type { KeySpend } from '@aurora/db';
import { budgetRefusal, type KeyBudget, monthStartOf } from './spend-tracker.js';

/** What a key may use: requests and tokens per minute, tokens or dollars per calendar month. */
export interface KeyLimits extends KeyBudget {
  rpm_limit: number | null;
  tpm_limit: number | null;
}

/** Tokens and dollars: the most a request may use when admitted (its reservation), or what it used. */
export interface TokenCost {
  tokens: number;
  usd: number;
}

export type Refusal =
  | { limit: 'rpm' | 'tpm'; retryAfterSeconds: number }
  | { limit: 'budget'; message: string }
  /** The shared counters cannot be reached and `redis_failure_mode` is fail-closed. */
  | { limit: 'unavailable'; message: string };

/** Settles an admitted request's reservation with what it really used (0 when it failed early). */
export interface Reservation {
  settle(used: TokenCost): void;
}

export type LimitDecision = { ok: true; reservation: Reservation } | ({ ok: false } & Refusal);

export interface Admission {
  key: KeyLimits;
  /** The request's upper bound, reserved against the minute and the month until it settles. */
  estimate: TokenCost;
  /** The key's spend this month as the request logs know it. */
  spent: KeySpend;
  now?: number;
}

/**
 * Rate limits and budgets per key. Admission reserves the request's estimate against the minute's
 * tokens and the month's budget in the same step that checks them, so concurrent requests cannot all
 * see room that only one of them fits in: the most a key overshoots is one request's estimate.
 */
export interface RateLimiter {
  admit(admission: Admission): Promise<LimitDecision>;
  close(): Promise<void>;
}

export const WINDOW_MS = 60_000;
export const windowOf = (now: number) => Math.floor(now / WINDOW_MS);
export const secondsLeft = (now: number) =>
  Math.max(1, Math.ceil(((windowOf(now) + 1) * WINDOW_MS - now) / 1000));

export const hasLimits = (key: KeyLimits) =>
  key.rpm_limit !== null || key.tpm_limit !== null || key.budget_tokens !== null || key.budget_usd !== null;

export const nothingReserved: Reservation = { settle() {} };

/** An admission's decision whose reservation settles once: a second settle (a retry's) changes nothing. */
export function admitted(settle: (used: TokenCost) => void): LimitDecision {
  let settled = false;
  return {
    ok: true,
    reservation: {
      settle(used) {
        if (settled) return;
        settled = true;
        settle(used);
      },
    },
  };
}

/**
 * Counts in this process only: exact for one instance; with several, each admits against its own
 * minute, and budgets add up only as the request logs are re-read (see SpendTracker).
 */
export function createMemoryRateLimiter(): RateLimiter {
  const windows = new Map<string, { window: number; requests: number; tokens: number }>();
  // Reservations not settled yet, by key, for the month they were made in.
  const inFlight = new Map<string, { month: number; tokens: number; usd: number }>();
  const current = (keyId: string, now: number) => {
    const window = windowOf(now);
    let entry = windows.get(keyId);
    if (!entry || entry.window !== window) {
      entry = { window, requests: 0, tokens: 0 };
      windows.set(keyId, entry);
    }
    return entry;
  };
  const reservedOf = (keyId: string, month: number) => {
    let entry = inFlight.get(keyId);
    if (!entry || entry.month !== month) {
      entry = { month, tokens: 0, usd: 0 };
      inFlight.set(keyId, entry);
    }
    return entry;
  };
  return {
    async admit({ key, estimate, spent, now = Date.now() }) {
      if (!hasLimits(key)) return { ok: true, reservation: nothingReserved };
      const month = monthStartOf(now);
      const reserved = reservedOf(key.id, month);
      const budget = budgetRefusal(
        key,
        { spend_tokens: spent.spend_tokens + reserved.tokens, spend_usd: spent.spend_usd + reserved.usd },
        new Date(now),
      );
      if (budget) return { ok: false, limit: 'budget', message: budget };
      const entry = current(key.id, now);
      if (key.tpm_limit !== null && entry.tokens >= key.tpm_limit) {
        return { ok: false, retryAfterSeconds: secondsLeft(now), limit: 'tpm' };
      }
      if (key.rpm_limit !== null && entry.requests >= key.rpm_limit) {
        return { ok: false, retryAfterSeconds: secondsLeft(now), limit: 'rpm' };
      }
      entry.requests += 1;
      entry.tokens += estimate.tokens;
      reserved.tokens += estimate.tokens;
      reserved.usd += estimate.usd;
      return admitted((used) => {
        // Spent tokens reach `spent` through the SpendTracker; here only the reservation goes.
        if (entry === windows.get(key.id)) entry.tokens += used.tokens - estimate.tokens;
        if (reserved === inFlight.get(key.id)) {
          reserved.tokens -= estimate.tokens;
          reserved.usd -= estimate.usd;
        }
      });
    },
    async close() {
      windows.clear();
      inFlight.clear();
    },
  };
}
