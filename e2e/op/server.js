// A fake Logto for end-to-end tests: an OpenID provider built on `oidc-provider` 9.x and
// configured the way Logto (packages/core/src/oidc/init.ts) configures it, with plain,
// JavaScript-free HTML sign-in screens standing in for Logto's sign-in experience.
//
// Run: `node server.js`. Once listening it prints exactly one line to stdout:
//   OP_READY http://127.0.0.1:<port>
// Everything else (oidc-provider notices, logs) goes to stderr.
//
// Environment (all optional):
//   OP_PORT                      port on 127.0.0.1; 0 (default) picks a free port.
//   OP_CLIENT_ID                 client id of the app (default `e2e-app`).
//   OP_CLIENT_SECRET             its secret (default `e2e-secret`); client_secret_basic (post also accepted).
//   OP_REDIRECT_URI              registered redirect URI(s), comma-separated
//                                (default `http://127.0.0.1:3000/callback`).
//   OP_POST_LOGOUT_REDIRECT_URI  registered post sign-out redirect URI(s), comma-separated
//                                (default `http://127.0.0.1:3000/`).
//   OP_SIGNING_ALG               `ES384` (default, EC P-384 key) or `RS256` (RSA 2048 key).
//   OP_ACCESS_TOKEN_TTL          access token lifetime in seconds (default 3600).
//   OP_ID_TOKEN_TTL              ID token lifetime in seconds (default 3600, like Logto).
//   OP_REFRESH_TOKEN_TTL         refresh token lifetime in seconds (default 14 days, like Logto).
//   OP_STATE_DIR                 directory for test-visible files (otp-<identifier>.txt,
//                                auth-requests.jsonl, events.jsonl); default: a new temp dir
//                                (its path is logged to stderr).
//   OP_ROTATE_REFRESH_TOKEN      `always` (default: every refresh rotates, a reused refresh token
//                                gets invalid_grant and revokes the grant) or `logto` (oidc-provider's
//                                and Logto's default policy: a confidential client's refresh token is
//                                rotated only after 70% of its lifetime).
//   OP_PKCE_REQUIRED             `1` (default: every authorization request needs S256 PKCE) or `0`
//                                (Logto's policy: PKCE optional for client_secret_basic clients,
//                                verified when sent).
//   OP_OTP_CODE                  fixed one-time code to use instead of random 6-digit codes.
//   OP_LOGOUT_AUTOSUBMIT         `1`: the sign-out page also auto-submits with a script, like Logto.
//                                Default `0`: the user (test) clicks `#logout-confirm`.
//   OP_BACKCHANNEL_LOGOUT_URI    the app's back-channel logout URI (default: the origin of the first
//                                redirect URI + `/backchannel-logout`); `none` registers none.
//   OP_BACKCHANNEL_SESSION_REQUIRED  `1` (default): logout tokens (and ID tokens) carry `sid`;
//                                `0`: they carry `sub` only.
//   OP_ACCOUNT_CENTER            `on` (default): a stand-in for Logto's Account Center, with email,
//                                phone, username and password set to Edit (see "Account Center"
//                                below); `off`: its settings say it is off, as a fresh Logto's do.
//
// See README.md beside this file for the screens' element ids and the /test/* endpoints.

// oidc-provider prints notices with console.info (stdout); stdout is reserved for OP_READY.
console.info = (...args) => console.error(...args);
console.log = (...args) => console.error(...args);

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

import Provider, { errors } from 'oidc-provider';

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

const env = process.env;
const list = (value) => value.split(',').map((s) => s.trim()).filter(Boolean);
const posInt = (name, fallback) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
};

const config = {
  port: env.OP_PORT === undefined || env.OP_PORT === '' ? 0 : Number(env.OP_PORT),
  clientId: env.OP_CLIENT_ID || 'e2e-app',
  clientSecret: env.OP_CLIENT_SECRET || 'e2e-secret',
  redirectUris: list(env.OP_REDIRECT_URI || 'http://127.0.0.1:3000/callback'),
  postLogoutRedirectUris: list(env.OP_POST_LOGOUT_REDIRECT_URI || 'http://127.0.0.1:3000/'),
  signingAlg: (env.OP_SIGNING_ALG || 'ES384').toUpperCase(),
  accessTokenTtl: posInt('OP_ACCESS_TOKEN_TTL', 3600),
  idTokenTtl: posInt('OP_ID_TOKEN_TTL', 3600),
  refreshTokenTtl: posInt('OP_REFRESH_TOKEN_TTL', 14 * 24 * 3600),
  rotateRefreshToken: (env.OP_ROTATE_REFRESH_TOKEN || 'always').toLowerCase(),
  pkceRequired: (env.OP_PKCE_REQUIRED ?? '1') !== '0',
  fixedOtp: env.OP_OTP_CODE || undefined,
  logoutAutoSubmit: env.OP_LOGOUT_AUTOSUBMIT === '1',
  stateDir: env.OP_STATE_DIR || undefined,
  backchannelLogoutUri: env.OP_BACKCHANNEL_LOGOUT_URI || undefined, // default set below
  backchannelSessionRequired: (env.OP_BACKCHANNEL_SESSION_REQUIRED ?? '1') !== '0',
};

if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
  throw new Error('OP_PORT must be an integer between 0 and 65535');
}
if (!['ES384', 'RS256'].includes(config.signingAlg)) {
  throw new Error('OP_SIGNING_ALG must be ES384 or RS256');
}
if (!['always', 'logto'].includes(config.rotateRefreshToken)) {
  throw new Error('OP_ROTATE_REFRESH_TOKEN must be `always` or `logto`');
}
if (config.fixedOtp && !/^\d{6}$/.test(config.fixedOtp)) {
  throw new Error('OP_OTP_CODE must be 6 digits');
}
if (config.backchannelLogoutUri === undefined) {
  config.backchannelLogoutUri = `${new URL(config.redirectUris[0]).origin}/backchannel-logout`;
} else if (config.backchannelLogoutUri === 'none') {
  config.backchannelLogoutUri = undefined;
} else {
  new URL(config.backchannelLogoutUri); // throws on a malformed URI
}

if (config.stateDir) {
  fs.mkdirSync(config.stateDir, { recursive: true });
} else {
  config.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logto-op-'));
}
console.error(`[op] state dir: ${config.stateDir}`);

// ---------------------------------------------------------------------------------------------
// Logto's vocabulary
// ---------------------------------------------------------------------------------------------

// Logto's userClaims (packages/toolkit/core-kit/src/openid.ts): scope -> claims.
const PROFILE_CLAIMS = [
  'name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
  'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at', 'username',
  'created_at',
];
const SCOPE_CLAIMS = {
  profile: PROFILE_CLAIMS,
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  custom_data: ['custom_data'],
  identities: ['identities', 'sso_identities'],
  roles: ['roles'],
  'urn:logto:scope:organizations': ['organizations', 'organization_data'],
  'urn:logto:scope:organization_roles': ['organization_roles'],
};
// Claims Logto puts in userinfo only (its ID-token "extended claims" toggles are off by default).
const USERINFO_ONLY_CLAIMS = new Set(['custom_data', 'identities', 'sso_identities', 'organization_data']);

// Logto's ExtraParamsKey (packages/schemas/src/consts/oidc.ts).
const LOGTO_PARAMS = [
  'interaction_mode', 'first_screen', 'direct_sign_in', 'organization_id', 'login_hint',
  'ui_locales', 'identifier', 'one_time_token', 'google_one_tap_credential', 'theme',
];
const FIRST_SCREENS = new Set([
  'sign_in', 'register', 'reset_password', 'identifier:sign_in', 'identifier:register',
  'single_sign_on', 'signIn', // `signIn`: deprecated spelling Logto still accepts
]);
const INTERACTION_MODES = new Set(['signIn', 'signUp']);

/**
 * Logto parses its own parameters with one zod object (`extraParamsObjectGuard`) inside a
 * `trySafe`: if any of them does not parse, it uses `{}`, i.e. every one of them is dropped.
 * `first_screen` and `interaction_mode` are enums; the others must be strings.
 */
function parseLogtoParams(params) {
  const out = {};
  for (const key of LOGTO_PARAMS) {
    const value = params[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return { valid: false, params: {} };
    out[key] = value;
  }
  if (out.first_screen !== undefined && !FIRST_SCREENS.has(out.first_screen)) {
    return { valid: false, params: {} };
  }
  if (out.interaction_mode !== undefined && !INTERACTION_MODES.has(out.interaction_mode)) {
    return { valid: false, params: {} };
  }
  return { valid: true, params: out };
}

// Logto's experience routes for each first screen.
const FIRST_SCREEN_ROUTES = {
  sign_in: '/sign-in',
  signIn: '/sign-in',
  register: '/register',
  reset_password: '/forgot-password',
  'identifier:sign_in': '/identifier-sign-in',
  'identifier:register': '/identifier-register',
  single_sign_on: '/single-sign-on',
};

/** Like Logto's buildLoginPromptUrl: the experience URL for a `login` prompt. */
function buildLoginPromptUrl(lp, appId) {
  const search = new URLSearchParams();
  if (appId) search.append('app_id', appId);
  if (lp.organization_id) search.append('organization_id', lp.organization_id);
  if (lp.ui_locales) search.append('ui_locales', lp.ui_locales);

  const key = lp.first_screen ?? lp.interaction_mode ?? 'sign_in';
  const firstScreen = key === 'signUp' ? '/register' : FIRST_SCREEN_ROUTES[key] ?? '/sign-in';

  for (const k of ['one_time_token', 'login_hint', 'identifier']) {
    if (lp[k]) search.append(k, lp[k]);
  }

  const qs = () => (search.size > 0 ? `?${search}` : '');
  if (lp.direct_sign_in) {
    search.append('fallback', firstScreen);
    const [method = '', target = ''] = lp.direct_sign_in.split(':');
    const parts = ['direct', method, target].filter(Boolean).map(encodeURIComponent);
    return `/${parts.join('/')}${qs()}`;
  }
  return firstScreen + qs();
}

// ---------------------------------------------------------------------------------------------
// Test-visible state: files in OP_STATE_DIR and in-memory copies for /test/*
// ---------------------------------------------------------------------------------------------

const authRequests = [];
const events = [];
const otps = new Map(); // normalized identifier -> code (latest)

function appendJsonl(file, record) {
  fs.appendFileSync(path.join(config.stateDir, file), `${JSON.stringify(record)}\n`);
}

function recordEvent(event) {
  const record = { time: new Date().toISOString(), ...event };
  events.push(record);
  appendJsonl('events.jsonl', record);
}

function recordAuthRequest(record) {
  authRequests.push(record);
  appendJsonl('auth-requests.jsonl', record);
}

// ---------------------------------------------------------------------------------------------
// Users (in memory)
// ---------------------------------------------------------------------------------------------

const EMAIL_RE = /^[^\s@/\\]+@[^\s@/\\]+\.[^\s@/\\]+$/;
const PHONE_RE = /^\+?[\d\s().-]+$/;

/** Classify and normalize an identifier typed by the user: lower-case email, digits-only phone. */
function classifyIdentifier(raw) {
  const value = String(raw ?? '').trim();
  if (EMAIL_RE.test(value)) return { kind: 'email', value: value.toLowerCase() };
  if (PHONE_RE.test(value)) {
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 6 && digits.length <= 15) return { kind: 'phone', value: digits };
  }
  return undefined;
}

const startedAt = Date.now();
const users = new Map();

function newUserId() {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id;
  do {
    id = Array.from(crypto.randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
  } while (users.has(id));
  return id;
}

function addUser(fields) {
  const user = {
    id: fields.id ?? newUserId(),
    username: null,
    name: null,
    avatar: null,
    primaryEmail: null,
    primaryPhone: null,
    customData: {},
    identities: {},
    roles: [],
    createdAt: Date.now(),
    updatedAt: Date.now(),
    ...fields,
  };
  users.set(user.id, user);
  return user;
}

const HF_USER_ID = 'hf-user-1';

function seedUsers() {
  const created = startedAt - 24 * 3600 * 1000;
  addUser({
    id: 'testuser0001',
    username: 'testuser',
    name: 'Test User',
    primaryEmail: 'test.user@example.com',
    primaryPhone: '15555550123',
    roles: ['admin'],
    createdAt: created,
    updatedAt: created,
  });
  addUser({
    id: 'phoneuser001',
    username: 'phoneuser',
    primaryPhone: '15555550199',
    createdAt: created,
    updatedAt: created,
  });
  addUser({
    id: HF_USER_ID,
    username: 'hfuser',
    name: 'Hugging Face User',
    avatar: '{BASE}/static/hf-avatar.svg',
    identities: {
      huggingface: {
        userId: 'hf-123',
        details: {
          id: 'hf-123',
          name: 'Hugging Face User',
          username: 'hfuser',
          email: null,
          avatar: '{BASE}/static/hf-avatar.svg',
          rawData: {},
        },
      },
    },
    createdAt: created,
    updatedAt: created,
  });
}
seedUsers();

function findUserByIdentifier({ kind, value }) {
  for (const user of users.values()) {
    if (kind === 'email' && user.primaryEmail?.toLowerCase() === value) return user;
    if (kind === 'phone' && user.primaryPhone === value) return user;
  }
  return undefined;
}

let baseUrl; // http://127.0.0.1:<port>, set once listening
const withBase = (value) => JSON.parse(JSON.stringify(value).replaceAll('{BASE}', baseUrl));

/** Logto's claim values for a user (scope.ts: getUserClaimsData), filtered for `use`. */
function userClaims(user, use, scope) {
  const scopes = new Set(String(scope ?? '').split(' '));
  const claims = { sub: user.id };
  const u = withBase(user);
  const values = {
    name: u.name,
    picture: u.avatar,
    username: u.username,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    email: u.primaryEmail,
    email_verified: Boolean(u.primaryEmail),
    phone_number: u.primaryPhone,
    phone_number_verified: Boolean(u.primaryPhone),
    custom_data: u.customData,
    identities: u.identities,
    sso_identities: [],
    roles: u.roles,
    organizations: [],
    organization_data: [],
    organization_roles: [],
  };
  for (const [s, names] of Object.entries(SCOPE_CLAIMS)) {
    if (!scopes.has(s)) continue;
    for (const name of names) {
      if (use !== 'userinfo' && USERINFO_ONLY_CLAIMS.has(name)) continue;
      // Profile claims Logto keeps in `user.profile` (family_name, ...) are undefined here,
      // and undefined claims are left out, as in Logto.
      if (values[name] !== undefined) claims[name] = values[name];
    }
  }
  return claims;
}

// ---------------------------------------------------------------------------------------------
// Storage: an in-memory oidc-provider adapter without a size limit (oidc-provider's own
// development adapter is an LRU of 1000 entries, which a long browser test suite can outgrow).
// Shared by every Provider instance this process builds (see /test/rotate-keys).
// ---------------------------------------------------------------------------------------------

const store = new Map(); // key -> { value, expiresAt (ms) | undefined }
const grantMembers = new Map(); // grantId -> Set of keys

function storeGet(key) {
  const entry = store.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
    store.delete(key);
    return undefined;
  }
  return entry.value;
}

function storeSet(key, value, expiresIn) {
  const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined;
  store.set(key, { value, expiresAt });
}

setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of store) {
    if (entry.expiresAt !== undefined && entry.expiresAt <= now) store.delete(key);
  }
  for (const [grantId, keys] of grantMembers) {
    for (const key of keys) if (!store.has(key)) keys.delete(key);
    if (keys.size === 0) grantMembers.delete(grantId);
  }
}, 60_000).unref();

class TestAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    storeSet(key, payload, expiresIn);
    if (this.model === 'Session' && payload.uid) storeSet(`sessionUid:${payload.uid}`, id, expiresIn);
    if (payload.userCode) storeSet(`userCode:${payload.userCode}`, id, expiresIn);
    if (payload.grantId) {
      if (!grantMembers.has(payload.grantId)) grantMembers.set(payload.grantId, new Set());
      grantMembers.get(payload.grantId).add(key);
    }
  }

  async find(id) {
    return storeGet(this.key(id));
  }

  async findByUid(uid) {
    const id = storeGet(`sessionUid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode) {
    const id = storeGet(`userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const payload = storeGet(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of grantMembers.get(grantId) ?? []) store.delete(key);
    grantMembers.delete(grantId);
  }
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

function generateSigningKey(alg) {
  const { privateKey } = alg === 'RS256'
    ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    : crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const jwk = privateKey.export({ format: 'jwk' });
  const thumbprintInput = jwk.kty === 'RSA'
    ? { e: jwk.e, kty: 'RSA', n: jwk.n }
    : { crv: jwk.crv, kty: 'EC', x: jwk.x, y: jwk.y };
  const kid = crypto.createHash('sha256').update(JSON.stringify(thumbprintInput)).digest('base64url');
  return { ...jwk, kid, alg, use: 'sig' };
}

// Current signing key first; previous keys stay published (like Logto after a rotation).
let signingKeys = [generateSigningKey(config.signingAlg)];
let currentAlg = config.signingAlg;
const cookieKeys = [crypto.randomBytes(32).toString('base64url')];

// ---------------------------------------------------------------------------------------------
// Provider
// ---------------------------------------------------------------------------------------------

// Logto's oidc error phrases (packages/phrases/src/locales/en/errors/oidc.ts).
const ERROR_MESSAGES = {
  aborted: 'The end-user aborted interaction.',
  invalid_scope: 'Invalid scope: {{error_description}}.',
  invalid_token: 'Invalid token provided.',
  invalid_client_metadata: 'Invalid client metadata provided.',
  invalid_request: 'Request is invalid.',
  invalid_grant: 'Grant request is invalid.',
  invalid_issuer: 'Invalid issuer.',
  invalid_redirect_uri: "`redirect_uri` did not match any of the client's registered `redirect_uris`.",
  access_denied: 'Access denied.',
  invalid_target: 'Invalid resource indicator.',
  unsupported_grant_type: 'Unsupported `grant_type` requested.',
  unsupported_response_mode: 'Unsupported `response_mode` requested.',
  unsupported_response_type: 'Unsupported `response_type` requested.',
  server_error: 'An unknown OIDC error occurred. Please try again later.',
};

function clientAuthKind(ctx) {
  if (ctx.headers.authorization) return 'basic';
  const params = ctx.oidc?.params ?? {};
  if (params.client_secret) return 'post';
  if (params.client_assertion) return 'jwt';
  return 'none';
}

function rawQueryParams(querystring) {
  const out = {};
  for (const [key, value] of new URLSearchParams(querystring)) {
    if (key in out) out[key] = [].concat(out[key], value);
    else out[key] = value;
  }
  return out;
}

function buildProvider() {
  const issuer = `${baseUrl}/oidc`;
  const cookieOptions = { sameSite: 'lax', path: '/', signed: true, overwrite: true };

  const provider = new Provider(issuer, {
    adapter: TestAdapter,
    // Logto answers errors as JSON whatever the Accept header says.
    renderError(ctx, out) {
      ctx.body = out;
    },
    cookies: { keys: cookieKeys, long: cookieOptions, short: cookieOptions },
    jwks: { keys: signingKeys },
    enabledJWA: {
      idTokenSigningAlgValues: [currentAlg],
      userinfoSigningAlgValues: [currentAlg],
      introspectionSigningAlgValues: [currentAlg],
      authorizationSigningAlgValues: [currentAlg],
      // As advertised by Logto (oidc-provider 8.x defaults).
      clientAuthSigningAlgValues: ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'],
    },
    discovery: {
      claim_types_supported: ['normal'],
      request_parameter_supported: false,
    },
    conformIdTokenClaims: false,
    clients: [{
      client_id: config.clientId,
      client_secret: config.clientSecret,
      client_name: 'E2E app',
      application_type: 'web',
      redirect_uris: config.redirectUris,
      post_logout_redirect_uris: config.postLogoutRedirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: currentAlg,
      // Logto's "Backchannel logout" settings (oidcClientMetadata.backchannelLogoutUri and
      // backchannelLogoutSessionRequired). `sid` is in ID tokens only when both are set.
      ...(config.backchannelLogoutUri ? {
        backchannel_logout_uri: config.backchannelLogoutUri,
        backchannel_logout_session_required: config.backchannelSessionRequired,
      } : {}),
    }, {
      // Another application of the same tenant, served by this process (see handleSecondApp), so
      // a browser can sign in to it in the same provider session and sign out from it.
      client_id: SECOND_APP.clientId,
      client_secret: SECOND_APP.clientSecret,
      client_name: 'Second app',
      application_type: 'web',
      redirect_uris: [`${baseUrl}${SECOND_APP.path}/callback`],
      post_logout_redirect_uris: [`${baseUrl}${SECOND_APP.path}/`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: currentAlg,
      backchannel_logout_uri: `${baseUrl}${SECOND_APP.path}/backchannel-logout`,
      backchannel_logout_session_required: true,
    }],
    clientBasedCORS(ctx, origin, client) {
      return client.redirectUris.some((uri) => {
        try { return new URL(uri).origin === origin; } catch { return false; }
      });
    },
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      clientCredentials: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          const button = '<input type="hidden" name="logout" value="yes"/>'
            + '<button id="logout-confirm" type="submit" autofocus>Sign out</button>';
          const formHtml = form.replace('</form>', `${button}</form>`);
          const script = config.logoutAutoSubmit
            ? "<script>document.getElementById('op.logoutForm').submit();</script>"
            : '';
          ctx.type = 'html';
          ctx.body = page({
            screen: 'sign-out',
            title: 'Sign Out',
            body: `<h2 id="heading">Sign out</h2><p>Sign out of ${esc(ctx.host)}?</p>${formHtml}${script}`,
          });
        },
        postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = page({
            screen: 'signed-out',
            title: 'Sign Out',
            body: '<h2 id="heading">You have signed out</h2><p id="message">You have been signed out.</p>',
          });
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => false,
        // Any absolute URI is accepted as an API resource; its access tokens are JWTs (Logto).
        getResourceServerInfo: (_ctx, indicator) => ({
          scope: '',
          audience: indicator,
          accessTokenTTL: config.accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: currentAlg } },
        }),
      },
    },
    scopes: ['openid', 'offline_access', ...Object.keys(SCOPE_CLAIMS), 'urn:logto:scope:sessions'],
    claims: { openid: ['sub'], ...SCOPE_CLAIMS },
    extraParams: LOGTO_PARAMS,
    // Logto: refresh token only with offline_access (which oidc-provider already drops unless
    // prompt contains consent).
    issueRefreshToken(_ctx, client, code) {
      return client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access');
    },
    rotateRefreshToken(ctx) {
      if (config.rotateRefreshToken === 'always') return true;
      const { RefreshToken: refreshToken, Client: client } = ctx.oidc.entities;
      if (refreshToken.totalLifetime() >= 365.25 * 24 * 3600) return false;
      if (client.clientAuthMethod === 'none' && !refreshToken.isSenderConstrained()) return true;
      return refreshToken.ttlPercentagePassed() >= 70;
    },
    pkce: {
      required: (_ctx, client) => config.pkceRequired || client.clientAuthMethod !== 'client_secret_basic',
    },
    ttl: {
      AccessToken: () => config.accessTokenTtl,
      AuthorizationCode: 60,
      ClientCredentials: () => config.accessTokenTtl,
      IdToken: () => config.idTokenTtl,
      RefreshToken: () => config.refreshTokenTtl,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 180 * 24 * 3600,
    },
    async findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (!user) throw new errors.InvalidGrant('user not found');
      return {
        accountId: sub,
        claims: async (use, scope) => userClaims(users.get(sub) ?? user, use, scope),
      };
    },
    interactions: {
      url(ctx, interaction) {
        const appId = interaction.params.client_id;
        const { params: lp } = parseLogtoParams(ctx.oidc.params ?? {});
        // Logto keeps these for its sign-in pages in a readable `_logto` cookie.
        ctx.cookies.set('_logto', JSON.stringify({
          appId, organizationId: lp.organization_id, uiLocales: lp.ui_locales,
        }), { sameSite: 'lax', overwrite: true, httpOnly: false, signed: false });

        switch (interaction.prompt.name) {
          case 'login':
            return buildLoginPromptUrl(lp, appId);
          case 'consent':
            return `/consent?${new URLSearchParams({ app_id: appId })}`;
          default:
            throw new Error(`Prompt not supported: ${interaction.prompt.name}`);
        }
      },
    },
  });

  // Record authorization requests and token / revocation / userinfo / end-session calls,
  // and shape error bodies like Logto (`code` + `message` before the OAuth fields).
  provider.use(async (ctx, next) => {
    const route = ctx.path;
    if (route === '/auth' && ctx.method === 'GET') {
      const params = rawQueryParams(ctx.querystring);
      const single = Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === 'string'));
      recordAuthRequest({
        time: new Date().toISOString(),
        method: 'GET',
        params,
        logto_params_valid: parseLogtoParams(single).valid
          && LOGTO_PARAMS.every((k) => !Array.isArray(params[k])),
      });
    }

    try {
      await next();
    } finally {
      if (route === '/auth' && ctx.method === 'POST') {
        const params = ctx.oidc?.params?.toPlainObject?.() ?? {};
        recordAuthRequest({
          time: new Date().toISOString(),
          method: 'POST',
          params,
          logto_params_valid: parseLogtoParams(params).valid,
        });
      }
      shapeErrorBody(ctx);
      recordEndpointEvent(ctx, route);
    }
  });

  provider.on('server_error', (_ctx, err) => console.error('[op] server_error', err));
  provider.on('backchannel.error', (_ctx, err, client) => {
    console.error(`[op] back-channel logout to ${client.clientId} failed: ${err.message}`);
  });
  addAtHash(provider);
  sendBackchannelLogoutsLikeLogto(provider);
  return provider;
}

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * Back-channel logout as Logto's fork of oidc-provider sends it, in place of oidc-provider 9's
 * own sender, which differs in two ways that matter here: its guarded fetch drops special-use
 * addresses (so nothing on 127.0.0.1 would ever receive a logout token), and its token has `exp`
 * (Logto's never does). oidc-provider still decides when and to whom: at the end-session
 * confirm, for each client of the browser's session that has a back-channel URI (every one with
 * `logout=yes`, the initiator included), it calls `client.backchannelLogout(sub, sid)` and waits.
 *
 * Like Logto: a form POST `logout_token=<JWT>`, 2.5 s timeout, no retry, redirects not followed,
 * 200 or 204 is success. The JWT: header `{alg, typ: "logout+jwt", kid}` with the client's ID
 * token alg and the provider's current key for it; claims `iss`, `aud` (a string), `iat`, `jti`
 * (21 characters), `sub`, `events`, and `sid` only with backchannel_logout_session_required.
 * Each send is recorded as a `backchannel_logout` event (without the token).
 */
function sendBackchannelLogoutsLikeLogto(provider) {
  provider.Client.prototype.backchannelLogout = async function backchannelLogout(sub, sid) {
    const client = this;
    const alg = client.idTokenSignedResponseAlg;
    const jwk = signingKeys.find((k) => k.alg === alg);
    if (!jwk) throw new Error(`no signing key for ${alg}`);
    const header = { alg, typ: 'logout+jwt', kid: jwk.kid };
    const claims = {
      sub,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      jti: nanoid(),
      ...(client.backchannelLogoutSessionRequired ? { sid } : {}),
      iat: Math.floor(Date.now() / 1000),
      aud: client.clientId,
      iss: provider.issuer,
    };
    const logoutToken = signJwt(header, claims, jwk);
    const uri = client.backchannelLogoutUri;
    const started = Date.now();
    let status = null;
    let error;
    try {
      const res = await fetch(uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: logoutToken }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(2500),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err.name === 'TimeoutError' ? 'timeout' : String(err.cause?.code ?? err.message);
    }
    const ok = status === 200 || status === 204;
    recordEvent({
      type: 'backchannel_logout',
      client_id: client.clientId,
      uri,
      ok,
      status,
      error,
      ms: Date.now() - started,
      sub,
      sid_sent: 'sid' in claims,
      header,
      claims: Object.keys(claims).sort(),
    });
    if (!ok) {
      throw new Error(`expected 200 or 204 from ${uri}, got ${status ?? error}`);
    }
  };
}

const NANOID_ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

/** A 21-character URL-safe id, like oidc-provider's (and so Logto's) `jti`. */
function nanoid() {
  return Array.from(crypto.randomBytes(21), (b) => NANOID_ALPHABET[b & 63]).join('');
}

/** A compact JWS with `header` and `claims`, signed with the private JWK (ES384 or RS256). */
function signJwt(header, claims, jwk) {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${
    Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const { kty, crv, x, y, d, n, e, p, q, dp, dq, qi } = jwk;
  const key = crypto.createPrivateKey({
    key: { kty, crv, x, y, d, n, e, p, q, dp, dq, qi },
    format: 'jwk',
  });
  const signature = header.alg === 'ES384'
    ? crypto.sign('sha384', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
    : crypto.sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * Logto runs oidc-provider 8.x, whose token endpoint puts `at_hash` in the ID token (see the
 * fixtures); 9.x no longer does. Remember each access token's value when it is saved and add
 * `at_hash` to ID tokens issued at the token endpoint (oidc-provider hashes it when signing).
 */
function addAtHash(provider) {
  const { AccessToken, IdToken } = provider;
  const save = AccessToken.prototype.save;
  AccessToken.prototype.save = async function saveAndRemember(...args) {
    const value = await save.apply(this, args);
    Object.defineProperty(this, 'issuedValue', { value, enumerable: false, configurable: true });
    return value;
  };
  const issue = IdToken.prototype.issue;
  IdToken.prototype.issue = async function issueWithAtHash(options) {
    const at = this.ctx?.oidc?.route === 'token' ? this.ctx.oidc.entities.AccessToken : undefined;
    if (options?.use === 'idtoken' && at?.issuedValue && !this.extra.at_hash) {
      this.set('at_hash', at.issuedValue);
    }
    return issue.call(this, options);
  };
}

function shapeErrorBody(ctx) {
  const body = ctx.body;
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body) || typeof body.error !== 'string') return;
  if (ctx.status < 400 || body.code) return;
  const template = ERROR_MESSAGES[body.error] ?? `An OIDC error occurred: oidc.${body.error}.`;
  const message = template.replace('{{error_description}}', body.error_description ?? '');
  ctx.body = { code: `oidc.${body.error}`, message, ...body };
}

function recordEndpointEvent(ctx, route) {
  try {
    const oidc = ctx.oidc;
    const params = oidc?.params ?? {};
    const status = ctx.status;
    const ok = status >= 200 && status < 300;
    const error = ok ? undefined : ctx.body?.error;
    if (route === '/token' && ctx.method === 'POST') {
      const body = ok && ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
      recordEvent({
        type: 'token',
        client_id: oidc?.client?.clientId ?? null,
        grant_type: params.grant_type ?? null,
        client_auth: clientAuthKind(ctx),
        ok,
        status,
        error,
        scope: body.scope,
        resource: params.resource,
        refresh_token_issued: ok ? typeof body.refresh_token === 'string' : undefined,
        id_token_issued: ok ? typeof body.id_token === 'string' : undefined,
        rotated: params.grant_type === 'refresh_token' && ok
          ? Boolean(oidc.entities.RotatedRefreshToken) : undefined,
        sub: oidc?.entities?.Account?.accountId,
      });
    } else if (route === '/token/revocation' && ctx.method === 'POST') {
      const entities = oidc?.entities ?? {};
      let tokenType = null;
      if (entities.RefreshToken) tokenType = 'refresh_token';
      else if (entities.AccessToken) tokenType = 'access_token';
      else if (entities.ClientCredentials) tokenType = 'client_credentials';
      recordEvent({
        type: 'revocation',
        token_type_hint: params.token_type_hint ?? null,
        client_auth: clientAuthKind(ctx),
        ok,
        status,
        error,
        revoked_token_type: ok ? tokenType : undefined,
      });
    } else if (route === '/token/introspection' && ctx.method === 'POST') {
      recordEvent({
        type: 'introspection', client_auth: clientAuthKind(ctx), ok, status, error,
        active: ok ? Boolean(ctx.body?.active) : undefined,
      });
    } else if (route === '/me') {
      recordEvent({ type: 'userinfo', ok, status, error, sub: ok ? ctx.body?.sub : undefined });
    } else if (route === '/session/end') {
      recordEvent({
        type: 'end_session',
        step: 'request',
        ok,
        status,
        error,
        client_id: params.client_id ?? null,
        id_token_hint: Boolean(params.id_token_hint),
        post_logout_redirect_uri: params.post_logout_redirect_uri ?? null,
        state: params.state ?? null,
      });
    } else if (route === '/session/end/confirm' && ctx.method === 'POST') {
      recordEvent({
        type: 'end_session',
        step: 'confirm',
        ok: status === 303,
        status,
        error,
        logout: Boolean(params.logout),
        location: ctx.response.get('location') || null,
      });
    }
  } catch (err) {
    console.error('[op] could not record event', err);
  }
}

let provider;
let providerCallback;

function installProvider() {
  provider = buildProvider();
  providerCallback = provider.callback();
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

function esc(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const CSS = 'body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}'
  + 'h1#screen{font-size:.8rem;color:#888;font-weight:normal}form{margin:.75rem 0}'
  + 'input[type=text]{width:100%;padding:.5rem;box-sizing:border-box}'
  + 'button{padding:.5rem 1rem;margin-top:.5rem}#error{color:#b00}';

function page({ screen, title, body, lang = 'en' }) {
  return `<!DOCTYPE html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1 id="screen">${esc(screen)}</h1>
${body}
</body>
</html>
`;
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const sendHtml = (res, status, html) => send(res, status, 'text/html; charset=utf-8', html);
const sendJson = (res, status, value) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
const redirect = (res, location) => {
  res.writeHead(303, { location, 'content-length': 0, 'cache-control': 'no-store' });
  res.end();
};

function errorPage(res, status, message) {
  sendHtml(res, status, page({
    screen: 'error',
    title: 'Something went wrong',
    body: `<h2 id="heading">Something went wrong</h2><p id="error">${esc(message)}</p>`,
  }));
}

// ---------------------------------------------------------------------------------------------
// Interaction (sign-in experience) pages
// ---------------------------------------------------------------------------------------------

const pending = new Map(); // interaction uid -> { kind, value, mode, code, screen }

async function interactionOr(res, req) {
  try {
    return await provider.interactionDetails(req, res);
  } catch (err) {
    if (err instanceof errors.SessionNotFound) {
      errorPage(res, 400, 'Session not found. Please go back to the app and sign in again.');
      return undefined;
    }
    throw err;
  }
}

function uiInfo(details) {
  const { valid, params } = parseLogtoParams(details.params);
  const locales = valid ? params.ui_locales : undefined;
  return {
    lang: locales?.split(' ')[0] || 'en',
    extra: [
      locales ? `<p id="ui-locales">ui_locales: ${esc(locales)}</p>` : '',
      valid && params.organization_id ? `<p id="organization-id">organization: ${esc(params.organization_id)}</p>` : '',
    ].join(''),
  };
}

function cancelForm(uid) {
  return `<form method="post" action="/interaction/cancel">`
    + `<input type="hidden" name="uid" value="${esc(uid)}">`
    + '<button id="cancel" type="submit">Cancel</button></form>';
}

function socialButton() {
  return '<form method="get" action="/social/huggingface">'
    + '<button id="social-huggingface" type="submit">Continue with Hugging Face</button></form>';
}

const KIND_LABEL = { email: 'Email', phone: 'Phone number' };

/**
 * One identifier screen: sign-in / register / reset-password, for email and/or phone.
 * `route` is the page's own path (re-rendered on errors).
 */
function identifierScreen(details, {
  mode, kinds, route, loginHint = '', error = '', specific,
}) {
  const uid = details.uid;
  const { lang, extra } = uiInfo(details);
  const screenBase = { 'sign-in': 'sign-in', register: 'register', 'reset-password': 'reset-password' }[mode];
  const screen = specific ? `${screenBase}:${kinds.join('+')}` : screenBase;
  const heading = {
    'sign-in': 'Sign in',
    register: 'Create account',
    'reset-password': 'Reset password',
  }[mode];
  const label = kinds.map((k) => KIND_LABEL[k]).join(' or ');
  const links = mode === 'sign-in'
    ? '<p><a id="register-link" href="/register">Create account</a></p>'
    : '<p><a id="sign-in-link" href="/sign-in">Sign in instead</a></p>';
  const body = `<h2 id="heading">${heading}</h2>
${extra}
<form method="post" action="/interaction/identifier">
<input type="hidden" name="uid" value="${esc(uid)}">
<input type="hidden" name="mode" value="${esc(mode)}">
<input type="hidden" name="kinds" value="${esc(kinds.join(' '))}">
<input type="hidden" name="screen" value="${esc(screen)}">
<input type="hidden" name="route" value="${esc(route)}">
<label for="identifier">${esc(label)}</label>
<input type="text" id="identifier" name="identifier" value="${esc(loginHint)}" autocomplete="username">
${error ? `<p id="error" role="alert">${esc(error)}</p>` : ''}
<button id="submit" type="submit">Continue</button>
</form>
${mode === 'sign-in' ? socialButton() : ''}
${links}
${cancelForm(uid)}`;
  return page({ screen, title: heading, body, lang });
}

function kindsFromIdentifierParam(value) {
  const wanted = new Set(String(value ?? '').split(' ').filter(Boolean));
  return ['email', 'phone'].filter((k) => wanted.has(k));
}

function codeScreen(details, entry, error = '') {
  const { lang, extra } = uiInfo(details);
  const body = `<h2 id="heading">Enter verification code</h2>
${extra}
<p>We sent a 6-digit code to <span id="code-target">${esc(entry.value)}</span>.</p>
<form method="post" action="/verification-code">
<input type="hidden" name="uid" value="${esc(details.uid)}">
<label for="code">Verification code</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
${error ? `<p id="error" role="alert">${esc(error)}</p>` : ''}
<button id="submit" type="submit">Continue</button>
</form>
<p><a id="back" href="${esc(entry.route)}">Back</a></p>
${cancelForm(details.uid)}`;
  return page({ screen: 'code', title: 'Verification code', body, lang });
}

function socialScreen(details) {
  const { lang, extra } = uiInfo(details);
  const body = `<h2 id="heading">Hugging Face</h2>
${extra}
<p>Simulated Hugging Face authorization: <strong>E2E app</strong> wants to access your
Hugging Face account <span id="social-username">hfuser</span>.</p>
<form method="post" action="/social/huggingface/authorize">
<input type="hidden" name="uid" value="${esc(details.uid)}">
<button id="authorize" type="submit">Authorize</button>
</form>
${cancelForm(details.uid)}`;
  return page({ screen: 'social:huggingface', title: 'Hugging Face', body, lang });
}

function newOtp() {
  return config.fixedOtp ?? String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

function storeOtp(value, code) {
  otps.set(value, code);
  fs.writeFileSync(path.join(config.stateDir, `otp-${value}.txt`), code);
}

async function completeLogin(req, res, details, user, method, registered) {
  user.updatedAt = Date.now(); // Logto bumps updated_at at every sign-in
  pending.delete(details.uid);
  recordEvent({ type: 'sign_in', method, sub: user.id, registered });
  await provider.interactionFinished(req, res, {
    login: { accountId: user.id, amr: [method === 'social:huggingface' ? 'social' : 'otp'] },
  }, { mergeWithLastSubmission: false });
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function checkUid(res, details, form) {
  if (form.uid && form.uid !== details.uid) {
    errorPage(res, 400, 'This page belongs to another sign-in attempt. Please start again.');
    return false;
  }
  return true;
}

async function handleInteraction(req, res, url) {
  const route = url.pathname;
  const q = url.searchParams;

  // GET pages --------------------------------------------------------------------------------
  if (req.method === 'GET') {
    const loginScreens = new Set([
      '/sign-in', '/register', '/identifier-sign-in', '/identifier-register', '/forgot-password',
      '/single-sign-on', '/verification-code', '/social/huggingface', '/consent',
    ]);
    if (!loginScreens.has(route) && !route.startsWith('/direct/')) return false;
    const details = await interactionOr(res, req);
    if (!details) return true;

    if (route === '/consent') {
      if (details.prompt.name !== 'consent') {
        redirect(res, '/sign-in');
        return true;
      }
      await autoConsent(req, res, details);
      return true;
    }

    if (route.startsWith('/direct/')) {
      const [, , method, target] = route.split('/');
      const fallback = q.get('fallback') || '/sign-in';
      if (method === 'social' && target === 'huggingface') {
        redirect(res, '/social/huggingface');
      } else {
        // Like Logto: a missing connector (or an SSO connector, none here) falls back to the
        // first screen, keeping the other parameters.
        const keep = new URLSearchParams(q);
        keep.delete('fallback');
        const safeFallback = fallback.startsWith('/') && !fallback.startsWith('//') ? fallback : '/sign-in';
        redirect(res, keep.size ? `${safeFallback}?${keep}` : safeFallback);
      }
      return true;
    }

    if (route === '/social/huggingface') {
      sendHtml(res, 200, socialScreen(details));
      return true;
    }

    if (route === '/verification-code') {
      const entry = pending.get(details.uid);
      if (!entry) redirect(res, '/sign-in');
      else sendHtml(res, 200, codeScreen(details, entry));
      return true;
    }

    const loginHint = q.get('login_hint') ?? '';
    if (route === '/sign-in') {
      sendHtml(res, 200, identifierScreen(details, { mode: 'sign-in', kinds: ['email', 'phone'], route, loginHint }));
    } else if (route === '/register') {
      sendHtml(res, 200, identifierScreen(details, { mode: 'register', kinds: ['email', 'phone'], route, loginHint }));
    } else if (route === '/identifier-sign-in') {
      const kinds = kindsFromIdentifierParam(q.get('identifier'));
      sendHtml(res, 200, identifierScreen(details, {
        mode: 'sign-in', kinds: kinds.length ? kinds : ['email', 'phone'], specific: kinds.length > 0,
        route: url.pathname + url.search, loginHint,
      }));
    } else if (route === '/identifier-register') {
      const kinds = kindsFromIdentifierParam(q.get('identifier'));
      if (!kinds.length) {
        // Logto (v1.37) renders a page that does not exist here; keep that visible.
        sendHtml(res, 404, page({
          screen: 'not-found',
          title: 'Not found',
          body: '<h2 id="heading">Page not found</h2><p id="error">identifier:register needs identifier=email or phone.</p>',
        }));
      } else {
        sendHtml(res, 200, identifierScreen(details, {
          mode: 'register', kinds, specific: true, route: url.pathname + url.search, loginHint,
        }));
      }
    } else if (route === '/forgot-password') {
      const kinds = kindsFromIdentifierParam(q.get('identifier'));
      sendHtml(res, 200, identifierScreen(details, {
        mode: 'reset-password', kinds: kinds.length ? kinds : ['email', 'phone'], specific: kinds.length > 0,
        route: url.pathname + url.search, loginHint,
      }));
    } else if (route === '/single-sign-on') {
      const { lang, extra } = uiInfo(details);
      const error = q.get('error') ? '<p id="error" role="alert">No single sign-on connector is set up for this email domain.</p>' : '';
      sendHtml(res, 200, page({
        screen: 'single-sign-on',
        title: 'Single sign-on',
        lang,
        body: `<h2 id="heading">Single sign-on</h2>${extra}
<form method="get" action="/single-sign-on"><input type="hidden" name="error" value="1">
<label for="identifier">Work email</label>
<input type="text" id="identifier" name="identifier" value="${esc(loginHint)}">${error}
<button id="submit" type="submit">Continue</button></form>
<p><a id="sign-in-link" href="/sign-in">Sign in another way</a></p>
${cancelForm(details.uid)}`,
      }));
    }
    return true;
  }

  // POST actions -----------------------------------------------------------------------------
  if (req.method !== 'POST') return false;
  const actions = new Set([
    '/interaction/identifier', '/verification-code', '/social/huggingface/authorize', '/interaction/cancel',
  ]);
  if (!actions.has(route)) return false;
  const form = await readForm(req);
  const details = await interactionOr(res, req);
  if (!details) return true;
  if (!checkUid(res, details, form)) return true;

  if (route === '/interaction/cancel') {
    pending.delete(details.uid);
    recordEvent({ type: 'interaction_aborted' });
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
    return true;
  }

  if (details.prompt.name !== 'login') {
    redirect(res, details.returnTo);
    return true;
  }

  if (route === '/social/huggingface/authorize') {
    await completeLogin(req, res, details, users.get(HF_USER_ID), 'social:huggingface', false);
    return true;
  }

  if (route === '/interaction/identifier') {
    const mode = ['sign-in', 'register', 'reset-password'].includes(form.mode) ? form.mode : 'sign-in';
    const kinds = kindsFromIdentifierParam(form.kinds);
    const allowed = kinds.length ? kinds : ['email', 'phone'];
    const screenRoute = form.route && form.route.startsWith('/') && !form.route.startsWith('//') ? form.route : '/sign-in';
    const id = classifyIdentifier(form.identifier);
    if (!id || !allowed.includes(id.kind)) {
      const label = allowed.map((k) => KIND_LABEL[k].toLowerCase()).join(' or ');
      sendHtml(res, 200, identifierScreen(details, {
        mode,
        kinds: allowed,
        specific: String(form.screen ?? '').includes(':'),
        route: screenRoute,
        loginHint: form.identifier ?? '',
        error: `Enter a valid ${label}.`,
      }));
      return true;
    }
    const code = newOtp();
    storeOtp(id.value, code);
    pending.set(details.uid, { ...id, mode, code, route: screenRoute });
    recordEvent({ type: 'otp_sent', kind: id.kind, to: id.value, mode });
    redirect(res, '/verification-code');
    return true;
  }

  if (route === '/verification-code') {
    const entry = pending.get(details.uid);
    if (!entry) {
      redirect(res, '/sign-in');
      return true;
    }
    const code = String(form.code ?? '').trim();
    if (code !== entry.code) {
      recordEvent({ type: 'otp_failed', kind: entry.kind, to: entry.value });
      sendHtml(res, 200, codeScreen(details, entry, 'The verification code is incorrect. Please try again.'));
      return true;
    }
    let user = findUserByIdentifier(entry);
    const registered = !user;
    if (!user) {
      user = addUser(entry.kind === 'email' ? { primaryEmail: entry.value } : { primaryPhone: entry.value });
    }
    await completeLogin(req, res, details, user, entry.kind === 'email' ? 'email-otp' : 'sms-otp', registered);
    return true;
  }
  return false;
}

/** First-party apps are consented without asking (Logto's experience app does the same). */
async function autoConsent(req, res, details) {
  const { session, grantId, params, prompt } = details;
  const grant = (grantId && await provider.Grant.find(grantId))
    ?? new provider.Grant({ accountId: session.accountId, clientId: String(params.client_id) });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details ?? {};
  if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const finalGrantId = await grant.save();
  recordEvent({ type: 'consent', sub: session.accountId, scope: details.params.scope ?? null });
  await provider.interactionFinished(req, res, { consent: { grantId: finalGrantId } }, {
    mergeWithLastSubmission: true,
  });
}

// ---------------------------------------------------------------------------------------------
// The second app: another confidential web application of the same tenant, at /second-app/,
// so a browser can sign in to two applications in one provider session and sign out from the
// other one. It keeps its own sessions in memory (cookie `e2e_second_app`, a name the app under
// test does not use: cookies do not depend on the port) and has its own back-channel URI.
// ---------------------------------------------------------------------------------------------

const SECOND_APP = {
  clientId: 'e2e-second-app',
  clientSecret: 'e2e-second-secret',
  path: '/second-app',
  cookie: 'e2e_second_app',
};
const secondAppSessions = new Map(); // cookie value -> { sub, sid, idToken }
const secondAppSignIns = new Map(); // state -> { verifier, nonce }

function secondAppSession(req) {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SECOND_APP.cookie) return { id: value.join('='), session: secondAppSessions.get(value.join('=')) };
  }
  return { id: undefined, session: undefined };
}

const jwtClaims = (jwt) => JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString('utf8'));

function secondAppPage(res, status, { screen, body }) {
  sendHtml(res, status, page({ screen, title: 'Second app', body: `<h2 id="heading">Second app</h2>${body}` }));
}

async function handleSecondApp(req, res, url) {
  const route = url.pathname.slice(SECOND_APP.path.length) || '/';
  const home = `${baseUrl}${SECOND_APP.path}/`;
  const { id, session } = secondAppSession(req);

  if (req.method === 'GET' && route === '/') {
    if (session) {
      secondAppPage(res, 200, {
        screen: 'second-app:signed-in',
        body: `<p>Signed in as <span id="second-app-user">${esc(session.sub)}</span>.</p>
<p><a id="second-app-sign-out" href="${SECOND_APP.path}/sign-out">Sign out</a></p>`,
      });
    } else {
      secondAppPage(res, 200, {
        screen: 'second-app',
        body: `<p><a id="second-app-sign-in" href="${SECOND_APP.path}/sign-in">Sign in</a></p>`,
      });
    }
    return;
  }

  if (req.method === 'GET' && route === '/sign-in') {
    const verifier = crypto.randomBytes(32).toString('base64url');
    const state = crypto.randomBytes(12).toString('base64url');
    const nonce = crypto.randomBytes(12).toString('base64url');
    secondAppSignIns.set(state, { verifier, nonce });
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: SECOND_APP.clientId,
      redirect_uri: `${baseUrl}${SECOND_APP.path}/callback`,
      scope: 'openid profile',
      state,
      nonce,
      code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    redirect(res, `/oidc/auth?${params}`);
    return;
  }

  if (req.method === 'GET' && route === '/callback') {
    const q = url.searchParams;
    const pendingSignIn = secondAppSignIns.get(q.get('state') ?? '');
    secondAppSignIns.delete(q.get('state') ?? '');
    if (!pendingSignIn || !q.get('code')) {
      secondAppPage(res, 400, {
        screen: 'second-app:error',
        body: `<p id="error">${esc(q.get('error') ?? 'unknown sign-in')}</p>`,
      });
      return;
    }
    const basic = Buffer.from(`${SECOND_APP.clientId}:${SECOND_APP.clientSecret}`).toString('base64');
    const tokenRes = await fetch(`${baseUrl}/oidc/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: q.get('code'),
        redirect_uri: `${baseUrl}${SECOND_APP.path}/callback`,
        code_verifier: pendingSignIn.verifier,
      }).toString(),
    });
    const body = await tokenRes.json().catch(() => ({}));
    // The ID token came straight from the token endpoint (OIDC Core 3.1.3.7 lets a client
    // trust that channel instead of checking the signature); the nonce is still checked.
    const claims = body.id_token ? jwtClaims(body.id_token) : {};
    if (!tokenRes.ok || claims.nonce !== pendingSignIn.nonce) {
      secondAppPage(res, 400, {
        screen: 'second-app:error',
        body: `<p id="error">${esc(body.error ?? 'bad ID token')}</p>`,
      });
      return;
    }
    const sessionId = crypto.randomBytes(16).toString('base64url');
    secondAppSessions.set(sessionId, { sub: claims.sub, sid: claims.sid, idToken: body.id_token });
    res.writeHead(303, {
      location: home,
      'set-cookie': `${SECOND_APP.cookie}=${sessionId}; Path=${SECOND_APP.path}; HttpOnly; SameSite=Lax`,
      'content-length': 0,
      'cache-control': 'no-store',
    });
    res.end();
    return;
  }

  if (req.method === 'GET' && route === '/sign-out') {
    // Forget the local session, then end the provider session (its confirm page follows).
    if (id) secondAppSessions.delete(id);
    const params = new URLSearchParams({ client_id: SECOND_APP.clientId, post_logout_redirect_uri: home });
    if (session) params.set('id_token_hint', session.idToken);
    res.writeHead(303, {
      location: `/oidc/session/end?${params}`,
      'set-cookie': `${SECOND_APP.cookie}=; Path=${SECOND_APP.path}; Max-Age=0`,
      'content-length': 0,
      'cache-control': 'no-store',
    });
    res.end();
    return;
  }

  if (req.method === 'POST' && route === '/backchannel-logout') {
    // Ends the sessions the token names. The token comes from this very process, so only its
    // audience is checked here; the app under test is the one that verifies logout tokens.
    const form = await readForm(req);
    let claims;
    try {
      claims = jwtClaims(form.logout_token);
    } catch {
      claims = undefined;
    }
    if (!claims || claims.aud !== SECOND_APP.clientId) {
      send(res, 400, 'text/plain; charset=utf-8', 'bad logout token');
      return;
    }
    for (const [key, s] of secondAppSessions) {
      if (claims.sid ? s.sid === claims.sid : s.sub === claims.sub) secondAppSessions.delete(key);
    }
    send(res, 200, 'text/plain; charset=utf-8', '');
    return;
  }
  send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

// ---------------------------------------------------------------------------------------------
// Test endpoints
// ---------------------------------------------------------------------------------------------

const HF_AVATAR = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
  + '<circle cx="32" cy="32" r="30" fill="#ffd21e"/><circle cx="22" cy="26" r="4"/>'
  + '<circle cx="42" cy="26" r="4"/><path d="M20 40 Q32 52 44 40" stroke="#000" stroke-width="3" fill="none"/></svg>';

async function handleTest(req, res, url) {
  const route = url.pathname;
  if (req.method === 'GET' && route === '/test/otp') {
    const id = classifyIdentifier(url.searchParams.get('to'));
    const code = id && otps.get(id.value);
    if (!code) send(res, 404, 'text/plain; charset=utf-8', 'no code sent to this identifier');
    else send(res, 200, 'text/plain; charset=utf-8', code);
    return;
  }
  if (req.method === 'GET' && route === '/test/last-auth') {
    const last = authRequests.at(-1);
    sendJson(res, last ? 200 : 404, last ?? null);
    return;
  }
  if (req.method === 'GET' && route === '/test/auth-requests') {
    sendJson(res, 200, authRequests);
    return;
  }
  if (req.method === 'GET' && route === '/test/events') {
    const type = url.searchParams.get('type');
    sendJson(res, 200, type ? events.filter((e) => e.type === type) : events);
    return;
  }
  if (req.method === 'GET' && route === '/test/users') {
    sendJson(res, 200, [...users.values()].map((u) => withBase(u)));
    return;
  }
  if (req.method === 'POST' && route === '/test/reset') {
    authRequests.length = 0;
    events.length = 0;
    for (const file of ['auth-requests.jsonl', 'events.jsonl']) {
      fs.rmSync(path.join(config.stateDir, file), { force: true });
    }
    sendJson(res, 200, { ok: true });
    return;
  }
  if (req.method === 'POST' && route === '/test/delete-user') {
    const sub = url.searchParams.get('sub');
    const deleted = Boolean(sub && users.delete(sub));
    if (deleted) recordEvent({ type: 'user_deleted', sub });
    sendJson(res, deleted ? 200 : 404, { ok: deleted });
    return;
  }
  if (req.method === 'POST' && route === '/test/rotate-keys') {
    const alg = (url.searchParams.get('alg') || currentAlg).toUpperCase();
    if (!['ES384', 'RS256'].includes(alg)) {
      sendJson(res, 400, { ok: false, error: 'alg must be ES384 or RS256' });
      return;
    }
    const key = generateSigningKey(alg);
    signingKeys = [key, ...signingKeys].slice(0, 3);
    currentAlg = alg;
    installProvider();
    recordEvent({ type: 'keys_rotated', alg, kid: key.kid });
    sendJson(res, 200, { ok: true, alg, kid: key.kid });
    return;
  }
  send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

// ---------------------------------------------------------------------------------------------
// Account Center: a stand-in for the prebuilt pages Logto serves under /account/ (packages/account
// in logto-io/logto), and the settings `GET /api/.well-known/account-center` answers. The real
// pages are a single-page app that signs the user in through Logto's session and asks for a
// verification code before a new email or phone is kept; the stand-in reads the same Logto session
// (this provider's `_session` cookie), skips the code, keeps the change, and sends the browser to
// `redirect` (only to the app's registered origins), which is what the app sees of it.
// ---------------------------------------------------------------------------------------------

const ACCOUNT_CENTER_ON = (env.OP_ACCOUNT_CENTER || 'on') !== 'off';
const ACCOUNT_PAGES = {
  email: { label: 'Email address', input: 'email', check: (v) => EMAIL_RE.test(v), set: (u, v) => { u.primaryEmail = v.toLowerCase(); } },
  phone: { label: 'Phone number', input: 'tel', check: (v) => PHONE_RE.test(v) && /\d{6,}/.test(v.replace(/\D/g, '')), set: (u, v) => { u.primaryPhone = v.replace(/\D/g, ''); } },
  username: { label: 'Username', input: 'text', check: (v) => /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(v), set: (u, v) => { u.username = v; } },
  password: { label: 'New password', input: 'password', check: (v) => v.length >= 8, set: () => {} },
};

/** Logto's Account Center settings (`accountCenterGuard`), as the well-known endpoint answers. */
function accountCenterSettings() {
  const edit = ACCOUNT_CENTER_ON ? 'Edit' : 'Off';
  return {
    id: 'default',
    enabled: ACCOUNT_CENTER_ON,
    fields: {
      name: 'ReadOnly', avatar: 'ReadOnly', profile: 'ReadOnly', email: edit, phone: edit,
      password: edit, username: edit, social: 'Off', customData: 'Off', mfa: 'Off', session: 'Off',
    },
    webauthnRelatedOrigins: [],
  };
}

/** Where a page may send the browser back to: a URL on one of the app's registered origins. */
function accountRedirect(raw) {
  try {
    const url = new URL(String(raw ?? ''));
    const origins = new Set([...config.redirectUris, ...config.postLogoutRedirectUris]
      .map((uri) => new URL(uri).origin));
    return origins.has(url.origin) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

async function handleAccountCenter(req, res, url) {
  if (req.method === 'GET' && url.pathname === '/api/.well-known/account-center') {
    sendJson(res, 200, accountCenterSettings());
    return true;
  }
  const field = url.pathname.match(/^\/account\/([a-z]+)$/)?.[1];
  const spec = ACCOUNT_PAGES[field];
  if (!spec) return false;
  if (!ACCOUNT_CENTER_ON) {
    errorPage(res, 404, 'The Account Center is off.');
    return true;
  }
  const session = await provider.Session.get(provider.createContext(req, res));
  const user = session?.accountId ? users.get(session.accountId) : undefined;
  if (!user) {
    errorPage(res, 401, 'Sign in first: the Account Center uses your Logto session.');
    return true;
  }
  const form = req.method === 'POST' ? await readForm(req) : {};
  const back = accountRedirect(req.method === 'POST' ? form.redirect : url.searchParams.get('redirect'));
  if (!back) {
    errorPage(res, 400, 'The redirect is not a URL of this application.');
    return true;
  }
  const value = String(form.value ?? '').trim();
  if (req.method === 'POST' && spec.check(value)) {
    spec.set(user, value);
    user.updatedAt = Date.now();
    recordEvent({ type: 'account_updated', sub: user.id, field });
    redirect(res, back);
    return true;
  }
  const error = req.method === 'POST' ? `<p id="account-error">That ${esc(spec.label.toLowerCase())} is not valid.</p>` : '';
  sendHtml(res, req.method === 'POST' ? 400 : 200, page({
    screen: `account:${field}`,
    title: `Account Center: ${spec.label}`,
    body: `<p>Signed in as <span id="account-user">${esc(user.primaryEmail ?? user.username ?? user.id)}</span>.</p>
${error}<form method="post" action="/account/${field}">
<input type="hidden" name="redirect" value="${esc(back)}">
<label>${esc(spec.label)} <input id="account-value" name="value" type="${spec.input}" required></label>
<button id="account-save" type="submit">Save</button>
</form>
<p><a id="account-cancel" href="${esc(back)}">Back to the app</a></p>`,
  }));
  return true;
}

// ---------------------------------------------------------------------------------------------
// HTTP server
// ---------------------------------------------------------------------------------------------

async function handle(req, res) {
  const url = new URL(req.url, baseUrl);
  if (url.pathname === '/oidc' || url.pathname.startsWith('/oidc/')) {
    // Mount the provider under /oidc (oidc-provider derives the mount path from originalUrl).
    req.originalUrl = req.url;
    req.url = req.url.slice('/oidc'.length) || '/';
    providerCallback(req, res);
    return;
  }
  if (url.pathname.startsWith('/test/')) {
    await handleTest(req, res, url);
    return;
  }
  if (url.pathname === SECOND_APP.path || url.pathname.startsWith(`${SECOND_APP.path}/`)) {
    await handleSecondApp(req, res, url);
    return;
  }
  if (req.method === 'GET' && url.pathname === '/static/hf-avatar.svg') {
    send(res, 200, 'image/svg+xml', HF_AVATAR);
    return;
  }
  if (await handleAccountCenter(req, res, url)) return;
  if (await handleInteraction(req, res, url)) return;
  if (req.method === 'GET' && url.pathname === '/') {
    sendHtml(res, 200, page({
      screen: 'home',
      title: 'Fake Logto',
      body: `<p>Fake Logto for tests. Issuer: <code>${esc(baseUrl)}/oidc</code></p>`,
    }));
    return;
  }
  send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error('[op] request failed', err);
    if (!res.headersSent) errorPage(res, 500, 'Internal error');
    else res.end();
  });
});

server.listen(config.port, '127.0.0.1', () => {
  const { port } = server.address();
  baseUrl = `http://127.0.0.1:${port}`;
  installProvider();
  process.stdout.write(`OP_READY ${baseUrl}\n`);
  console.error(`[op] issuer ${baseUrl}/oidc, client ${config.clientId}, alg ${config.signingAlg}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
