// Navigation guard with `electron` mocked: only the app's exact origins may load in its window.
import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from '../../../src-main/electron/app-origins';
import { APP_ORIGIN } from '../../../src-main/electron/app-protocol';
import { hardenWebContents } from '../../../src-main/electron/harden';
import { trustedSender } from '../../../src-main/electron/ipc';

vi.mock('electron', () => ({}));

const DEV = 'http://127.0.0.1:5173';
const LOOK_ALIKES = [
  'app://mailprefs.evil/index.html',
  'app://mailprefsevil/',
  'app://mailprefs.evil.example/',
  `${DEV}@evil.example/`,
  `${DEV}.evil.example/`,
  'http://127.0.0.1:51730/',
  'https://127.0.0.1:5173/',
  'http://evil.example/?app://mailprefs',
  'file:///app://mailprefs/index.html',
  'not a url',
];

function navigator(origins: string[]) {
  const listeners = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
  const contents = {
    on: (name: string, fn: (event: { preventDefault: () => void }, url: string) => void) => listeners.set(name, fn),
    setWindowOpenHandler: () => undefined,
  };
  hardenWebContents(contents as never, isAppUrl(origins));
  return (kind: 'will-navigate' | 'will-redirect', url: string) => {
    const event = { preventDefault: vi.fn() };
    listeners.get(kind)!(event, url);
    return event.preventDefault.mock.calls.length > 0 ? 'blocked' : 'allowed';
  };
}

describe('will-navigate and will-redirect', () => {
  const go = navigator([APP_ORIGIN, DEV]);

  it.each(LOOK_ALIKES)('block the look-alike %s', (url) => {
    expect(go('will-navigate', url)).toBe('blocked');
    expect(go('will-redirect', url)).toBe('blocked');
  });

  it('allow the app and the dev server, any path', () => {
    expect(go('will-navigate', 'app://mailprefs/index.html')).toBe('allowed');
    expect(go('will-navigate', 'app://mailprefs/assets/x.js?y#z')).toBe('allowed');
    expect(go('will-navigate', `${DEV}/src-renderer/index.html`)).toBe('allowed');
  });

  it('without a dev server, block its URL too', () => {
    expect(navigator([APP_ORIGIN])('will-navigate', `${DEV}/`)).toBe('blocked');
  });
});

describe('IPC sender origin', () => {
  it('uses the same exact comparison', () => {
    const check = trustedSender(() => 7, [APP_ORIGIN]);
    const from = (url: string) => check({ url, parent: null } as never, { sender: { id: 7 } } as never);
    expect(from('app://mailprefs/index.html')).toBe(true);
    for (const url of LOOK_ALIKES) expect(from(url)).toBe(false);
  });
});
