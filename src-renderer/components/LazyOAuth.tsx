// The OAuth parts of the form as lazy components, all from one chunk (OAuthParts.ts). A Standard
// profile never needs them; preloadOAuthParts fetches them once the first screen is up, so an
// OAuth form opens whole (the editor's Suspense boundary in App.tsx waits for them) and at once.
import { lazy } from 'react';

const loadOAuthParts = () => import('./OAuthParts');

export const OAuthAuthFields = lazy(() => loadOAuthParts().then((m) => ({ default: m.OAuthAuthFields })));
export const AuthorizationPanel = lazy(() => loadOAuthParts().then((m) => ({ default: m.AuthorizationPanel })));
export const TokenHealth = lazy(() => loadOAuthParts().then((m) => ({ default: m.TokenHealth })));

/** The OAuth chunk, then the QR encoder it offers for "Sign in with a code". */
export function preloadOAuthParts(): void {
  loadOAuthParts().then(
    (m) => m.preloadQrCode(),
    () => undefined,
  );
}
