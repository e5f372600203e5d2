/**
 * The web console at /console: its page, its own modules (console/*.js, styles, message files),
 * the front-end libraries it imports (an allow-list of files resolved from this project's
 * node_modules, never a CDN), and the sign-in API (console-session.ts). Everything is sent with a
 * strict Content-Security-Policy: scripts only from this origin (and the page's import map by its
 * hash), no eval, no inline style, connections only back to this gateway.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../lib/spec/paths.ts';
import type { ConsoleSession } from './console-session.ts';
import { CALLBACK_PATH } from './console-oidc.ts';
import { consoleLanguages } from './console-languages.ts';
import { GRAPHIQL_POLICY, graphiqlAsset } from './graphiql-assets.ts';

const CONSOLE_DIR = join(repoRoot, 'console');

/** The only library files a browser may fetch, by the bare specifier the console imports them by. */
const VENDOR_MODULES: Record<string, string> = {
  preact: 'preact',
  'preact/hooks': 'preact/hooks',
  htm: 'htm',
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export const vendorUrl = (specifier: string) => `/console/vendor/${specifier.replace('/', '-')}.js`;

/** The policy of every console answer; `importMapHash` admits the one inline script, the import map. */
function contentSecurityPolicy(importMapHash?: string): string {
  return [
    "default-src 'none'",
    `script-src 'self'${importMapHash ? ` '${importMapHash}'` : ''}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

function indexPage(): { html: Buffer; policy: string } {
  const importMap = JSON.stringify({ imports: Object.fromEntries(Object.keys(VENDOR_MODULES).map((s) => [s, vendorUrl(s)])) });
  const hash = `sha256-${createHash('sha256').update(importMap).digest('base64')}`;
  const html = `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>NRX console</title>
<link rel="stylesheet" href="/console/app/console.css">
<script type="importmap">${importMap}</script>
<script type="module" src="/console/app/main.js"></script>
</head>
<body>
<div id="app"><noscript>The NRX console needs JavaScript.</noscript></div>
</body>
</html>
`;
  return { html: Buffer.from(html), policy: contentSecurityPolicy(hash) };
}

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

const etagOf = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

function readStatic(file: string): StaticFile | undefined {
  const type = CONTENT_TYPES[extname(file)];
  if (!type) return undefined;
  try {
    const body = readFileSync(file);
    return { body, type, etag: etagOf(body) };
  } catch {
    return undefined;
  }
}

/** A console file by its path under /console/app/, refusing anything outside the console folder. */
function appFile(relativePath: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9_\-/.]*$/i.test(relativePath) || relativePath.includes('..')) return undefined;
  const file = join(CONSOLE_DIR, relativePath);
  try {
    const real = realpathSync(file);
    return real.startsWith(realpathSync(CONSOLE_DIR) + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

export interface ConsoleRouteOptions {
  session: ConsoleSession;
}

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

export function consoleRoute(options: ConsoleRouteOptions) {
  const index = indexPage();
  const cache = new Map<string, StaticFile | undefined>();
  const vendorFiles = new Map(Object.keys(VENDOR_MODULES).map((s) => [vendorUrl(s), fileURLToPath(import.meta.resolve(VENDOR_MODULES[s]!))]));
  // Each file is read once: the console's files change with a deployment, like the gateway's code.
  const cached = (file: string) => {
    if (!cache.has(file)) cache.set(file, readStatic(file));
    return cache.get(file);
  };

  function sendFile(req: IncomingMessage, res: ServerResponse, file: StaticFile, cacheControl: string, policy = index.policy) {
    const headers = { ...SECURITY_HEADERS, 'content-security-policy': policy, 'content-type': file.type, etag: file.etag, 'cache-control': cacheControl };
    if (req.headers['if-none-match'] === file.etag) return void (res.writeHead(304, headers), res.end());
    res.writeHead(200, { ...headers, 'content-length': String(file.body.length) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  /** Answers a request under /console; false when the path is not the console's. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL, send: Send): Promise<boolean> {
    const path = url.pathname;
    if (path !== '/console' && !path.startsWith('/console/')) return false;
    const secured: Send = (r, status, body, headers = {}) => send(r, status, body, { ...SECURITY_HEADERS, 'cache-control': 'no-store', ...headers });
    if (path === '/console/api/session' || path === '/console/api/session/oidc') {
      if (req.method !== 'POST') return secured(res, 405, { error: 'POST to sign in' }, { allow: 'POST' }), true;
      const { oidc } = options.session;
      if (path === '/console/api/session') await options.session.signIn(req, res, secured);
      else if (oidc) oidc.claim(req, res, secured, options.session.memberName);
      else secured(res, 404, { error: 'OpenID Connect sign-in is not configured on this gateway (console.oidc)', code: 'CONSOLE_SIGN_IN_OFF' });
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return secured(res, 405, { error: `${req.method} is not supported on ${path}` }, { allow: 'GET, HEAD' }), true;
    if (path === '/console/api/sign-in') return secured(res, 200, options.session.offer()), true;
    if (path === '/console/api/languages') return secured(res, 200, consoleLanguages()), true;
    if (path === '/console/oidc/login' || path === CALLBACK_PATH) {
      const { oidc } = options.session;
      if (!oidc) return secured(res, 404, { error: 'OpenID Connect sign-in is not configured on this gateway (console.oidc)', code: 'CONSOLE_SIGN_IN_OFF' }), true;
      await (path === CALLBACK_PATH ? oidc.callback(req, res, url, secured) : oidc.login(res, url, secured));
      return true;
    }
    if (path === '/console' || path === '/console/') {
      // The page itself is never cached: it names the current modules and carries the policy.
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-security-policy': index.policy, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(index.html.length) });
      return res.end(req.method === 'HEAD' ? undefined : index.html), true;
    }
    if (path.startsWith('/console/graphiql/')) {
      const asset = await graphiqlAsset(path.slice('/console/graphiql/'.length));
      if (!asset) return secured(res, 404, { error: `nothing at ${path}` }), true;
      return sendFile(req, res, asset, 'public, max-age=86400', GRAPHIQL_POLICY), true;
    }
    const vendor = vendorFiles.get(path);
    const file = vendor ? cached(vendor) : path.startsWith('/console/app/') ? (() => { const f = appFile(path.slice('/console/app/'.length)); return f && cached(f); })() : undefined;
    if (!file) return secured(res, 404, { error: `nothing at ${path}` }), true;
    // Library files change only with the lockfile; the console's own are revalidated by their etag.
    sendFile(req, res, file, vendor ? 'public, max-age=86400' : 'no-cache');
    return true;
  };
}

export type ConsoleRoute = ReturnType<typeof consoleRoute>;
