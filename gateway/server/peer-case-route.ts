/**
 * POST /peer/v1/cases: another gateway asks, for one of its members and with a token that member's
 * key signed, for the records this gateway's agencies hold for her (its connectors). This gateway
 * answers as the data holder: each record is filtered by its own policy for that member, purpose and
 * role (agreements, her consents here) and the decisions are audited here before anything is sent;
 * the caller's gateway filters again with its own policy before its member sees a field.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditAppender } from '../audit/appender.ts';
import { disclosureEntries, type DisclosureRecord } from '../audit/disclosures.ts';
import { payloadHash } from '../audit/hash.ts';
import type { Authenticator } from '../auth/types.ts';
import type { OpenedConnectors } from '../config/connectors.ts';
import { PEER_CASES_PATH, type CaseAnswer, type PeerCaseRecord } from '../federation/peer-cases.ts';
import type { DisclosureRecorder } from '../audit/disclosure-records.ts';
import type { ConsentMemo, ViewBuilder } from '../policy/views.ts';
import { peerBodyProblems, peerBodyRefusal } from '../federation/peer-bodies.ts';
import { answer, answerBytes, peerCaller, readJsonBody, refuse } from './peer-answers.ts';

export interface PeerCaseRouteOptions {
  authenticator: () => Authenticator | undefined;
  agencies?: Pick<OpenedConnectors, 'gatherer' | 'memberOf'>;
  policy?: { views: ViewBuilder; recorder: DisclosureRecorder };
  audit?: Pick<AuditAppender, 'record'>;
}

export function peerCaseRoute(options: PeerCaseRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const principal = await peerCaller(req, res, options.authenticator(), PEER_CASES_PATH);
    if (!principal) return;
    const body = await readJsonBody(req, res, 16 * 1024);
    if (!body) return;
    const problems = peerBodyProblems('peer-case-query', body);
    if (problems.length) return refuse(res, 400, 'BAD_USER_INPUT', peerBodyRefusal('peer-case-query', problems));
    const { subject } = body as { subject: string };
    const { agencies, policy, audit } = options;
    // Without its policy or its trail this gateway discloses nothing to another: fail closed.
    if (!agencies || !policy || !audit) return answer(res, 200, { kind: 'peer-case-answer', records: [], problems: [] } satisfies CaseAnswer);

    const view = await agencies.gatherer.load(subject);
    const memo: ConsentMemo = new Map();
    const to = { member: principal.member.id, purpose: principal.purpose };
    const disclosures: DisclosureRecord[] = [];
    const records: PeerCaseRecord[] = [];
    for (const r of view.records) {
      const member = agencies.memberOf.get(r.connector);
      if (!member) continue;
      const held = policy.views.connectorRecord({ connector: r.connector, member, subject: r.subject, ...(r.localCaseNumber !== undefined ? { localCaseNumber: r.localCaseNumber } : {}), sections: r.sections });
      const seen = await policy.views.view(principal, held, memo);
      const decided = policy.recorder.wholeRecords(seen, to);
      disclosures.push(...decided.records);
      if (!decided.released) continue;
      records.push({ connector: r.connector, member, sections: seen.document.sections as Record<string, unknown>, withheld: seen.withheld.map((w) => ({ pointer: w.pointer, reason: w.reason })) });
    }
    const reply: CaseAnswer = { kind: 'peer-case-answer', records, problems: view.errors.map((e) => ({ connector: e.connector, code: e.code })) };
    const bytes = JSON.stringify(reply);
    try {
      await audit.record(disclosureEntries(disclosures, { principal, payloadHash: payloadHash(bytes) }));
    } catch {
      return refuse(res, 503, 'AUDIT_UNAVAILABLE', 'the answer was withheld: the audit trail could not record it', true);
    }
    answerBytes(res, 200, bytes);
  };
}
