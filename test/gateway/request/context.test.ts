/** The request context: one object per request, and what the response and the audit trail read from it. */
import { describe, expect, it } from 'vitest';
import { operationHash } from '../../../gateway/audit/hash.ts';
import type { Principal } from '../../../gateway/auth/types.ts';
import { auditActorOf, createRequestContext, noteConnectorErrors, noteTransformed, noteWithheld, requestFor, responseExtensions } from '../../../gateway/request/context.ts';

const principal = { member: { id: 'RS/NGO/ATINA', country: 'RS', memberClass: 'NGO', agencyType: 'shelter' }, user: 'cw-7', purpose: 'assistance', role: 'case-worker', expiresAt: new Date() } as Principal;

describe('the request context', () => {
  it('gives each request its own id and nothing else until it is filled in', () => {
    const a = createRequestContext();
    const b = createRequestContext();
    expect(a.requestId).not.toBe(b.requestId);
    expect(a.principal).toBeUndefined();
    expect(responseExtensions(a)).toBeUndefined();
  });

  it('reports withheld paths, misfit transforms and each connector problem once under extensions.nrx', () => {
    const request = requestFor(principal);
    noteWithheld(request, ['referral', 'document', 'note'], 'CONSENT_DENIES');
    noteTransformed(request, { path: ['referral', 'document', 'sections', 'person', 'dateOfBirth'], transform: 'age-band', value: '18-24' });
    const timeout = { connector: 'police', code: 'CONNECTOR_TIMEOUT', message: 'no answer in time' };
    noteConnectorErrors(request, [timeout, timeout, { ...timeout, connector: 'shelter' }]);
    expect(responseExtensions(request)).toEqual({
      withheld: [{ path: ['referral', 'document', 'note'], reason: 'CONSENT_DENIES' }],
      transformed: [{ path: ['referral', 'document', 'sections', 'person', 'dateOfBirth'], transform: 'age-band', value: '18-24' }],
      connectorErrors: [timeout, { ...timeout, connector: 'shelter' }],
    });
    // Requests share nothing.
    expect(responseExtensions(requestFor(principal))).toBeUndefined();
  });

  it('tells the store who asked: the member, the staff pseudonym and the operation hash', () => {
    const request = requestFor(principal);
    expect(auditActorOf(request)).toEqual({ requester: 'RS/NGO/ATINA', user: 'cw-7' });
    request.operation = { document: '{ members { id } }', name: null };
    expect(auditActorOf(request)).toEqual({ requester: 'RS/NGO/ATINA', user: 'cw-7', operationHash: operationHash('{ members { id } }', null) });
    expect(auditActorOf(createRequestContext())).toEqual({});
  });
});
