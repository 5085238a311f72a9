import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, type TestGateway } from '../support/gateway.js';
import { startHostileGateway } from './hostile-gateway.js';

/**
 * Sends `body` in writes of `pieceBytes`, still writing when the answer may already be out, and gives
 * the answer it read (or the error that kept it from reading one).
 */
function sendInPieces(url: string, body: Buffer, pieceBytes: number, chunked: boolean) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const target = new URL(`${url}/v1/messages`);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          ...authHeaders(),
          'content-type': 'application/json',
          ...(chunked ? {} : { 'content-length': String(body.length) }),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      },
    );
    req.on('error', reject);
    let at = 0;
    const pump = () => {
      while (at < body.length) {
        const piece = body.subarray(at, at + pieceBytes);
        at += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('edges of the HTTP surface', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startHostileGateway({ max_body_bytes: 1024 * 1024 });
  });
  afterAll(() => gw?.stop());

  it.each([
    ['a declared length', false],
    ['a chunked body', true],
  ])('lets a client still sending a too-large body (%s) read its 413', async (_name, chunked) => {
    const answer = await sendInPieces(gw.url, Buffer.alloc(8 * 1024 * 1024, 'a'), 256 * 1024, chunked);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
  });

  it.each([
    ['a declared length', false],
    ['a chunked body', true],
  ])(
    'reads a body (%s) sent in pieces that cut characters in two, to its last field',
    async (_name, chunked) => {
      const text = 'é☃😀'.repeat(20_000);
      const body = Buffer.from(
        JSON.stringify({ model: 'm', messages: [{ role: 'user', content: text }], max_tokens: -1 }),
      );
      // Pieces of 1,001 bytes cut the characters (two, three and four bytes) in two.
      const answer = await sendInPieces(gw.url, body, 1_001, chunked);
      // The last field is the one refused: every byte arrived and decoded.
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { type: 'invalid_request_error' } });
      expect(JSON.parse(answer.body).error.message).toMatch(/^max_tokens/);
    },
  );

  it('answers a broken percent-encoding under /ui/ with 400, not 500', async () => {
    for (const path of ['/ui/%', '/ui/%E0%A4%A', '/ui/assets/%zz.js']) {
      const response = await fetch(`${gw.url}${path}`);
      expect(response.status).toBe(400);
    }
  });

  it('serves /ui/ with a strict Content-Security-Policy and no framing or referrer', async () => {
    for (const path of ['/ui/', '/ui/keys']) {
      const response = await fetch(`${gw.url}${path}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // The policy allows no inline script: the page must have none for the SPA to run under it.
      expect(await response.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });
});
