// Where the well-known providers live. Injected, so the tests can point the Google and Microsoft
// code paths at a real authorization server on 127.0.0.1.
import { GOOGLE, MICROSOFT } from '../../src-shared/oauth';

export interface ProviderEndpoints {
  google: {
    issuer: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    revocationEndpoint: string;
  };
  /** Microsoft's authority; endpoints are {authority}/{tenant}/oauth2/v2.0/{authorize,token}. */
  microsoftAuthority: string;
}

export const PRODUCTION_ENDPOINTS: ProviderEndpoints = {
  google: {
    issuer: GOOGLE.issuer,
    authorizationEndpoint: GOOGLE.authorizationEndpoint,
    tokenEndpoint: GOOGLE.tokenEndpoint,
    revocationEndpoint: GOOGLE.revocationEndpoint,
  },
  microsoftAuthority: MICROSOFT.authority,
};
