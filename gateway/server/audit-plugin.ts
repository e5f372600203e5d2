/**
 * The audit trail's hold on every GraphQL response: the request's field decisions are appended
 * (one batched write per request, shared with concurrent requests) before the result is handed to
 * the serialiser, and a result whose decisions could not be recorded is replaced by an error:
 * nothing is disclosed that the trail does not hold. Refused authentications are recorded too, and
 * so is a bulk request refused (bulk-requests.ts): one `query-refused` entry with its scope.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { AuditAppender } from '../audit/appender.ts';
import { disclosureEntries, userPseudonym } from '../audit/disclosures.ts';
import type { AuditEntryInput } from '../audit/entry.ts';
import { payloadHash } from '../audit/hash.ts';
import { requestOperationHash, type RequestContext } from '../request/context.ts';
import type { ServerContext } from './yoga.ts';

export interface AuditPluginOptions {
  audit: Pick<AuditAppender, 'record'>;
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
  const { audit, logger } = options;
  /** The request's operation hash as an entry member, computed when an entry needs it: most requests never do. */
  const operationHashOf = (state: RequestContext) => {
    const operationHash = requestOperationHash(state);
    return operationHash ? { operationHash } : {};
  };

  async function recordRefusal(state: RequestContext, code: string): Promise<void> {
    try {
      await audit.record([{ type: 'auth-refused', ...operationHashOf(state), details: { code } }]);
    } catch (error) {
      // The request is refused either way; a lost refusal record is reported, not hidden.
      logger?.error({ err: error, component: 'audit', requestId: state.requestId }, 'audit: refused authentication not recorded');
    }
  }

  /** The one entry of a refused bulk request: who asked, for which purpose, and its scope (never whom it named). */
  function bulkEntry(state: RequestContext): AuditEntryInput[] {
    const { bulk, principal } = state;
    if (!bulk) return [];
    return [{
      type: 'query-refused',
      ...(principal ? { requester: principal.member.id, user: userPseudonym(principal), purpose: principal.purpose } : {}),
      ...operationHashOf(state),
      details: {
        code: 'BULK_REQUEST_REFUSED',
        field: bulk.field,
        ...(bulk.subjects !== undefined ? { subjects: bulk.subjects } : {}),
        // Spelled as the trail spells field paths (referral.sections.needs.category).
        ...(bulk.attributes ? { attributes: bulk.attributes.map((pointer) => `referral${pointer.replaceAll('/', '.')}`) } : {}),
      },
    }];
  }

  async function recordDisclosures(state: RequestContext, result: object, setResult: (result: object) => void): Promise<void> {
    const records = state.disclosures!.splice(0);
    try {
      // The body is serialised once, here, and hashed; yoga sends these very bytes (it calls a
      // result's own `stringify` when it has one), unless it first strips private details from errors.
      const body = JSON.stringify(result);
      const single = !Array.isArray(result) && !(Symbol.asyncIterator in result);
      const sent: object = single ? { ...result, stringify: (serialised: unknown) => (serialised === sent ? body : JSON.stringify(serialised)) } : result;
      const entries = disclosureEntries(records, {
        ...(state.principal ? { principal: state.principal } : {}),
        ...operationHashOf(state),
        payloadHash: payloadHash(body),
      });
      await audit.record([...bulkEntry(state), ...entries]);
      if (sent !== result) setResult(sent);
    } catch (error) {
      logger?.error({ err: error, component: 'audit', requestId: state.requestId }, 'audit: disclosure not recorded, response withheld');
      setResult(withheld());
    }
  }

  return {
    onParams({ context }) {
      // The field guard writes the request's field decisions here for the trail to record.
      context.disclosures ??= [];
    },
    // Returns a promise only when there is something to record, so a request that disclosed
    // nothing passes without an extra turn of the pipeline.
    onResultProcess({ result, setResult, serverContext }) {
      const state: ServerContext = serverContext;
      if (state.refusal) return recordRefusal(state, state.refusal);
      if (state.disclosures?.length || state.bulk) return recordDisclosures(state, result, setResult);
    },
  };
}
