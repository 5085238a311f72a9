import { describe, expect, it } from 'vitest';
import { type PingedStream, schedulePings } from './ping-scheduler.js';

async function until(condition: () => boolean): Promise<void> {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > 20_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('schedulePings', () => {
  it('pings only the streams that stayed silent, and stops pinging one that left', async () => {
    const pings = { silent: 0, busy: 0, left: 0 };
    const stream = (name: keyof typeof pings): PingedStream => ({
      lastWrite: Date.now(),
      ping: () => pings[name]++,
    });
    const busy = stream('busy');
    const stops = [
      schedulePings(300, stream('silent')),
      schedulePings(300, busy),
      schedulePings(300, stream('left')),
    ];
    stops[2]!();
    const keepBusy = setInterval(() => {
      busy.lastWrite = Date.now();
    }, 5);
    try {
      await until(() => pings.silent >= 3);
    } finally {
      clearInterval(keepBusy);
      for (const stop of stops) stop();
    }
    expect(pings.busy).toBe(0);
    expect(pings.left).toBe(0);
  });
});
