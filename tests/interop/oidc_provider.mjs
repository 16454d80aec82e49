// A real third-party OpenID provider for the interop tests: panva's oidc-provider 9.x
// (OpenID-certified), configured for pwid-connect's test app and nothing else.
//
//   node tests/interop/oidc_provider.mjs --port 8002 \
//     --app http://127.0.0.1:8000 --app http://localhost:8000 \
//     [--issuer http://127.0.0.1:8002] [--ttl 300] [--redirect-uri URL ...]
//
// Every option can also come from the environment: OIDC_PORT, OIDC_ISSUER, OIDC_APPS
// (space-separated origins), OIDC_TTL (seconds), OIDC_REDIRECT_URIS (space-separated).
// One public client per app origin, whose client_id is the origin (pwid-connect's default):
// response types `id_token` and `code` (PKCE is required for public clients), the app's
// `/callback.html` (popup and silent iframe) and `/tests/pages/flows.html` plus any extra
// exact redirect URIs, the same URIs as post-logout redirects, and CORS for its origin.
// Sign-in and consent are the built-in devInteractions forms (any login and password).
// Prints "oidc-provider ready <issuer>" on stdout once it listens; exits on SIGTERM/SIGINT.

import { parseArgs } from "node:util";
import Provider, { interactionPolicy } from "oidc-provider";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.OIDC_PORT },
    issuer: { type: "string", default: process.env.OIDC_ISSUER },
    app: { type: "string", multiple: true, default: split(process.env.OIDC_APPS) },
    ttl: { type: "string", default: process.env.OIDC_TTL || "300" },
    "redirect-uri": { type: "string", multiple: true, default: split(process.env.OIDC_REDIRECT_URIS) },
  },
});

function split(text) {
  return (text || "").split(/\s+/).filter(Boolean);
}

const port = Number(values.port);
if (!port || values.app.length === 0) {
  console.error("usage: oidc_provider.mjs --port PORT --app ORIGIN [--app ORIGIN ...]");
  process.exit(2);
}
const issuer = values.issuer || `http://127.0.0.1:${port}`;
const ttl = Number(values.ttl);
const apps = values.app.map((origin) => new URL(origin).origin);
const extra = values["redirect-uri"];

// pwid-connect's client_id is the page origin; its redirect URIs are on that origin.
// `native`: implicit (id_token) with an http loopback redirect is refused for `web`
// clients (RUNTIMES.md); production apps on https register as `web`.
const clients = apps.map((origin) => {
  const uris = [
    `${origin}/callback.html`,
    `${origin}/tests/pages/flows.html`,
    ...extra.filter((uri) => new URL(uri).origin === origin),
  ];
  return {
    client_id: origin,
    application_type: "native",
    token_endpoint_auth_method: "none",
    grant_types: ["implicit", "authorization_code"],
    response_types: ["id_token", "code"],
    redirect_uris: uris,
    post_logout_redirect_uris: uris,
    require_auth_time: true,
  };
});

// A few accounts with profile claims; any other login is an account with only `sub`.
const PROFILES = {
  alice: { name: "Alice Liddell", nickname: "alice", picture: "https://example.org/alice.png" },
  bob: { name: "Bob", nickname: "bob" },
};

// The clients are browser apps registered as `native` only for their http loopback URIs.
// oidc-provider asks a native client's user for consent on every request (any local app
// could claim a loopback URI), which would make every silent check interaction_required;
// a `web` client on https has no such check, so drop it to behave like one.
const policy = interactionPolicy.base();
policy.get("consent").checks.remove("native_client_prompt");

const provider = new Provider(issuer, {
  interactions: { policy },
  clients,
  clientBasedCORS(ctx, origin, client) {
    return client.clientId === origin;
  },
  // Only the two claims every test may look at; no email so no PII in fixtures.
  claims: {
    openid: ["sub", "auth_time"],
    profile: ["name", "nickname", "picture"],
  },
  scopes: ["openid", "profile", "offline_access"],
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...(PROFILES[id] || {}) };
      },
    };
  },
  // Fixed keys for this throwaway provider: no warning about generated ones.
  cookies: { keys: ["pwid-connect-interop-tests"] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  ttl: {
    IdToken: ttl,
    AccessToken: ttl,
    AuthorizationCode: Math.min(ttl, 60),
    Session: 3600,
    Grant: 3600,
    Interaction: 600,
  },
});
// Plain http on loopback: cookies without Secure, as oidc-provider does for http issuers.
provider.proxy = false;

const server = provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider ready ${issuer}`);
});

function stop() {
  server.close(() => process.exit(0));
  // Keep-alive connections from the browser would hold close() open: don't wait for them.
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
