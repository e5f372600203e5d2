/**
 * GraphQL over HTTP for the gateway: graphql-yoga with authentication before anything about the
 * schema is revealed, armor limits, and no request content in logs.
 */
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { AuthError, type Authenticator, type Principal } from '../auth/types.ts';
import type { GatewayConfig } from '../config/types.ts';
import { responseExtensions, type RequestContext } from '../request/context.ts';
import { limitsPlugin } from './limits-plugin.ts';
import { renderOfflineGraphiQL } from './graphiql-assets.ts';
import { graphqlErrorOf, maskError } from '../../schema/graphql/errors.ts';

/** Yoga's server context is the request context itself: the one object a request's state lives in. */
export type ServerContext = RequestContext;

/** A refused token as GraphQL answers it: its code, HTTP 401 and the challenge, from the registry (schema/graphql/errors.ts). */
export function authError(error: AuthError): GraphQLError {
  return graphqlErrorOf(error)!;
}

/**
 * Authenticates every GraphQL request once its parameters are read, before parsing or validation,
 * so that nothing about the schema (not even a validation message) reaches an unauthenticated caller.
 * The GraphiQL page itself is served before this hook; its requests must carry a token.
 */
function authenticate(authenticator: Authenticator): Plugin<{}, ServerContext> {
  const accept = (context: ServerContext, principal: Principal, params: { query?: unknown; operationName?: unknown }) => {
    context.principal = principal;
    if (typeof params.query === 'string') context.operation = { document: params.query, name: typeof params.operationName === 'string' ? params.operationName : null };
  };
  const refuse = (context: ServerContext, error: unknown): never => {
    if (error instanceof AuthError) {
      context.refusal = error.code;
      throw authError(error);
    }
    throw error;
  };
  return {
    onParams({ request, params, context }) {
      const authorization = request.headers.get('authorization');
      // A token already verified answers synchronously: no promise, no extra turn of the pipeline.
      const known = authenticator.verified(authorization);
      if (known) return accept(context, known, params);
      return authenticator.authenticate(authorization).then(
        (principal) => accept(context, principal, params),
        (error: unknown) => refuse(context, error),
      );
    },
  };
}

export interface GatewayYogaOptions {
  schema: GraphQLSchema;
  authenticator: Authenticator;
  limits: GatewayConfig['limits'];
  graphiql: boolean;
  /** Query pre-filled in GraphiQL. */
  defaultQuery?: string;
  /** Plugins run after the built-in ones (the audit trail's). */
  plugins?: Plugin<{}, ServerContext>[];
}

/** Adds `extensions.nrx` (withheld paths, misfit transforms, connector problems) to a single (non-streamed) execution result. */
function nrxExtensions(): Plugin<ServerContext, ServerContext> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const nrx = responseExtensions(args.contextValue);
          if (nrx) setResult({ ...result, extensions: { ...result.extensions, nrx } });
        },
      };
    },
  };
}

export function createGatewayYoga(options: GatewayYogaOptions): YogaServerInstance<ServerContext, {}> {
  const { limits } = options;
  return createYoga<ServerContext>({
    schema: options.schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
    // The schema is fixed for the life of the process, so parsed and validated documents are reused.
    parserAndValidationCache: true,
    graphiql: options.graphiql ? { title: 'NRX gateway', ...(options.defaultQuery ? { defaultQuery: options.defaultQuery } : {}) } : false,
    // GraphiQL's files come from this gateway (graphiql-assets.ts), never from a CDN.
    renderGraphiQL: renderOfflineGraphiQL,
    // Every error becomes what the registry says (lib/error-codes.ts); anything else is masked.
    maskedErrors: { maskError },
    // CORS is answered at the HTTP edge (cors.ts) from the configured allow-list.
    cors: false,
    // The HTTP surface (http.ts) enforces limits.maxBodyBytes before yoga sees the request: by the
    // declared length, and by counting a streamed body as it arrives. Yoga's own limit would wrap
    // every body in a transform stream and a pipeline, a second check that cost a quarter of the
    // gateway's CPU per request.
    maxRequestBodySize: false,
    plugins: [
      authenticate(options.authenticator),
      limitsPlugin(limits),
      nrxExtensions(),
      ...(options.plugins ?? []),
    ],
  });
}
