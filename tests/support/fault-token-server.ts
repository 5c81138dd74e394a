// An authorization server that answers its token endpoint with exactly the error a real provider
// sends (Microsoft's AADSTS JSON, Google's errors): faults oidc-provider cannot be made to produce.
// It publishes OIDC discovery, so a Generic OAuth profile finds it like any issuer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultTokenServer {
  issuer: string;
  /** The next token-endpoint answers: HTTP status and JSON body. */
  answer: (status: number, body: Record<string, unknown>) => void;
  /** Holds the next token-endpoint answer until `release`; `reached` resolves when a request arrives. */
  hold(): { reached: Promise<void>; release: () => void };
  close(): Promise<void>;
}

export async function startFaultTokenServer(): Promise<FaultTokenServer> {
  let reply: { status: number; body: Record<string, unknown> } = { status: 400, body: { error: 'invalid_request' } };
  let held: { arrived: () => void; gate: Promise<void> } | undefined;
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: origin,
        authorization_endpoint: `${origin}/authorize`,
        token_endpoint: `${origin}/token`,
        jwks_uri: `${origin}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.url === '/token' && req.method === 'POST') {
      req.resume();
      const hold = held;
      held = undefined;
      hold?.arrived();
      // The answer is the one set when it goes out (a test sets it while the request is held).
      req.on('end', () => void (hold?.gate ?? Promise.resolve()).then(() => send(reply.status, reply.body)));
      return;
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    answer: (status, body) => void (reply = { status, body }),
    hold: () => {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      held = { arrived, gate: new Promise<void>((resolve) => (release = resolve)) };
      return { reached, release };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
