// A widget back end written the way Node back ends are: node:http, tokens verified with jose
// (https://github.com/panva/jose, jwtVerify: signature, exp/nbf/iat, audience), the body read as JSON or as the
// PHP-style form the platform posts (data[lead]=1). Before it would send its access token to a widget_request's
// return_url it checks that the URL is https on the account's own host, as careful back ends do. Run by the Pester
// tests: node server.mjs, configured by environment variables:
//   PORT                 the loopback port to listen on
//   AMO_CLIENT_SECRET    the integration's secret
//   AMO_REDIRECT_URI     the integration's redirect URI; aud is its scheme://host
import http from 'node:http';
import { jwtVerify } from 'jose';

const secret = new TextEncoder().encode(process.env.AMO_CLIENT_SECRET);
const redirect = new URL(process.env.AMO_REDIRECT_URI);
const audience = `${redirect.protocol}//${redirect.hostname}`;
const accountHost = /^[a-z0-9-]+\.(amocrm\.ru|amocrm\.com|kommo\.com)$/;

// a[b][c]=v → { a: { b: { c: v } } }
function parseForm(text) {
  const result = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split(/[[\]]+/).filter(Boolean);
    let node = result;
    path.slice(0, -1).forEach((part) => { node = node[part] ??= {}; });
    node[path[path.length - 1]] = value;
  }
  return result;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return (req.headers['content-type'] ?? '').startsWith('application/json') ? JSON.parse(text) : parseForm(text);
}

// The continue call carries the access token: only https on the host the token's iss names.
function isSafeReturnUrl(returnUrl, claims) {
  try {
    const url = new URL(returnUrl);
    return url.protocol === 'https:' && url.host === new URL(claims.iss).host && accountHost.test(url.host);
  } catch {
    return false;
  }
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const routes = {
  '/salesbot': async (body) => {
    const { payload } = await jwtVerify(body.token, secret, { algorithms: ['HS512'], audience });
    const safe = isSafeReturnUrl(body.return_url, payload);
    return { ok: true, subdomain: payload.subdomain, entity_type: payload.entity_type, data: body.data, continue: safe ? 'accepted' : 'refused: return_url is not https on the account host' };
  },
  '/sms': async (body) => {
    const { payload } = await jwtVerify(body.token, secret, { algorithms: ['HS256'], audience });
    return { ok: true, subdomain: payload.subdomain, phone: body.phone, text: body.text };
  },
};

http.createServer(async (req, res) => {
  const route = routes[new URL(req.url, 'http://localhost').pathname];
  if (!route || req.method !== 'POST') return send(res, 404, { error: 'not found' });
  let body;
  try {
    body = await readBody(req);
  } catch (error) {
    return send(res, 400, { error: `unreadable body: ${error.message}` });
  }
  try {
    send(res, 200, await route(body));
  } catch (error) {
    send(res, 401, { error: error.code ?? error.message });
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
