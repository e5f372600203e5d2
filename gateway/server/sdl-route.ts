/**
 * GET /graphql/sdl: the schema this gateway serves, as SDL, without a token (like the spec's own
 * schemas: it holds the API's shape, never data). Printed once per schema; the repository's
 * schema/nrx.graphql is the same text for a gateway on the base spec.
 */
import type { ServerResponse } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import { printSdl } from '../../schema/graphql/sdl.ts';
import type { ServerContext } from './yoga.ts';

const printed = new WeakMap<object, Buffer>();

export function sendSdl(res: ServerResponse, yoga: YogaServerInstance<ServerContext, {}> | undefined): void {
  if (!yoga) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
    return void res.end('the gateway is starting; try again shortly\n');
  }
  const schema = yoga.getEnveloped({} as never).schema;
  let body = printed.get(schema);
  if (!body) printed.set(schema, (body = Buffer.from(printSdl(schema))));
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), 'cache-control': 'public, max-age=300' });
  res.end(body);
}
