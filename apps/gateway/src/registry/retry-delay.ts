/**
 * How long to wait before the next try after `failures` failures in a row: doubling from `baseMs`,
 * never longer than `capMs`, so a database that comes back is noticed within `capMs`.
 */
export function retryDelayMs(failures: number, baseMs: number, capMs: number): number {
  if (failures <= 0) return capMs;
  return Math.min(capMs, baseMs * 2 ** Math.min(failures - 1, 30));
}
