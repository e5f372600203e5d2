/**
 * The HTTP server, listening from the first moment of start-up so that /health answers at once;
 * /ready and everything behind it wait until the gateway publishes its routes (`routes()` defined).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import type { Logger } from 'pino';
import type { TrustList } from '../../auth/types.ts';
import type { GatewayConfig } from '../../config/types.ts';
import { NrxError } from '../../../lib/errors.ts';
import { consoleRoute } from '../console-route.ts';
import { consoleSession } from '../console-session.ts';
import { createHttpEdge, type HttpEdge } from '../edge.ts';
import { createHttpHandler } from '../http.ts';
import { peerRouter } from '../peer-route.ts';
import type { ServedRoutes } from './serving.ts';
import type { GatewaySpec } from './spec.ts';
import type { Teardown } from './teardown.ts';

export interface HttpServing {
  server: Server;
  url: string;
  port: number;
  /** Rate limits, CORS and the worker pool, shared with what is served. */
  edge: HttpEdge;
  /** Stops accepting requests and ends open connections (once, however often called). */
  close(): Promise<void>;
}

export class PortInUseError extends NrxError<'PORT_IN_USE'> {
  constructor(host: string, port: number) {
    super('PORT_IN_USE', `port ${port} on ${host} is already in use; stop what runs there or choose another port (NRX_PORT or listen.port)`);
  }
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startHttpServer(input: {
  config: GatewayConfig;
  spec: GatewaySpec;
  publicJwk: JWK;
  trustList: TrustList;
  logger: Logger;
  routes: () => ServedRoutes | undefined;
  teardown: Teardown;
}): Promise<HttpServing> {
  const { config, trustList, routes, teardown } = input;
  const edge = createHttpEdge(config);
  teardown.add(() => edge.close());
  const handler = createHttpHandler({
    edge,
    gatewayId: config.gatewayId,
    federation: trustList.federation,
    publicUrl: config.publicUrl,
    ...(config.profile ? { profile: config.profile } : {}),
    spec: input.spec.base,
    validator: input.spec.validator,
    publicJwk: input.publicJwk,
    maxBodyBytes: config.limits.maxBodyBytes,
    logger: input.logger,
    isReady: () => routes() !== undefined,
    yoga: () => routes()?.yoga,
    peer: peerRouter(() => routes()?.peer),
    directory: () => routes()?.directory,
    statistics: () => routes()?.statistics,
    auditExport: () => routes()?.auditExport,
    ...(config.console?.enabled !== false ? { console: consoleRoute({ session: consoleSession({ config, spec: input.spec.spec, trustList: () => trustList }) }) } : {}),
  });
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => void handler(req, res));
  server.keepAliveTimeout = 5_000;
  const address = await listen(server, config.listen.host, config.listen.port);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  teardown.add(close);
  return { server, url: `http://${host}:${address.port}`, port: address.port, edge, close };
}
