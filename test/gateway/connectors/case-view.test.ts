/**
 * A subject's case view gathered from the agencies' own systems through a real gateway: an
 * in-memory system, a PostgreSQL case database (the connector fixture), a REST service that
 * counts the calls it gets, one system that cannot be reached and one that is too slow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { caseDbConfig, createCaseDb, createCaseDbOnServer, subjects } from '../../connectors/fixtures/case-db.ts';
import { startConnectedGateway, type ConnectedGateway } from './support.ts';
import { ENTRY_WITH_FIELDS, entryWithFields, type EntryRow } from '../../../gateway/audit/field-sets.ts';
import { requestFor } from '../../../gateway/request/context.ts';

const ana = subjects.ana;
const serverUrl = process.env.NRX_TEST_DATABASE_URL;
const schema = `nrx_gwconn_${randomBytes(4).toString('hex')}`;

/** The social work centre's REST service: one local case per known client, and a count of the calls. */
const restCalls: string[][] = [];
function serveRest(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const wanted = url.searchParams.getAll('client');
    restCalls.push(wanted);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: wanted.map((client, i) => ({ ref: `CSR-${i + 1}`, client, sex: 'F' })) }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const memoryRecord = (subject: string, localCaseNumber: string) => ({
  subject,
  localCaseNumber,
  sections: {
    person: { subject, sex: 'female', dateOfBirth: '1998-03-14', citizenships: ['MD'] },
    needs: [{ id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e01', category: 'medical', origin: 'trafficking-related', beneficiary: 'person', status: 'open' }],
  },
});

const VIEW = `query($s: String!) { subjectCase(subject: $s) { subject agencyRecords { connector member localCaseNumber sections { person { sex dateOfBirth citizenships } needs { category status } } } } }`;

let g: ConnectedGateway;
let rest: Server;
let admin: pg.Client | undefined;
let dbDir: string | undefined;

beforeAll(async () => {
  rest = await serveRest();
  let connection: Record<string, unknown>;
  if (serverUrl) {
    admin = await createCaseDbOnServer(serverUrl, schema);
    connection = { urlEnv: 'NRX_TEST_DATABASE_URL', schema };
  } else {
    // The gateway opens the database from its directory, as an agency's embedded database would be.
    dbDir = mkdtempSync(join(tmpdir(), 'nrx-gwconn-db-'));
    const db = new PGlite(dbDir);
    await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
    await createCaseDb((sql, params) => db.query(sql, params), 'pg');
    await db.close();
    connection = { embedded: dbDir, schema };
  }
  g = await startConnectedGateway(
    [
      { name: 'astra-memory', type: 'memory', member: 'RS/NGO/ASTRA', capabilities: ['getCase'], source: { cases: [memoryRecord(ana, 'SOS-17')] } },
      caseDbConfig('postgres', connection, 'astra-casedb'),
      {
        name: 'csr-rest', type: 'http', member: 'RS/GOV/CSR-BG', capabilities: ['getCase'], record: { subject: '/client', caseNumber: '/ref' },
        source: { baseUrl: `http://127.0.0.1:${(rest.address() as AddressInfo).port}`, cases: { path: '/cases', query: { subject: 'client' }, items: '/data' } },
        mapping: { case: [{ from: '/client', to: '/sections/person/subject' }, { from: '/sex', to: '/sections/person/sex', codes: { F: 'female', M: 'male' } }] },
      },
      // Nothing listens on port 1: every call fails at once.
      { name: 'police-down', type: 'http', member: 'RS/GOV/POLICE', capabilities: ['getCase'], record: { subject: '/s' }, source: { baseUrl: 'http://127.0.0.1:1', cases: { path: '/cases', query: { subject: 's' } } }, mapping: { case: [{ from: '/s', to: '/sections/person/subject' }] } },
      { name: 'atina-slow', type: 'memory', member: 'RS/NGO/ATINA', capabilities: ['getCase'], source: { latencyMs: 5000, cases: [memoryRecord(ana, 'ATINA-1')] } },
    ],
    // The breaker stays closed for the first requests, so that each failure is seen as it is.
    { timeoutMs: 1500, volumeThreshold: 50 },
  );
  // The embedded case database takes a moment to open; let its first query happen before measuring anything.
  await g.gateway.operations.agencyRecords(requestFor({ member: { id: 'RS/NGO/ASTRA' } } as never), { references: [ana] } as never).catch(() => undefined);
}, 60_000);

afterAll(async () => {
  await g?.stop();
  await new Promise((resolve) => rest?.close(resolve));
  if (admin) {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

describe('a case view gathered from the agencies\' systems', () => {
  it('serves what answered and reports the unreachable and the slow connector in extensions', async () => {
    const astra = await g.token('RS/NGO/ASTRA', 'referral');
    const started = Date.now();
    const body = await g.graphql(astra, VIEW, { s: ana });
    const took = Date.now() - started;
    expect(body.errors).toBeUndefined();
    const records = body.data.subjectCase.agencyRecords;
    // Her own agency reads its own cases whole, from memory and from its case database.
    expect(records.map((r: any) => `${r.connector}:${r.localCaseNumber}`).sort()).toEqual(['astra-casedb:ASTRA-2021-0107', 'astra-casedb:ASTRA-2024-0001', 'astra-memory:SOS-17']);
    expect(records.find((r: any) => r.localCaseNumber === 'ASTRA-2024-0001').sections.person).toEqual({ sex: 'female', dateOfBirth: '1998-03-14', citizenships: ['MD'] });
    const errors = body.extensions.nrx.connectorErrors;
    expect(errors).toEqual(expect.arrayContaining([
      { connector: 'police-down', code: 'UNREACHABLE', message: expect.stringContaining("connector 'police-down'") },
      { connector: 'atina-slow', code: 'TIMEOUT', message: expect.stringContaining('1500 ms') },
    ]));
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(Object.keys(e).sort()).toEqual(['code', 'connector', 'message']);
    // No subject reference and no record in the messages.
    expect(JSON.stringify(errors)).not.toContain(ana);
    // The slow system is given up at its timeout, not waited for.
    expect(took).toBeLessThan(4000);
  });

  it('applies her consent to connector data as to stored data: only released fields are served, each decision audited', async () => {
    const astra = await g.token('RS/NGO/ASTRA', 'referral');
    const cptv = await g.token('RS/GOV/CPTV', 'identification');
    const before = await g.graphql(cptv, VIEW, { s: ana });
    // Without her consent the coordinating body reads nothing of her cases at the NGO, and is not told they exist.
    expect(before.data.subjectCase.agencyRecords.filter((r: any) => r.member === 'RS/NGO/ASTRA')).toEqual([]);

    const consent = {
      kind: 'consent-record', specVersion: '1.0.0', id: crypto.randomUUID(), subject: ana, decision: 'deny', state: 'active', grantor: { type: 'self' },
      given: '2026-01-10T10:00:00Z', method: 'written', recordedBy: { member: 'RS/NGO/ASTRA', user: 'case-worker-7' },
      provisions: [{ type: 'permit', actors: [{ member: 'RS/GOV/CPTV' }], purposes: ['identification'], fieldGroups: ['identity', 'needs'] }],
    };
    const recorded = await g.graphql(astra, `mutation($d: ConsentRecordInput!) { recordConsent(document: $d) { id } }`, { d: consent });
    expect(recorded.errors).toBeUndefined();

    const after = await g.graphql(cptv, VIEW, { s: ana });
    expect(after.errors).toBeUndefined();
    const seen = after.data.subjectCase.agencyRecords.filter((r: any) => r.member === 'RS/NGO/ASTRA');
    expect(seen.map((r: any) => r.connector).sort()).toEqual(['astra-casedb', 'astra-casedb', 'astra-memory']);
    const memory = seen.find((r: any) => r.connector === 'astra-memory');
    // Identity and needs she allowed; her date of birth (another field group) is withheld; the case number is the agency's own.
    expect(memory.sections.person.sex).toBe('female');
    expect(memory.sections.needs).toEqual([{ category: 'medical', status: 'open' }]);
    expect(memory.sections.person.dateOfBirth).toBeNull();
    expect(memory.localCaseNumber).toBeNull();
    const withheld = after.extensions.nrx.withheld.map((w: any) => w.path.join('.'));
    expect(withheld).toContain(`subjectCase.agencyRecords.${after.data.subjectCase.agencyRecords.indexOf(memory)}.sections.person.dateOfBirth`);

    // On the embedded database the read's entries are committed in the journal first: the table catches up here.
    await g.gateway.auditSettled?.();
    const rows = await g.gateway.store.db.query<EntryRow>(
      `SELECT ${ENTRY_WITH_FIELDS.columns} FROM audit_log l ${ENTRY_WITH_FIELDS.join} WHERE l.type = 'disclosure-decision' AND l.requester = 'RS/GOV/CPTV' ORDER BY l.seq`,
    );
    const entries: any[] = rows.rows.map(entryWithFields);
    const about = entries.filter((e) => e.details.documents.includes('referral:connector:astra-memory/SOS-17'));
    // The first request's decisions are in the trail too, though nothing of the case was shown.
    expect(about).toHaveLength(2);
    expect(about[0].fields.length).toBeGreaterThan(0);
    expect(about[0].fields.every((f: any) => f.decision === 'withheld')).toBe(true);
    const entry = about[1];
    expect(entry.subject).toBe(ana);
    const decisions = Object.fromEntries(entry.fields.map((f: any) => [f.path, f.decision]));
    expect(decisions['referral.sections.person.sex']).toBe('released');
    expect(decisions['referral.sections.person.dateOfBirth']).toBe('withheld');
  });

  it('asks each connector once for many subjects in one request', async () => {
    const astra = await g.token('RS/NGO/ASTRA', 'referral');
    const many = Array.from({ length: 12 }, (_, i) => `sub-batch-${String(i).padStart(4, '0')}`);
    restCalls.length = 0;
    const body = await g.graphql(astra, `query($s: [String!]!) { subjectCases(subjects: $s) { subject agencyRecords { connector } } }`, { s: [ana, ...many] });
    expect(body.errors).toBeUndefined();
    expect(body.data.subjectCases).toHaveLength(13);
    expect(restCalls).toHaveLength(1);
    expect(restCalls[0]!.sort()).toEqual([ana, ...many].sort());
    expect(body.data.subjectCases[0].agencyRecords.map((r: any) => r.connector).sort()).toEqual(['astra-casedb', 'astra-casedb', 'astra-memory']);
    // The failing connectors are reported once each, however many subjects were asked.
    expect(body.extensions.nrx.connectorErrors.map((e: any) => e.connector).sort()).toEqual(['atina-slow', 'police-down']);
  });

  it('refuses more subjects than a page may hold', async () => {
    const astra = await g.token('RS/NGO/ASTRA', 'referral');
    const body = await g.graphql(astra, `query($s: [String!]!) { subjectCases(subjects: $s) { subject } }`, { s: Array.from({ length: 101 }, (_, i) => `s-${i}`) });
    expect(body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
  });
});
