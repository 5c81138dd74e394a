// One local HTTPS server standing in for every host discovery asks: a request for
// https://autoconfig.contoso.com/mail/… arrives as /autoconfig.contoso.com/mail/… (see route),
// and is answered from a table. Served with the test certificate, trusted only by the fetcher
// the test builds (createHttpsFetcher({ ca })), never by turning verification off.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHttpsFetcher, type Fetcher } from '../../src-main/discovery/https-get';
import { selfSignedCertificate } from './tls';

export interface Reply {
  status?: number;
  type?: string;
  body: string | Buffer;
  /** Wait this long before answering (a slow or hanging server). */
  delayMs?: number;
}

export interface TestWebServer {
  /** Requests seen: "host/path?query". */
  requests: string[];
  /** Production URL → the local server, the same path under /<host>. */
  route: (url: URL) => URL;
  /** A fetcher that trusts the test certificate. */
  fetch: Fetcher;
  close(): Promise<void>;
}

/** replies: "host/path" (no query) → reply; everything else 404. */
export async function startWebServer(replies: Record<string, Reply>): Promise<TestWebServer> {
  const { key, cert } = selfSignedCertificate();
  const requests: string[] = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    const target = (req.url ?? '/').slice(1);
    requests.push(target);
    const reply = replies[target.split('?')[0] ?? ''];
    if (!reply) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const answer = () => {
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { 'content-type': reply.type ?? 'application/xml' }).end(reply.body);
    };
    if (reply.delayMs) setTimeout(answer, reply.delayMs).unref();
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    route: (url) => new URL(`https://127.0.0.1:${port}/${url.host}${url.pathname}${url.search}`),
    fetch: createHttpsFetcher({ ca: cert }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function autoconfigXml(servers: {
  smtp?: { host: string; port: number; socketType: string };
  imap?: { host: string; port: number; socketType: string };
  username?: string;
}): string {
  const block = (tag: string, type: string, s: { host: string; port: number; socketType: string }) => `
    <${tag} type="${type}">
      <hostname>${s.host}</hostname>
      <port>${s.port}</port>
      <socketType>${s.socketType}</socketType>
      <authentication>password-cleartext</authentication>
      <username>${servers.username ?? '%EMAILADDRESS%'}</username>
    </${tag}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example">
    <domain>example</domain>
    <displayName>Example Mail</displayName>${servers.imap ? block('incomingServer', 'imap', servers.imap) : ''}${
      servers.smtp ? block('outgoingServer', 'smtp', servers.smtp) : ''
    }
  </emailProvider>
</clientConfig>
`;
}

export function tenantMetadata(tenantId: string): Reply {
  return {
    type: 'application/json',
    body: JSON.stringify({
      issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
      token_endpoint: `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`,
    }),
  };
}
