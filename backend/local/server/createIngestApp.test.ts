import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestRuntime,
  TEST_ORIGIN,
  TEST_WRITE_KEY,
  type TestRuntime,
  trackEvent,
} from '../startTestRuntime';

let t: TestRuntime;

beforeAll(async () => {
  t = await startTestRuntime({ lake: false });
});
afterAll(async () => {
  await t?.dispose();
});

/** A raw POST, so a header can be sent twice (`fetch` would join them itself). */
function post(
  headers: Record<string, string | string[]>,
  body: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${t.runtime.url}/v1/batch?writeKey=${TEST_WRITE_KEY}`,
      { method: 'POST', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const batch = (id: string) => JSON.stringify({ batch: [trackEvent(id)] });

describe('the ingest HTTP adapter', () => {
  it('answers an accepted batch with JSON and the CORS headers of the allowed origin', async () => {
    const res = await post({ 'content-type': 'text/plain', origin: TEST_ORIGIN }, batch('h-1'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, accepted: 1, rejected: [] });
    expect(res.headers).toMatchObject({
      'content-type': 'application/json',
      'access-control-allow-origin': TEST_ORIGIN,
      'access-control-expose-headers': 'Retry-After',
      vary: 'Origin',
    });
  });

  it('joins a repeated header as Fetch does, so a doubled Content-Type is refused with 415', async () => {
    const res = await post(
      { 'content-type': ['text/plain', 'application/json'], origin: TEST_ORIGIN },
      batch('h-2'),
    );
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error.message).toContain('text/plain, application/json');
  });

  it('refuses a doubled Origin, which no browser sends, as not allowed', async () => {
    const res = await post(
      { 'content-type': 'text/plain', origin: [TEST_ORIGIN, TEST_ORIGIN] },
      batch('h-3'),
    );
    expect(res.status).toBe(403);
  });
});
