// Smoke test of the fake Logto: `node smoke.mjs` (set OP_SIGNING_ALG=RS256 to test RSA keys).
// Starts server.js on a free port with a temporary OP_STATE_DIR, walks the flows with plain
// fetch (manual redirects, own cookie jar), prints PASS/FAIL lines and a closing
// "N passed, M failed" line, stops the server by PID and exits non-zero on any failure.

import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ALG = (process.env.OP_SIGNING_ALG || 'ES384').toUpperCase();
const AT_TTL = Number(process.env.OP_ACCESS_TOKEN_TTL || 3600);
const CLIENT_ID = 'smoke-app';
const CLIENT_SECRET = 'smoke-secret';
const APP = 'http://127.0.0.1:39999';
const REDIRECT_URI = `${APP}/callback`;
const POST_LOGOUT = `${APP}/`;

let passed = 0;
let failed = 0;
function check(name, condition, detail) {
  if (condition) {
    passed += 1;
    console.log(`PASS ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail === undefined ? '' : ` -- ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
  }
  return Boolean(condition);
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

// A tiny back-channel logout receiver standing in for the app: records every request and
// answers as `receiver.mode` says (`ok`: 200, `slow`: 200 after 4 s, `redirect`: 302).
const receiver = { mode: 'ok', requests: [] };
const receiverServer = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    receiver.requests.push({
      method: req.method,
      url: req.url,
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks).toString('utf8'),
    });
    if (receiver.mode === 'redirect') {
      res.writeHead(302, { location: '/elsewhere' }).end();
    } else if (receiver.mode === 'slow') {
      setTimeout(() => { if (!res.destroyed) res.writeHead(200).end(); }, 4000).unref();
    } else {
      res.writeHead(200, { 'cache-control': 'no-store' }).end();
    }
  });
});
await new Promise((resolve) => receiverServer.listen(0, '127.0.0.1', resolve));
const RECEIVER = `http://127.0.0.1:${receiverServer.address().port}`;

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'op-smoke-'));
const child = spawn(process.execPath, [path.join(here, 'server.js')], {
  env: {
    ...process.env,
    OP_PORT: '0',
    OP_STATE_DIR: stateDir,
    OP_CLIENT_ID: CLIENT_ID,
    OP_CLIENT_SECRET: CLIENT_SECRET,
    OP_REDIRECT_URI: REDIRECT_URI,
    OP_POST_LOGOUT_REDIRECT_URI: POST_LOGOUT,
    OP_SIGNING_ALG: ALG,
    OP_PKCE_REQUIRED: '1',
    OP_ROTATE_REFRESH_TOKEN: 'always',
    OP_OTP_CODE: '',
    OP_LOGOUT_AUTOSUBMIT: '0',
    OP_ID_TOKEN_TTL: '',
    OP_BACKCHANNEL_LOGOUT_URI: `${RECEIVER}/backchannel-logout`,
    OP_BACKCHANNEL_SESSION_REQUIRED: '1',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderrText = '';
child.stderr.on('data', (d) => { stderrText += d; });

function stopServer() {
  if (child.exitCode === null && child.pid) {
    try { process.kill(child.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
}
process.on('exit', stopServer);

const BASE = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderrText}`)), 15000);
  child.stdout.on('data', (d) => {
    out += d;
    const m = /^OP_READY (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${stderrText}`)));
});
let stdoutExtra = '';
child.stdout.on('data', (d) => { stdoutExtra += d; });
const ISSUER = `${BASE}/oidc`;

// ---------------------------------------------------------------------------------------------
// HTTP helpers: a cookie jar per "browser", manual redirects
// ---------------------------------------------------------------------------------------------

class Browser {
  jar = new Map();

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=.*1970/i.test(a)) || attrs.some((a) => /^\s*max-age=0/i.test(a));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async request(url, { method = 'GET', form, headers = {} } = {}) {
    const init = { method, redirect: 'manual', headers: { ...headers } };
    const cookie = this.cookieHeader();
    if (cookie) init.headers.cookie = cookie;
    if (form) {
      init.body = new URLSearchParams(form).toString();
      init.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, init);
    this.store(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, url, location: res.headers.get('location') };
  }

  /** Follow redirects on the OP until an HTML page (or a redirect to the app) is reached. */
  async navigate(url, opts) {
    let res = await this.request(url, opts);
    for (let i = 0; i < 15 && res.status >= 300 && res.status < 400; i += 1) {
      const next = new URL(res.location, res.url).href;
      if (next.startsWith(APP)) return { ...res, appRedirect: next };
      res = await this.request(next);
    }
    return res;
  }
}

const screenOf = (html) => /<h1 id="screen">([^<]*)<\/h1>/.exec(html ?? '')?.[1];
const decodeHtml = (s) => s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<')
  .replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** The form that contains the element with id `id`: action, method and its named inputs. */
function formWith(html, id) {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!m[2].includes(`id="${id}"`)) continue;
    const attrs = m[1];
    const action = decodeHtml(/action="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const method = (/method="([^"]*)"/.exec(attrs)?.[1] ?? 'get').toUpperCase();
    const fields = {};
    for (const input of m[2].matchAll(/<input\b([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(input[1])?.[1];
      if (!name) continue;
      fields[name] = decodeHtml(/value="([^"]*)"/.exec(input[1])?.[1] ?? '');
    }
    return { action, method, fields };
  }
  return undefined;
}

function inputValue(html, id) {
  const m = new RegExp(`<input\\b[^>]*id="${id}"[^>]*>`).exec(html);
  if (!m) return undefined;
  return decodeHtml(/value="([^"]*)"/.exec(m[0])?.[1] ?? '');
}

async function submit(browser, page, buttonId, values = {}) {
  const form = formWith(page.text, buttonId);
  if (!form) throw new Error(`no form with #${buttonId} on screen ${screenOf(page.text)}`);
  const target = new URL(form.action, page.url).href;
  if (form.method === 'GET') {
    const u = new URL(target);
    for (const [k, v] of Object.entries({ ...form.fields, ...values })) u.searchParams.set(k, v);
    return browser.navigate(u.href);
  }
  return browser.navigate(target, { method: 'POST', form: { ...form.fields, ...values } });
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function pkce() {
  const verifier = b64url(crypto.randomBytes(32));
  const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

function authUrl(extra = {}, { withPkce = true } = {}) {
  const p = pkce();
  const state = b64url(crypto.randomBytes(12));
  const nonce = b64url(crypto.randomBytes(12));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'openid offline_access profile email phone roles',
    state,
    nonce,
    ...(withPkce ? { code_challenge: p.challenge, code_challenge_method: 'S256' } : {}),
    ...extra,
  });
  return { url: `${ISSUER}/auth?${params}`, state, nonce, verifier: p.verifier };
}

const basic = (id = CLIENT_ID, secret = CLIENT_SECRET) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function tokenRequest(form, { auth = 'basic', secret } = {}) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = { ...form };
  if (auth === 'basic') headers.authorization = basic(CLIENT_ID, secret ?? CLIENT_SECRET);
  if (auth === 'post') Object.assign(body, { client_id: CLIENT_ID, client_secret: secret ?? CLIENT_SECRET });
  const res = await fetch(`${ISSUER}/token`, { method: 'POST', headers, body: new URLSearchParams(body) });
  let json;
  try { json = await res.json(); } catch { json = undefined; }
  return { status: res.status, json, headers: res.headers };
}

async function exchange(code, verifier) {
  return tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
}

async function userinfo(accessToken) {
  const res = await fetch(`${ISSUER}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, json: await res.json() };
}

async function revoke(token, hint) {
  const res = await fetch(`${ISSUER}/token/revocation`, {
    method: 'POST',
    headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, ...(hint ? { token_type_hint: hint } : {}) }),
  });
  return res.status;
}

function atHash(accessToken) {
  const digest = crypto.createHash(ALG === 'ES384' ? 'sha384' : 'sha256').update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

let jwksCache;
async function verifyIdToken(idToken) {
  const [h, p, s] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  jwksCache ??= await (await fetch(`${ISSUER}/jwks`)).json();
  const jwk = jwksCache.keys.find((k) => k.kid === header.kid);
  let valid = false;
  if (jwk) {
    const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    const data = Buffer.from(`${h}.${p}`);
    const sig = Buffer.from(s, 'base64url');
    valid = header.alg === 'ES384'
      ? crypto.verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
      : crypto.verify('sha256', data, key, sig);
  }
  return { header, claims, valid, jwk };
}

async function events(type) {
  return (await fetch(`${BASE}/test/events${type ? `?type=${type}` : ''}`)).json();
}

/** Email / phone sign-in through the HTML screens. Returns the app redirect. */
async function otpSignIn(browser, page, identifier, { expectScreen } = {}) {
  if (expectScreen) check(`screen is ${expectScreen}`, screenOf(page.text) === expectScreen, screenOf(page.text));
  let res = await submit(browser, page, 'submit', { identifier });
  check(`identifier ${identifier} leads to the code screen`, screenOf(res.text) === 'code', screenOf(res.text));
  const normalized = identifier.includes('@') ? identifier.toLowerCase() : identifier.replace(/\D/g, '');
  const file = path.join(stateDir, `otp-${normalized}.txt`);
  const code = fs.readFileSync(file, 'utf8').trim();
  check('OTP file has a 6-digit code', /^\d{6}$/.test(code), code);
  const viaHttp = await (await fetch(`${BASE}/test/otp?to=${encodeURIComponent(identifier)}`)).text();
  check('GET /test/otp returns the same code', viaHttp === code, viaHttp);
  return submit(browser, res, 'submit', { code });
}

function callbackParams(res) {
  return res.appRedirect ? Object.fromEntries(new URL(res.appRedirect).searchParams) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

async function testDiscovery() {
  const res = await fetch(`${ISSUER}/.well-known/openid-configuration`);
  const d = await res.json();
  check('discovery 200', res.status === 200);
  check('issuer', d.issuer === ISSUER, d.issuer);
  const paths = {
    authorization_endpoint: '/auth', token_endpoint: '/token', userinfo_endpoint: '/me',
    end_session_endpoint: '/session/end', jwks_uri: '/jwks', revocation_endpoint: '/token/revocation',
    introspection_endpoint: '/token/introspection',
  };
  for (const [field, p] of Object.entries(paths)) check(`discovery ${field}`, d[field] === `${ISSUER}${p}`, d[field]);
  check('id_token_signing_alg_values_supported', JSON.stringify(d.id_token_signing_alg_values_supported) === JSON.stringify([ALG]), d.id_token_signing_alg_values_supported);
  check('authorization_response_iss_parameter_supported', d.authorization_response_iss_parameter_supported === true);
  check('code_challenge_methods_supported S256 only', JSON.stringify(d.code_challenge_methods_supported) === '["S256"]');
  const scopes = 'openid offline_access profile email phone address custom_data identities roles urn:logto:scope:organizations urn:logto:scope:organization_roles'.split(' ');
  check('Logto scopes advertised', scopes.every((s) => d.scopes_supported.includes(s)), d.scopes_supported);
  check('Logto claims advertised', ['username', 'created_at', 'custom_data', 'identities', 'roles'].every((c) => d.claims_supported.includes(c)));
  check('client_secret_basic advertised', d.token_endpoint_auth_methods_supported.includes('client_secret_basic'));
  const fixture = path.join(here, '..', '..', '..', 'shared', 'fixtures', 'logto', 'openid-configuration.json');
  if (fs.existsSync(fixture)) {
    const real = JSON.parse(fs.readFileSync(fixture, 'utf8'));
    const missing = Object.keys(real).filter((k) => !(k in d));
    check('discovery has every field of the real Logto document', missing.length === 0, missing);
  }
  const jwks = await (await fetch(`${ISSUER}/jwks`)).json();
  check('JWKS has one key of the right type', jwks.keys.length === 1 && jwks.keys[0].alg === ALG
    && jwks.keys[0].kty === (ALG === 'ES384' ? 'EC' : 'RSA') && !('d' in jwks.keys[0]), jwks.keys);
}

async function testEmailFlow() {
  const browser = new Browser();
  const req = authUrl({
    prompt: 'login consent',
    first_screen: 'identifier:sign_in',
    identifier: 'email',
    login_hint: 'test.user@example.com',
    ui_locales: 'fr-CA en',
    resource: 'https://api.example.com',
  });
  let page = await browser.navigate(req.url);
  check('email flow: first screen sign-in:email', screenOf(page.text) === 'sign-in:email', screenOf(page.text) ?? page.text.slice(0, 300));
  check('login_hint pre-fills #identifier', inputValue(page.text, 'identifier') === 'test.user@example.com', inputValue(page.text, 'identifier'));
  check('ui_locales shown on the screen', page.text.includes('id="ui-locales"') && page.text.includes('fr-CA'));

  const last = await (await fetch(`${BASE}/test/last-auth`)).json();
  check('last-auth records ui_locales, resource, prompt', last.params.ui_locales === 'fr-CA en'
    && last.params.resource === 'https://api.example.com' && last.params.prompt === 'login consent'
    && last.logto_params_valid === true, last);
  const lines = fs.readFileSync(path.join(stateDir, 'auth-requests.jsonl'), 'utf8').trim().split('\n');
  check('auth-requests.jsonl appended', JSON.parse(lines.at(-1)).params.state === req.state);

  // Wrong code first.
  let res = await submit(browser, page, 'submit', { identifier: 'test.user@example.com' });
  check('code screen', screenOf(res.text) === 'code', screenOf(res.text));
  const wrong = await submit(browser, res, 'submit', { code: '000000' === fs.readFileSync(path.join(stateDir, 'otp-test.user@example.com.txt'), 'utf8') ? '111111' : '000000' });
  check('wrong code shows an error on the code screen', screenOf(wrong.text) === 'code' && wrong.text.includes('id="error"'));
  const code = fs.readFileSync(path.join(stateDir, 'otp-test.user@example.com.txt'), 'utf8').trim();
  res = await submit(browser, wrong, 'submit', { code });
  const cb = callbackParams(res);
  check('redirected to the app with code, state and iss', cb?.code && cb.state === req.state && cb.iss === ISSUER, res.appRedirect ?? res.text.slice(0, 400));

  // Token exchange (Basic).
  const tok = await exchange(cb.code, req.verifier);
  check('token exchange 200', tok.status === 200, tok.json);
  const t = tok.json;
  check('token response fields', ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type'].every((k) => k in t), Object.keys(t));
  check(`expires_in = ${AT_TTL}`, t.expires_in === AT_TTL, t.expires_in);
  check('access token is opaque (for userinfo)', t.access_token.split('.').length !== 3);
  const idt = await verifyIdToken(t.id_token);
  check(`ID token signed ${ALG} with a JWKS key`, idt.valid && idt.header.alg === ALG, idt.header);
  const c = idt.claims;
  check('ID token iss/aud/nonce', c.iss === ISSUER && c.aud === CLIENT_ID && c.nonce === req.nonce, c);
  check('ID token lives 1 h', c.exp - c.iat === 3600, c.exp - c.iat);
  check('ID token profile claims', c.sub === 'testuser0001' && c.name === 'Test User' && c.username === 'testuser'
    && c.picture === null, c);
  check('updated_at / created_at in milliseconds', c.updated_at > 1e12 && c.created_at > 1e12 && c.updated_at >= c.created_at, c);
  check('ID token email / phone claims', c.email === 'test.user@example.com' && c.email_verified === true
    && c.phone_number === '15555550123' && c.phone_number_verified === true, c);
  check('ID token roles', JSON.stringify(c.roles) === '["admin"]', c.roles);
  check('ID token has no identities/custom_data', !('identities' in c) && !('custom_data' in c), c);
  check('ID token at_hash matches the access token', c.at_hash === atHash(t.access_token), c.at_hash);

  const ui = await userinfo(t.access_token);
  check('userinfo 200, same sub', ui.status === 200 && ui.json.sub === c.sub, ui.json);
  check('userinfo claims', ui.json.email === 'test.user@example.com' && ui.json.updated_at > 1e12
    && JSON.stringify(ui.json.roles) === '["admin"]' && ui.json.picture === null, ui.json);

  // Refresh: rotation.
  const r1 = await tokenRequest({ grant_type: 'refresh_token', refresh_token: t.refresh_token });
  check('refresh 200', r1.status === 200, r1.json);
  check('refresh rotates the refresh token', r1.json.refresh_token && r1.json.refresh_token !== t.refresh_token);
  const idt2 = await verifyIdToken(r1.json.id_token);
  check('refreshed ID token keeps nonce and sub', idt2.valid && idt2.claims.nonce === req.nonce && idt2.claims.sub === c.sub, idt2.claims);
  check('refreshed ID token at_hash matches', idt2.claims.at_hash === atHash(r1.json.access_token), idt2.claims.at_hash);

  // Refresh with a resource: JWT access token for that API.
  const r2 = await tokenRequest({ grant_type: 'refresh_token', refresh_token: r1.json.refresh_token, resource: 'https://api.example.com' });
  check('refresh with resource gives a JWT for that audience', r2.status === 200
    && JSON.parse(Buffer.from(r2.json.access_token.split('.')[1], 'base64url')).aud === 'https://api.example.com', r2.json);

  // Revocation of the current refresh token.
  const current = r2.json.refresh_token;
  const status = await revoke(current, 'refresh_token');
  check('revocation 200', status === 200, status);
  const r3 = await tokenRequest({ grant_type: 'refresh_token', refresh_token: current });
  check('revoked refresh token gets invalid_grant', r3.status === 400 && r3.json.error === 'invalid_grant', r3.json);
  check('error body shaped like Logto', r3.json.code === 'oidc.invalid_grant' && r3.json.message === 'Grant request is invalid.', r3.json);
  const ui2 = await userinfo(t.access_token);
  check('access token of the revoked grant is rejected by userinfo', ui2.status === 401 && ui2.json.error === 'invalid_token', ui2.json);

  const ev = await events();
  const tokenEvents = ev.filter((e) => e.type === 'token');
  check('events: code exchange with basic auth', tokenEvents.some((e) => e.grant_type === 'authorization_code' && e.client_auth === 'basic' && e.ok && e.refresh_token_issued));
  check('events: refresh rotated', tokenEvents.some((e) => e.grant_type === 'refresh_token' && e.rotated === true));
  check('events: revocation', ev.some((e) => e.type === 'revocation' && e.token_type_hint === 'refresh_token' && e.ok && e.revoked_token_type === 'refresh_token'), ev.filter((e) => e.type === 'revocation'));
  check('events.jsonl does not contain raw tokens', !fs.readFileSync(path.join(stateDir, 'events.jsonl'), 'utf8').includes(current));

  return { browser, idToken: t.id_token };
}

async function testSessionAndSignOut(browser, idToken) {
  // The OP session is alive: a new request without prompt completes without any screen.
  const req = authUrl({ scope: 'openid profile' });
  let res = await browser.navigate(req.url);
  check('existing session: silent sign-in', callbackParams(res)?.code && callbackParams(res).state === req.state, res.appRedirect ?? screenOf(res.text));

  // Unregistered post_logout_redirect_uri.
  const bad = await browser.request(`${ISSUER}/session/end?${new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: `${APP}/not-registered` })}`);
  const badJson = JSON.parse(bad.text);
  check('unregistered post_logout_redirect_uri -> 400 invalid_request', bad.status === 400 && badJson.error === 'invalid_request'
    && badJson.error_description === 'post_logout_redirect_uri not registered', bad.text);

  const end = await browser.request(`${ISSUER}/session/end?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT, state: 'logout-state-123' })}`);
  check('end session GET 200 HTML with #logout-confirm', end.status === 200 && end.headers.get('content-type').startsWith('text/html')
    && end.text.includes('id="logout-confirm"') && screenOf(end.text) === 'sign-out', end.text.slice(0, 300));
  const form = formWith(end.text, 'logout-confirm');
  check('sign-out form posts to the confirm endpoint with xsrf', form?.action === `${ISSUER}/session/end/confirm` && form.fields.xsrf && form.fields.logout === 'yes', form);
  const confirm = await browser.request(form.action, { method: 'POST', form: form.fields });
  check('confirm 303 to post_logout_redirect_uri?state=', confirm.status === 303 && confirm.location === `${POST_LOGOUT}?state=logout-state-123`, `${confirm.status} ${confirm.location}`);
  check('_session cookie cleared', !browser.jar.has('_session'), [...browser.jar.keys()]);

  const again = await browser.navigate(authUrl({ scope: 'openid profile' }).url);
  check('after sign-out a new sign-in asks for credentials', screenOf(again.text) === 'sign-in', screenOf(again.text) ?? again.appRedirect);

  const ev = await events('end_session');
  check('events: end_session request and confirm', ev.some((e) => e.step === 'request' && e.state === 'logout-state-123') && ev.some((e) => e.step === 'confirm' && e.logout));
}

async function testSocial() {
  const browser = new Browser();
  const req = authUrl({
    scope: 'openid offline_access profile email identities custom_data',
    direct_sign_in: 'social:huggingface',
  });
  const page = await browser.navigate(req.url);
  check('direct_sign_in=social:huggingface opens the social page', screenOf(page.text) === 'social:huggingface', screenOf(page.text));
  const res = await submit(browser, page, 'authorize');
  const cb = callbackParams(res);
  check('social sign-in returns a code', cb?.code && cb.state === req.state, res.appRedirect ?? screenOf(res.text));
  const tok = await exchange(cb.code, req.verifier);
  check('social token exchange 200', tok.status === 200, tok.json);
  check('no refresh token without prompt=consent', !('refresh_token' in tok.json), Object.keys(tok.json));
  const idt = await verifyIdToken(tok.json.id_token);
  check('social ID token: email null, no identities', idt.claims.email === null && idt.claims.email_verified === false
    && !('identities' in idt.claims) && idt.claims.name === 'Hugging Face User', idt.claims);
  const ui = await userinfo(tok.json.access_token);
  const hf = ui.json.identities?.huggingface;
  check('userinfo identities.huggingface', hf?.userId === 'hf-123' && hf.details.username === 'hfuser'
    && hf.details.email === null && typeof hf.details.avatar === 'string', ui.json);
  check('userinfo custom_data and sso_identities', JSON.stringify(ui.json.custom_data) === '{}' && Array.isArray(ui.json.sso_identities), ui.json);
  check('HF user picture is served', (await fetch(ui.json.picture)).status === 200, ui.json.picture);
}

async function testReuseDetection() {
  const browser = new Browser();
  const req = authUrl({ prompt: 'consent', direct_sign_in: 'social:huggingface' });
  const page = await browser.navigate(req.url);
  const res = await submit(browser, page, 'authorize');
  const tok = await exchange(callbackParams(res).code, req.verifier);
  check('prompt=consent + offline_access issues a refresh token', typeof tok.json.refresh_token === 'string', Object.keys(tok.json));
  const r1 = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tok.json.refresh_token }, { auth: 'post' });
  check('refresh with client_secret_post also works', r1.status === 200, r1.json);
  const reuse = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tok.json.refresh_token });
  check('reused refresh token -> invalid_grant', reuse.status === 400 && reuse.json.error === 'invalid_grant', reuse.json);
  const after = await tokenRequest({ grant_type: 'refresh_token', refresh_token: r1.json.refresh_token });
  check('reuse revoked the whole grant (new token invalid too)', after.status === 400 && after.json.error === 'invalid_grant', after.json);
  const badSecret = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' }, { secret: 'wrong' });
  check('wrong secret -> 401 invalid_client', badSecret.status === 401 && badSecret.json.error === 'invalid_client'
    && badSecret.json.code === 'oidc.invalid_client', badSecret.json);
  const ev = await events('token');
  check('events: client_auth post recorded', ev.some((e) => e.client_auth === 'post' && e.grant_type === 'refresh_token'));
}

async function testScreens() {
  // Invalid first_screen drops every Logto parameter, login_hint and direct_sign_in too.
  let browser = new Browser();
  let page = await browser.navigate(authUrl({ first_screen: 'bogus', login_hint: 'someone@example.com', direct_sign_in: 'social:huggingface' }).url);
  check('invalid first_screen -> default sign-in screen', screenOf(page.text) === 'sign-in', screenOf(page.text));
  check('invalid first_screen drops login_hint', inputValue(page.text, 'identifier') === '', inputValue(page.text, 'identifier'));
  check('sign-in screen has #social-huggingface and #cancel', page.text.includes('id="social-huggingface"') && page.text.includes('id="cancel"'));
  const last = await (await fetch(`${BASE}/test/last-auth`)).json();
  check('last-auth marks Logto params invalid', last.logto_params_valid === false && last.params.first_screen === 'bogus', last);

  // Cancel -> access_denied back to the app.
  const req = authUrl();
  page = await browser.navigate(req.url);
  const cancelled = await submit(browser, page, 'cancel');
  const cb = callbackParams(cancelled);
  check('#cancel -> error=access_denied to the app', cb?.error === 'access_denied' && cb.state === req.state && cb.iss === ISSUER, cancelled.appRedirect ?? screenOf(cancelled.text));

  // Phone identifier screen, seeded phone-only user.
  browser = new Browser();
  const phoneReq = authUrl({ first_screen: 'identifier:sign_in', identifier: 'phone', prompt: 'login' });
  page = await browser.navigate(phoneReq.url);
  const bad = await submit(browser, page, 'submit', { identifier: 'test.user@example.com' });
  check('phone screen rejects an email with #error', screenOf(bad.text) === 'sign-in:phone' && bad.text.includes('id="error"'), screenOf(bad.text));
  const res = await otpSignIn(browser, page, '15555550199', { expectScreen: 'sign-in:phone' });
  const tok = await exchange(callbackParams(res).code, phoneReq.verifier);
  const { claims } = await verifyIdToken(tok.json.id_token);
  check('phone user: no email, username phoneuser, name null', claims.sub === 'phoneuser001' && claims.email === null
    && claims.username === 'phoneuser' && claims.name === null && claims.phone_number === '15555550199', claims);
  check('prompt=login alone: no refresh token', !('refresh_token' in tok.json));

  // Register screens.
  browser = new Browser();
  page = await browser.navigate(authUrl({ first_screen: 'register' }).url);
  check('first_screen=register -> register screen with "Create account"', screenOf(page.text) === 'register' && page.text.includes('Create account'), screenOf(page.text));
  browser = new Browser();
  const regReq = authUrl({ first_screen: 'identifier:register', identifier: 'email', scope: 'openid profile email' });
  page = await browser.navigate(regReq.url);
  const newEmail = `new.${Date.now()}@Example.com`;
  const reg = await otpSignIn(browser, page, newEmail, { expectScreen: 'register:email' });
  const regTok = await exchange(callbackParams(reg).code, regReq.verifier);
  const regClaims = (await verifyIdToken(regTok.json.id_token)).claims;
  check('new email user registered', regClaims.email === newEmail.toLowerCase() && regClaims.email_verified === true && regClaims.sub.length === 12, regClaims);
  const signIns = await events('sign_in');
  check('events: sign_in registered', signIns.some((e) => e.registered && e.sub === regClaims.sub && e.method === 'email-otp'));

  browser = new Browser();
  page = await browser.navigate(authUrl({ first_screen: 'identifier:register', identifier: 'phone' }).url);
  check('identifier:register + phone -> register:phone', screenOf(page.text) === 'register:phone', screenOf(page.text));

  // Unknown direct sign-in target falls back to the first screen, keeping login_hint.
  browser = new Browser();
  page = await browser.navigate(authUrl({ direct_sign_in: 'social:github', first_screen: 'identifier:sign_in', identifier: 'email', login_hint: 'a@example.com' }).url);
  check('unknown social target -> fallback first screen with login_hint', screenOf(page.text) === 'sign-in:email' && inputValue(page.text, 'identifier') === 'a@example.com', screenOf(page.text));

  // PKCE is required.
  browser = new Browser();
  const noPkce = authUrl({}, { withPkce: false });
  const np = await browser.navigate(noPkce.url);
  const npcb = callbackParams(np);
  check('missing PKCE -> invalid_request', npcb?.error === 'invalid_request', np.appRedirect ?? np.text.slice(0, 200));

  // Unregistered redirect_uri: JSON error, not a redirect.
  const badRedirect = await browser.request(`${ISSUER}/auth?${new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: `${APP}/evil`, scope: 'openid', state: 's' })}`, { headers: { accept: 'text/html' } });
  const brJson = JSON.parse(badRedirect.text);
  check('unregistered redirect_uri -> 400 JSON invalid_redirect_uri', badRedirect.status === 400 && brJson.error === 'invalid_redirect_uri' && brJson.code === 'oidc.invalid_redirect_uri', badRedirect.text);
}

/** Signs in to the smoke app (email code) and then to the second app in the same session. */
async function signInToBothApps() {
  const browser = new Browser();
  const req = authUrl({ prompt: 'login consent', first_screen: 'identifier:sign_in', identifier: 'email' });
  const page = await browser.navigate(req.url);
  const res = await otpSignIn(browser, page, 'test.user@example.com');
  const tok = await exchange(callbackParams(res).code, req.verifier);
  const second = await browser.navigate(`${BASE}/second-app/sign-in`);
  return { browser, tokens: tok.json, secondScreen: screenOf(second.text), second };
}

/** Signs out from the second app and confirms at the provider; returns the confirm answer. */
async function signOutOfSecondApp(browser, secondPage) {
  const link = /id="second-app-sign-out" href="([^"]*)"/.exec(secondPage.text)?.[1];
  if (!link) throw new Error(`no sign-out link on the second app: ${secondPage.text.slice(0, 300)}`);
  const end = await browser.navigate(new URL(link, secondPage.url).href);
  const form = formWith(end.text, 'logout-confirm');
  const started = Date.now();
  const confirm = await browser.request(form.action, { method: 'POST', form: form.fields });
  return { confirm, ms: Date.now() - started };
}

async function testBackchannelLogout() {
  receiver.mode = 'ok';
  receiver.requests.length = 0;
  await fetch(`${BASE}/test/reset`, { method: 'POST' });
  const { browser, tokens, secondScreen, second } = await signInToBothApps();
  check('second app: signed in with the provider session (no screen)', secondScreen === 'second-app:signed-in', secondScreen ?? second.text.slice(0, 300));
  const idt = await verifyIdToken(tokens.id_token);
  check('ID token has sid (back-channel URI + session required)', typeof idt.claims.sid === 'string' && idt.claims.sid.length > 0, idt.claims);
  const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
  const idt2 = await verifyIdToken(refreshed.json.id_token);
  check('refreshed ID token repeats sid', idt2.claims.sid === idt.claims.sid, idt2.claims);

  const { confirm } = await signOutOfSecondApp(browser, second);
  check('second app sign-out: confirm 303 back to the second app', confirm.status === 303 && confirm.location === `${BASE}/second-app/`, `${confirm.status} ${confirm.location}`);
  check('receiver got exactly one logout request', receiver.requests.length === 1, receiver.requests);
  const got = receiver.requests[0] ?? {};
  check('logout request: POST form to the registered URI', got.method === 'POST' && got.url === '/backchannel-logout'
    && got.contentType === 'application/x-www-form-urlencoded', got);
  const fields = [...new URLSearchParams(got.body ?? '')];
  check('logout request body is logout_token only', fields.length === 1 && fields[0][0] === 'logout_token', fields.map(([k]) => k));
  const token = await verifyIdToken(fields[0]?.[1] ?? 'e30.e30.');
  const { header, claims } = token;
  check(`logout token signed ${ALG} with a JWKS key`, token.valid && header.alg === ALG && header.kid === token.jwk?.kid, header);
  check('logout token typ is logout+jwt', header.typ === 'logout+jwt', header);
  check('logout token has no exp and no nonce (like Logto)', !('exp' in claims) && !('nonce' in claims), claims);
  check('logout token iss, aud (a string), iat', claims.iss === ISSUER && claims.aud === CLIENT_ID
    && Number.isInteger(claims.iat) && Math.abs(claims.iat - Date.now() / 1000) < 60, claims);
  check('logout token jti has 21 characters', typeof claims.jti === 'string' && /^[A-Za-z0-9_-]{21}$/.test(claims.jti), claims.jti);
  check('logout token sub and the ID token sid', claims.sub === 'testuser0001' && claims.sid === idt.claims.sid, claims);
  check('logout token events', JSON.stringify(claims.events) === '{"http://schemas.openid.net/event/backchannel-logout":{}}', claims.events);
  check('logout token has exactly Logto\'s claims', JSON.stringify(Object.keys(claims).sort()) === '["aud","events","iat","iss","jti","sid","sub"]', Object.keys(claims));

  const sent = await events('backchannel_logout');
  const mine = sent.find((e) => e.client_id === CLIENT_ID);
  check('events: back-channel send to the app, 200', mine?.ok === true && mine.status === 200 && mine.uri === `${RECEIVER}/backchannel-logout`
    && mine.sid_sent === true && mine.header?.typ === 'logout+jwt', sent);
  check('events: the initiating second app was sent one too', sent.some((e) => e.client_id === 'e2e-second-app' && e.ok && e.status === 200), sent);
  check('events do not contain the logout token', !fs.readFileSync(path.join(stateDir, 'events.jsonl'), 'utf8').includes(fields[0]?.[1] ?? '-'));
  const home = await browser.navigate(`${BASE}/second-app/`);
  check('second app: signed out', screenOf(home.text) === 'second-app', screenOf(home.text));

  // A redirect is not followed (and is not a success); no retry.
  receiver.mode = 'redirect';
  receiver.requests.length = 0;
  let both = await signInToBothApps();
  let out = await signOutOfSecondApp(both.browser, both.second);
  check('a 302 from the receiver is not followed, no retry', receiver.requests.length === 1 && out.confirm.status === 303, receiver.requests.map((r) => r.url));
  let last = (await events('backchannel_logout')).filter((e) => e.client_id === CLIENT_ID).at(-1);
  check('events: the 302 is recorded as a failure', last?.status === 302 && last.ok === false, last);

  // A receiver that takes longer than 2.5 s is given up on; sign-out goes on.
  receiver.mode = 'slow';
  receiver.requests.length = 0;
  both = await signInToBothApps();
  out = await signOutOfSecondApp(both.browser, both.second);
  check('a slow receiver is given up on after 2.5 s', out.confirm.status === 303 && out.ms >= 2400 && out.ms < 4000, out.ms);
  last = (await events('backchannel_logout')).filter((e) => e.client_id === CLIENT_ID).at(-1);
  check('events: the timeout is recorded, no retry', last?.error === 'timeout' && last.ok === false && receiver.requests.length === 1, last);
  receiver.mode = 'ok';
}

async function testKeyRotation() {
  const other = ALG === 'ES384' ? 'RS256' : 'ES384';
  const rot = await (await fetch(`${BASE}/test/rotate-keys?alg=${other}`, { method: 'POST' })).json();
  const d = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json();
  check('key rotation switches discovery alg', rot.ok && JSON.stringify(d.id_token_signing_alg_values_supported) === JSON.stringify([other]), d.id_token_signing_alg_values_supported);
  const jwks = await (await fetch(`${ISSUER}/jwks`)).json();
  check('JWKS keeps the previous key', jwks.keys.length === 2 && jwks.keys[0].kid === rot.kid, jwks.keys.map((k) => k.alg));
  jwksCache = undefined;
  const browser = new Browser();
  const req = authUrl({ direct_sign_in: 'social:huggingface' });
  const page = await browser.navigate(req.url);
  const res = await submit(browser, page, 'authorize');
  const tok = await exchange(callbackParams(res).code, req.verifier);
  const idt = await verifyIdToken(tok.json.id_token);
  check(`after rotation ID token is ${other} with the new kid`, idt.valid && idt.header.alg === other && idt.header.kid === rot.kid, idt.header);
}

let exitCode = 0;
try {
  console.log(`# fake Logto at ${BASE}, OP_SIGNING_ALG=${ALG}, OP_ACCESS_TOKEN_TTL=${AT_TTL}`);
  await testDiscovery();
  const { browser, idToken } = await testEmailFlow();
  await testSessionAndSignOut(browser, idToken);
  await testSocial();
  await testReuseDetection();
  await testScreens();
  await testBackchannelLogout();
  await testKeyRotation();
  check('server printed only the OP_READY line on stdout', stdoutExtra === '', stdoutExtra);
} catch (err) {
  check('smoke test ran to the end', false, err.stack);
}
if (failed) exitCode = 1;
stopServer();
await new Promise((resolve) => {
  if (child.exitCode !== null) resolve();
  else child.on('exit', resolve);
});
receiverServer.closeAllConnections();
receiverServer.close();
fs.rmSync(stateDir, { recursive: true, force: true });
if (failed) console.log(`--- server stderr ---\n${stderrText}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
