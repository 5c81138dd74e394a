// Microsoft's tenant metadata: login.microsoftonline.com/<domain>/v2.0/.well-known/openid-configuration
// answers for any domain verified in an Entra ID tenant, with the tenant id in its issuer.

const ISSUER =
  /^https:\/\/login\.microsoftonline\.com\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/v2\.0$/;

/** The tenant id from an openid-configuration document, or null if it is not one of Microsoft's. */
export function tenantFromMetadata(body: string): string | null {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const issuer = (doc as Record<string, unknown>)['issuer'];
  if (typeof issuer !== 'string') return null;
  return ISSUER.exec(issuer)?.[1] ?? null;
}
