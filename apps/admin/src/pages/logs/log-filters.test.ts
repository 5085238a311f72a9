import { describe, expect, it } from 'vitest';
import { emptyLogFilters, filtersFromSearch, LOG_PAGE_SIZE, logQuery, statusTone } from './log-filters';

describe('log filters', () => {
  it('sends only the filters that are set', () => {
    expect(logQuery(emptyLogFilters, undefined)).toEqual({
      limit: LOG_PAGE_SIZE,
      cursor: undefined,
      key_id: undefined,
      alias: undefined,
      session_id: undefined,
      request_id: undefined,
      status: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('turns local date-times into ISO instants and passes the cursor', () => {
    const query = logQuery(
      { ...emptyLogFilters, alias: ' my-alias ', status: '4xx', from: '2026-03-01T08:30' },
      'c2',
    );
    expect(query).toMatchObject({ alias: 'my-alias', status: '4xx', cursor: 'c2' });
    expect(query.from).toBe(new Date('2026-03-01T08:30').toISOString());
  });

  it('reads the filters a link sets in the query string', () => {
    expect(filtersFromSearch('?key_id=k1&session_id=s1&other=x')).toEqual({
      ...emptyLogFilters,
      key_id: 'k1',
      session_id: 's1',
    });
    expect(logQuery(filtersFromSearch('?request_id=req_9'), undefined).request_id).toBe('req_9');
  });

  it('sends an exact status as a number and a class as its name', () => {
    expect(logQuery({ ...emptyLogFilters, status: '429' }, undefined).status).toBe(429);
    expect(logQuery({ ...emptyLogFilters, status: '5xx' }, undefined).status).toBe('5xx');
  });

  it('colours statuses by class', () => {
    expect([statusTone(200), statusTone(429), statusTone(502)]).toEqual(['success', 'warning', 'danger']);
  });
});
