/**
 * GraphiQL without a CDN: yoga's own GraphiQL build, as shipped in `@graphql-yoga/render-graphiql`
 * (its script, stylesheet and Monaco's three workers), served as files under /console/graphiql/ and
 * started by a small module of the console (console/graphiql-boot.js). The page keeps scripts to
 * this origin; Monaco writes its styles into the page at run time, so styles may be inline there.
 */
import { createHash } from 'node:crypto';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const JS = 'text/javascript; charset=utf-8';

/** The files by their name under /console/graphiql/, read from the package on first use (9 MB: never at start-up). */
let assets: Promise<Map<string, Asset>> | undefined;

function loadAssets(): Promise<Map<string, Asset>> {
  assets ??= import(new URL('./graphiql.js', import.meta.resolve('@graphql-yoga/render-graphiql')).href).then((bundle: Record<string, string>) => {
    const asset = (text: string, type: string): Asset => {
      const body = Buffer.from(text);
      return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    };
    const favicon = /^data:image\/x-icon;base64,(.*)$/.exec(bundle.favicon ?? '')?.[1];
    return new Map([
      ['graphiql.js', asset(bundle.js!, JS)],
      ['graphiql.css', asset(bundle.css!, 'text/css; charset=utf-8')],
      ['editorWorkerService.js', asset(bundle.editorWorkerService!, JS)],
      ['json.js', asset(bundle.jsonWorker!, JS)],
      ['graphql.js', asset(bundle.graphqlWorker!, JS)],
      ...(favicon ? [['favicon.ico', { ...asset('', 'image/x-icon'), body: Buffer.from(favicon, 'base64') }] as [string, Asset]] : []),
    ]);
  });
  return assets;
}

/** A GraphiQL file by its name, or undefined when there is none by that name. */
export async function graphiqlAsset(name: string): Promise<Asset | undefined> {
  return (await loadAssets()).get(name);
}

/** The policy of the GraphiQL page: scripts and workers from this origin only, no eval. */
export const GRAPHIQL_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The GraphiQL page yoga answers GET /graphql with (its `renderGraphiQL` option). Its options are
 * a JSON data block the boot module reads: data, never a script.
 */
export function renderOfflineGraphiQL(options: Record<string, unknown> = {}): string {
  const data = JSON.stringify(options).replace(/</g, '\\u003c');
  const title = escapeHtml(String(options.title ?? 'GraphiQL'));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${GRAPHIQL_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="/console/graphiql/favicon.ico">
<link rel="stylesheet" href="/console/graphiql/graphiql.css">
<script type="application/json" id="graphiql-options">${data}</script>
<script src="/console/graphiql/graphiql.js" defer></script>
<script type="module" src="/console/app/graphiql-boot.js"></script>
</head>
<body id="body" class="no-focus-outline">
<div id="root"></div>
</body>
</html>
`;
}
