// Mistakes admins make at the provider's portal that can be caught before Authorize: the
// portal shows a secret's "Secret ID" (a GUID) beside its "Value", and the tenant is often
// pasted as a URL from the address bar or the endpoints page.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Microsoft client secret shaped like a GUID is almost certainly the Secret ID, not its Value. */
export function secretLooksLikeSecretId(secret: string): boolean {
  return GUID.test(secret.trim());
}

export const SECRET_ID_WARNING =
  'This looks like the Secret ID (a GUID). Microsoft needs the secret\'s Value: in Certificates & secrets, copy the "Value" column (shown only right after the secret is created; if it is hidden, create a new secret).';

/**
 * The tenant inside a pasted URL ("https://login.microsoftonline.com/<tenant>/v2.0",
 * "https://portal.azure.com/#@contoso.onmicrosoft.com/..."), or null when the text is not a URL.
 */
export function tenantFromUrl(text: string): string | null {
  const value = text.trim();
  if (!/^https?:\/\//i.test(value)) return null;
  const guid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(value);
  if (guid) return guid[0].toLowerCase();
  const atDomain = /#@([a-z0-9.-]+\.[a-z]{2,})/i.exec(value);
  if (atDomain?.[1]) return atDomain[1].toLowerCase();
  const login = /login\.microsoftonline\.com\/([a-z0-9.-]+\.[a-z]{2,}|organizations|common)(\/|$)/i.exec(value);
  return login?.[1]?.toLowerCase() ?? null;
}
