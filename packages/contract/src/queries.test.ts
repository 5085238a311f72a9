import { describe, expect, it } from 'vitest';
import { logsQuerySchema } from './logs.js';
import { usageQuerySchema } from './usage.js';

describe('query schemas', () => {
  it('reads the usage query from query-string text, grouping by day by default', () => {
    expect(usageQuerySchema.parse({ from: '2025-01-01', to: '2025-02-01T00:00:00Z' })).toEqual({
      from: '2025-01-01',
      to: '2025-02-01T00:00:00Z',
      group_by: 'day',
    });
    expect(usageQuerySchema.safeParse({ group_by: 'model' }).error?.issues[0]?.path).toEqual(['group_by']);
  });

  it('refuses a range that ends before it starts, pointing at from', () => {
    const result = usageQuerySchema.safeParse({ from: '2025-02-01', to: '2025-01-01' });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['from'],
      message: 'from must be earlier than to',
    });
  });

  it('takes a status class as well as an exact status', () => {
    expect(logsQuerySchema.parse({ status: '4xx' })).toEqual({ status: '4xx' });
    expect(logsQuerySchema.parse({ status: '5xx' })).toEqual({ status: '5xx' });
  });

  it('coerces numeric log filters and bounds the page size', () => {
    expect(logsQuerySchema.parse({ limit: '20', status: '429' })).toEqual({ limit: 20, status: 429 });
    expect(logsQuerySchema.safeParse({ limit: '0' }).error?.issues[0]?.path).toEqual(['limit']);
    expect(logsQuerySchema.safeParse({ limit: '501' }).error?.issues[0]?.path).toEqual(['limit']);
    expect(logsQuerySchema.safeParse({ status: '6xx' }).error?.issues[0]?.path).toEqual(['status']);
    expect(logsQuerySchema.safeParse({ status: '99' }).error?.issues[0]?.path).toEqual(['status']);
    expect(logsQuerySchema.safeParse({ key_id: 'nope' }).error?.issues[0]?.path).toEqual(['key_id']);
  });
});
