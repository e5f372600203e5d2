/**
 * The audit trail's hold on every GraphQL response: the request's field decisions are appended
 * (one batched write per request, shared with concurrent requests) before the result is handed to
 * the serialiser, and a result whose decisions could not be recorded is replaced by an error:
 * nothing is disclosed that the trail does not hold. Refused authentications are recorded too.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { AuditBatcher } from '../audit/batcher.ts';
import { disclosureEntries } from '../audit/disclosures.ts';
import { operationHash, payloadHash } from '../audit/hash.ts';
import type { ServerContext } from './yoga.ts';

export interface AuditPluginOptions {
  batcher: AuditBatcher;
  groupOf?: (kind: string, pointer: string) => string | undefined;
  logger?: Logger;
}

export const AUDIT_UNAVAILABLE = 'AUDIT_UNAVAILABLE';

function withheld() {
  return {
    errors: [
      createGraphQLError('the response was withheld: the audit trail could not record it; try again later', {
        extensions: { code: AUDIT_UNAVAILABLE, http: { status: 503 } },
      }),
    ],
  };
}

export function auditPlugin(options: AuditPluginOptions): Plugin<{}, ServerContext> {
  const { batcher, groupOf, logger } = options;
  // Requests inside the pipeline, so that a batch being formed waits for them (see AuditBatcher.enter).
  const underWay = new WeakMap<object, () => void>();
  const leave = (state: object | undefined) => {
    if (!state) return;
    underWay.get(state)?.();
    underWay.delete(state);
  };
  return {
    onParams({ params, context }) {
      const state = context.state;
      if (state && typeof params.query === 'string') state.operationHash = operationHash(params.query, params.operationName);
      if (state && !underWay.has(state)) underWay.set(state, batcher.enter());
    },
    onResponse({ serverContext }) {
      leave((serverContext as Partial<ServerContext> | undefined)?.state);
    },
    async onResultProcess({ result, setResult, serverContext }) {
      const state = serverContext.state;
      if (!state) return;
      leave(state);
      if (state.refusal) {
        try {
          await batcher.append([{ type: 'auth-refused', ...(state.operationHash ? { operationHash: state.operationHash } : {}), details: { code: state.refusal } }]);
        } catch (error) {
          // The request is refused either way; a lost refusal record is reported, not hidden.
          logger?.error({ err: error, component: 'audit', requestId: state.requestId }, 'audit: refused authentication not recorded');
        }
        return;
      }
      if (!state.disclosures.length) return;
      const records = state.disclosures.splice(0);
      try {
        const entries = disclosureEntries(records, {
          ...(state.principal ? { principal: state.principal } : {}),
          ...(state.operationHash ? { operationHash: state.operationHash } : {}),
          payloadHash: payloadHash(JSON.stringify(result)),
          ...(groupOf ? { groupOf } : {}),
        });
        await batcher.append(entries);
      } catch (error) {
        logger?.error({ err: error, component: 'audit', requestId: state.requestId }, 'audit: disclosure not recorded, response withheld');
        setResult(withheld());
      }
    },
  };
}
