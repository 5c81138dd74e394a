// RFC 8252 loopback redirect listener: 127.0.0.1 only, one path, one flow. It answers the browser
// with a fixed page (nothing from the request is reflected) after a 303 to a clean URL, so the
// authorization code does not stay in the address bar or the browser's history.
import type { AddressInfo } from 'node:net';
import { LOOPBACK_HOST } from '../../src-shared/oauth';

/** What the flow decided about one callback. */
export type CallbackVerdict = 'success' | 'failure' | 'ignore';

export interface LoopbackListener {
  readonly redirectUri: string;
  readonly port: number;
  /** Closes the port now, or, once the browser was sent to the done page, right after serving it. */
  close(): Promise<void>;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  '<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32em;color:#1d2430}h1{font-size:20px}</style>' +
  `</head><body><h1>${title}</h1><p>${text}</p></body></html>`;

const PAGES = {
  success: PAGE(
    'Authorization complete',
    'Mail Preferences has the authorization. You can close this tab and return to the app.',
  ),
  failure: PAGE('Authorization did not complete', 'Return to Mail Preferences to see what happened and what to do.'),
  ignore: PAGE(
    'Unexpected sign-in response',
    'This response does not belong to the authorization Mail Preferences is waiting for. Return to the app and try again.',
  ),
};

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
};

/** Waits after the final page so the browser can load it before the port closes. */
const CLOSE_GRACE_MS = 2_000;

export async function openLoopbackListener(options: {
  path: string;
  port: number | null;
  /** Decides a callback; the browser waits for it, so its page tells the real outcome. */
  onCallback: (url: URL) => CallbackVerdict | Promise<CallbackVerdict>;
}): Promise<LoopbackListener> {
  const donePath = `${options.path}/done`;
  let closeTimer: NodeJS.Timeout | undefined;
  let finished: CallbackVerdict | undefined;
  let busy = false;
  /** The Host header of a request to the redirect URI: known once the port is. */
  let expectedHost = '';

  // Loaded with the first authorization, not at start.
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    // Any local program can connect: a request target that is no path ("http://[", "*") is
    // answered 400. new URL threw inside the handler, an uncaught exception in main. The target
    // is appended, not resolved against a base: "//other/path" would resolve to the path "/path".
    const target = req.url ?? '';
    // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- only parses the request path; no request is made.
    const url = target.startsWith('/') ? URL.parse(`http://${LOOPBACK_HOST}${target}`) : null;
    if (!url) return void res.writeHead(400, HEADERS).end();
    // The browser names the host of the redirect URI. Any other name is a page that had a DNS
    // name of its own point at 127.0.0.1 (DNS rebinding): it gets nothing from this listener.
    if (req.headers.host?.toLowerCase() !== expectedHost) return void res.writeHead(421, HEADERS).end();
    if (req.method !== 'GET') return void res.writeHead(405, HEADERS).end();
    if (url.pathname === donePath && finished) {
      res.writeHead(200, HEADERS).end(PAGES[finished === 'success' ? 'success' : 'failure']);
      return scheduleClose(0);
    }
    if (url.pathname !== options.path || finished || busy) return void res.writeHead(404, HEADERS).end();
    busy = true;
    void Promise.resolve(options.onCallback(url))
      .catch((): CallbackVerdict => 'failure')
      .then((verdict) => {
        busy = false;
        if (verdict === 'ignore') return void res.writeHead(400, HEADERS).end(PAGES.ignore);
        finished = verdict;
        // Redirect to a URL without the code, then close once that page is served (or soon anyway).
        res.writeHead(303, { ...HEADERS, location: donePath }).end();
        scheduleClose(CLOSE_GRACE_MS);
      });
  });

  function scheduleClose(delay: number) {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => void close(), delay);
  }

  let closing: Promise<void> | undefined;
  let closed!: () => void;
  const whenClosed = new Promise<void>((resolve) => (closed = resolve));
  function close(): Promise<void> {
    clearTimeout(closeTimer);
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(closed);
    return closing;
  }

  /** After a final verdict the browser still needs the done page: let the grace timer close it. */
  function closeWhenDone(): Promise<void> {
    // A callback being decided (busy) will end on the done page too.
    if ((finished || busy) && !closing) {
      closeTimer ??= setTimeout(() => void close(), CLOSE_GRACE_MS * 2);
      return whenClosed;
    }
    return close();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    throw Object.assign(new Error(`loopback listener: ${error.code ?? error.message}`), { code: error.code });
  });
  const { port } = server.address() as AddressInfo;
  expectedHost = `${LOOPBACK_HOST}:${port}`;
  return {
    port,
    // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- RFC 8252 §7.3: loopback redirects are http on 127.0.0.1; nothing leaves the machine.
    redirectUri: `http://${LOOPBACK_HOST}:${port}${options.path}`,
    close: closeWhenDone,
  };
}
