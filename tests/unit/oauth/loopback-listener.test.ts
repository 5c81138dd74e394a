// The loopback listener against real sockets: where it binds, what it answers, when it closes.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openLoopbackListener, type LoopbackListener } from '../../../src-main/oauth/loopback-listener';
import { portIsOpen } from '../../support/ports';

const open: LoopbackListener[] = [];
afterEach(async () => Promise.all(open.splice(0).map((l) => l.close())));

async function listener(
  onCallback: Parameters<typeof openLoopbackListener>[0]['onCallback'],
  port: number | null = null,
) {
  const l = await openLoopbackListener({ path: '/oauth/test', port, onCallback });
  open.push(l);
  return l;
}

/** The status line the listener answers a hand-written request with (fetch cannot set Host). */
function rawStatus(port: number, request: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    socket.once('data', (chunk) => {
      resolve(chunk.toString('latin1').split('\r\n')[0]!);
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('loopback listener', () => {
  it('binds 127.0.0.1 only, on an OS-chosen port, and names the redirect URI', async () => {
    const l = await listener(() => 'ignore');
    expect(l.redirectUri).toBe(`http://127.0.0.1:${l.port}/oauth/test`);
    expect(l.port).toBeGreaterThan(1023);
    // Nothing on the other loopback addresses of this machine: it is not bound to 0.0.0.0.
    const reachable = await fetch(`http://127.0.0.2:${l.port}/oauth/test`).then(
      () => true,
      () => false,
    );
    expect(reachable).toBe(false);
  });

  it('answers a request target that is no path with 400, and keeps listening (no exception in main)', async () => {
    const l = await listener(() => 'ignore');
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      for (const target of ['http://[', '*', 'http://127.0.0.1:1/oauth/test?code=x']) {
        expect(await rawStatus(l.port, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request');
      }
      expect(uncaught).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${l.port}/other`)).status).toBe(404); // still listening
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('answers a request naming another host (DNS rebinding) with 421, without deciding a callback', async () => {
    let calls = 0;
    const l = await listener(() => {
      calls++;
      return 'success';
    });
    for (const host of [`rebind.example:${l.port}`, `localhost:${l.port}`, '127.0.0.1', '']) {
      const status = await rawStatus(l.port, `GET /oauth/test?code=x&state=s HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      expect(status, host).toBe('HTTP/1.1 421 Misdirected Request');
    }
    expect(calls).toBe(0);
    // The browser's own request, with the redirect URI's host, is decided.
    const own = await rawStatus(l.port, `GET /oauth/test?code=x&state=s HTTP/1.1\r\nHost: 127.0.0.1:${l.port}\r\n\r\n`);
    expect(own).toBe('HTTP/1.1 303 See Other');
    expect(calls).toBe(1);
  });

  it('reads "//other/oauth/test" as that path, not as /oauth/test', async () => {
    let calls = 0;
    const l = await listener(() => {
      calls++;
      return 'success';
    });
    const status = await rawStatus(
      l.port,
      `GET //other/oauth/test?code=x&state=s HTTP/1.1\r\nHost: 127.0.0.1:${l.port}\r\n\r\n`,
    );
    expect(status).toBe('HTTP/1.1 404 Not Found');
    expect(calls).toBe(0);
  });

  it('answers other paths with 404 and never reflects request input', async () => {
    const l = await listener(() => 'ignore');
    expect((await fetch(`http://127.0.0.1:${l.port}/other`)).status).toBe(404);
    const ignored = await fetch(`${l.redirectUri}?state=<script>alert(1)</script>&code=abc`);
    expect(ignored.status).toBe(400);
    const body = await ignored.text();
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('abc');
    expect(ignored.headers.get('cache-control')).toBe('no-store');
  });

  it('sends the browser to a clean URL after the final callback, then closes', async () => {
    const l = await listener(async () => 'success' as const);
    const response = await fetch(`${l.redirectUri}?code=secret-code&state=s`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/oauth/test/done');
    const done = await fetch(`http://127.0.0.1:${l.port}/oauth/test/done`);
    expect(await done.text()).toContain('Authorization complete');
    await expect.poll(() => portIsOpen(l.port), { timeout: 5000 }).toBe(false);
  });

  it('accepts only one final callback', async () => {
    let calls = 0;
    const l = await listener(() => {
      calls++;
      return 'failure';
    });
    await fetch(`${l.redirectUri}?error=access_denied&state=s`, { redirect: 'manual' });
    const second = await fetch(`${l.redirectUri}?code=x&state=s`, { redirect: 'manual' }).catch(() => null);
    expect(second?.status ?? 404).toBe(404);
    expect(calls).toBe(1);
  });

  it('reports a fixed port that is already taken', async () => {
    const first = await listener(() => 'ignore');
    await expect(
      openLoopbackListener({ path: '/x', port: first.port, onCallback: () => 'ignore' }),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});
