const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--expires 30d` (m, h, d, w) or an ISO date, as an ISO timestamp. */
export function expiryFrom(value: string, now = Date.now()): string {
  const relative = /^(\d+)([mhdw])$/.exec(value.trim());
  if (relative) return new Date(now + Number(relative[1]) * units[relative[2]!]!).toISOString();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new Error(
      `--expires: "${value}" is neither a duration like 30d, 12h, 2w nor a date like 2027-01-31`,
    );
  }
  return date.toISOString();
}
