// A device-flow provider that answers the token polls from a script: slow_down and
// authorization_pending in a chosen order, then tokens. oidc-provider never sends slow_down, so
// this is the one fault server here (a real provider sends it when a client polls too fast).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SCRIPTED_USER_CODE = 'ABCD-EFGH';
export const SCRIPTED_REFRESH_TOKEN = 'scripted-refresh';

export interface ScriptedDeviceProvider {
  issuer: string;
  /** When each token poll arrived (ms since the epoch). */
  polls: number[];
  close(): Promise<void>;
}

/** Polls get slow_down, then authorization_pending, then tokens (interval 1 s to start with). */
export async function startScriptedDeviceProvider(): Promise<ScriptedDeviceProvider> {
  const polls: number[] = [];
  const answers = [
    { status: 400, body: { error: 'slow_down' } },
    { status: 400, body: { error: 'authorization_pending' } },
    {
      status: 200,
      body: {
        access_token: 'scripted-access-token',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: SCRIPTED_REFRESH_TOKEN,
      },
    },
  ];
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/.well-known/openid-configuration')
      return json(200, {
        issuer: origin,
        authorization_endpoint: `${origin}/auth`,
        token_endpoint: `${origin}/token`,
        device_authorization_endpoint: `${origin}/device/auth`,
      });
    if (req.url === '/device/auth')
      return json(200, {
        device_code: 'scripted-device-code',
        user_code: SCRIPTED_USER_CODE,
        verification_uri: `${origin}/device`,
        expires_in: 120,
        interval: 1,
      });
    if (req.url === '/token') {
      polls.push(Date.now());
      const answer = answers[Math.min(polls.length - 1, answers.length - 1)]!;
      return json(answer.status, answer.body);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    polls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
