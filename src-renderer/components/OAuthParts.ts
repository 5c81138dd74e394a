// The OAuth form's own chunk: what only an OAuth profile shows (its account fields, Authorize
// with its waiting states, the token health). Loaded through LazyOAuth.tsx, never imported
// directly by the first screen.
import './oauth.css';
export { AuthorizationPanel } from './AuthorizationPanel';
export { preloadQrCode } from './DeviceCodeWaiting';
export { OAuthAuthFields } from './OAuthAuthFields';
export { TokenHealth } from './TokenHealth';
