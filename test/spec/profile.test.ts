import { afterAll, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.ts';
import { createAjv } from '../../lib/spec/ajv.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { metaCheckers } from '../../lib/spec/meta.ts';
import { defaultProfilesDir, listProfiles, loadProfile } from '../../lib/spec/profile.ts';

const base = loadSpec();
const rs = loadProfile('rs');
const ajv = createAjv(rs);
const baseAjv = createAjv(base);
const profileId = (file: string) => `https://nrx.exchange/spec/v1/profiles/rs/${file}`;
const validate = (file: string, data: unknown) => {
  const check = ajv.getSchema(profileId(file))!;
  return { ok: check(data) as boolean, errors: check.errors ?? [] };
};

const root = mkdtempSync(join(tmpdir(), 'nrx-spec-profile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const formalByCentre = {
  id: '7d1f0c52-5b7e-4c53-9d0e-2f6a1c9b8e41',
  status: 'identified',
  stage: 'formal',
  issuer: 'RS/GOV/CPTV',
  issuerType: 'state-coordinating-body',
  statusSince: '2024-03-01',
  decision: {
    outcome: 'granted',
    decidedOn: '2024-03-01',
    decidedBy: { member: 'RS/GOV/CPTV', role: 'senior official' },
    decisionNumber: 'CPTV-118/2024',
    informedOfReviewRight: true,
  },
};

describe('the Serbian profile (rs)', () => {
  it('is listed and patches identification and residence status', () => {
    expect(listProfiles()).toContain('rs');
    expect(rs.profile).toMatchObject({ code: 'rs', country: 'RS', name: 'Serbia' });
    expect(rs.patched).toEqual(['identification.schema.json', 'residence-status.schema.json']);
    // The referral carries both, so it is re-homed to validate its sections with the Serbian rules.
    expect(rs.derived).toContain('referral.schema.json');
    expect(rs.documentKinds.get('referral')).toBe(profileId('referral.schema.json'));
  });

  it('gives each profile schema its own $id and points its $refs at the profile or the base', () => {
    const identification = rs.byId.get(profileId('identification.schema.json'))!;
    expect(identification.json.$id).toBe(profileId('identification.schema.json'));
    const referral = JSON.stringify(rs.byId.get(profileId('referral.schema.json'))!.json);
    expect(referral).toContain(`"$ref":"${profileId('identification.schema.json')}"`);
    expect(referral).toContain(`"$ref":"${profileId('residence-status.schema.json')}"`);
    expect(referral).toContain('"$ref":"https://nrx.exchange/spec/v1/person.schema.json"');
    // Unpatched schemas stay the base ones.
    expect(rs.byId.get('https://nrx.exchange/spec/v1/person.schema.json')).toBe(base.byId.get('https://nrx.exchange/spec/v1/person.schema.json'));
  });

  it('keeps what the base schema says and adds the Serbian fields (merge patch)', () => {
    const json = rs.byId.get(profileId('identification.schema.json'))!.json as any;
    const baseJson = base.byId.get('https://nrx.exchange/spec/v1/identification.schema.json')!.json as any;
    expect(Object.keys(json.properties)).toEqual(Object.keys(baseJson.properties));
    expect(json.properties.decision.properties.decisionNumber['x-nrx-sensitivity']).toBe('identifying');
    expect(json.required).toEqual(baseJson.required);
    expect(json.allOf).toEqual(baseJson.allOf);
  });

  it('passes the meta-schema', () => {
    const meta = metaCheckers();
    for (const file of [...rs.patched, ...rs.derived]) {
      const schema = rs.schemas.find((s) => s.file === file)!;
      const check = schema.codelist ? meta.codelist : meta.object;
      check(schema.json);
      expect(check.errors ?? [], `${file}: ${JSON.stringify(check.errors)}`).toEqual([]);
    }
  });

  it('compiles in strict mode, so every $ref resolves', () => {
    for (const schema of rs.schemas) expect(() => ajv.getSchema(schema.id), schema.file).not.toThrow();
  });

  it('accepts a formal identification by the Centre for Protection of Trafficking Victims', () => {
    expect(validate('identification.schema.json', formalByCentre)).toEqual({ ok: true, errors: [] });
  });

  it('refuses a formal identification issued by another member, which the base standard accepts', () => {
    const byNgo = { ...formalByCentre, issuer: 'RS/NGO/ASTRA', issuerType: 'ngo-with-police', decision: { ...formalByCentre.decision, decidedBy: { member: 'RS/NGO/ASTRA' } } };
    const result = validate('identification.schema.json', byNgo);
    expect(result.ok).toBe(false);
    expect(result.errors).toContainEqual(expect.objectContaining({ instancePath: '/issuer', keyword: 'const', params: { allowedValue: 'RS/GOV/CPTV' } }));
    // The base decision has no number field; without it the base schema takes the NGO's formal identification.
    const { decisionNumber: _n, ...baseDecision } = byNgo.decision;
    expect(baseAjv.getSchema('https://nrx.exchange/spec/v1/identification.schema.json')!({ ...byNgo, decision: baseDecision })).toBe(true);
  });

  it('still accepts a preliminary identification by an NGO', () => {
    const preliminary = { id: formalByCentre.id, status: 'presumed', stage: 'preliminary', issuer: 'RS/NGO/ASTRA', issuerType: 'ngo-without-police' };
    expect(validate('identification.schema.json', preliminary).ok).toBe(true);
  });

  it('requires the decision number and the review-right notice on the Centre decision', () => {
    const { decisionNumber: _n, informedOfReviewRight: _r, ...decision } = formalByCentre.decision;
    const result = validate('identification.schema.json', { ...formalByCentre, decision });
    expect(result.ok).toBe(false);
    const missing = result.errors.filter((e) => e.keyword === 'required').map((e) => (e.params as any).missingProperty);
    expect(missing).toEqual(expect.arrayContaining(['decisionNumber', 'informedOfReviewRight']));
  });

  it('holds the reflection permit to exactly 90 days under its legal basis', () => {
    const status = (reflectionPeriod: object) => ({ status: base.codelists.get('residence-status')!.codes[0]!.code, reflectionPeriod });
    const permit = { period: { start: '2024-03-01', end: '2024-05-29' }, lengthDays: 90, legalBasis: 'rs-law-on-foreigners-art-62', permitNumber: 'RP-2024-7' };
    expect(validate('residence-status.schema.json', status(permit))).toEqual({ ok: true, errors: [] });
    expect(validate('residence-status.schema.json', status({ ...permit, lengthDays: 45 })).errors).toContainEqual(
      expect.objectContaining({ instancePath: '/reflectionPeriod/lengthDays', keyword: 'const' }),
    );
    const { legalBasis: _l, ...noBasis } = permit;
    expect(validate('residence-status.schema.json', status(noBasis)).ok).toBe(false);
  });

  it('applies the Serbian rules inside a referral validated by kind', () => {
    const referral = (identification: object) => ({
      kind: 'referral',
      specVersion: '1.0.0',
      profile: 'rs',
      id: '0b8f7a2e-3c4d-4e5f-8a9b-1c2d3e4f5a6b',
      sender: 'RS/GOV/CPTV',
      recipient: 'RS/NGO/ATINA',
      purpose: 'assistance',
      created: '2024-03-02T09:00:00+01:00',
      subject: 'subj-4f9a2c',
      sections: { identifications: [identification] },
    });
    const check = ajv.getSchema(rs.documentKinds.get('referral')!)!;
    expect(check(referral(formalByCentre)), JSON.stringify(check.errors)).toBe(true);
    expect(check(referral({ ...formalByCentre, issuer: 'RS/NGO/ATINA' }))).toBe(false);
  });

  it('lets a foreign formal identification travel as it was issued, so that it can be recognised', () => {
    const foreign = { ...formalByCentre, issuer: 'ME/GOV/KANCELARIJA-TLJ', decision: { ...formalByCentre.decision, decidedBy: { member: 'ME/GOV/KANCELARIJA-TLJ' } } };
    delete (foreign.decision as { decisionNumber?: string }).decisionNumber;
    const check = ajv.getSchema(rs.byId.get(`${rs.profileBaseUri}identification.schema.json`)!.id)!;
    expect(check(foreign), JSON.stringify(check.errors)).toBe(true);
  });
});

describe('loading profiles', () => {
  it('names the known profiles when asked for an unknown one', () => {
    expect(() => loadProfile('zz')).toThrow(/no profile 'zz' .*known: .*rs/);
  });

  it('refuses a patch over a schema the base does not have', () => {
    const dir = join(root, 'profiles');
    cpSync(join(defaultProfilesDir, 'rs'), join(dir, 'xx'), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'xx', 'profile.json'), 'utf8'));
    writeFileSync(join(dir, 'xx', 'profile.json'), JSON.stringify({ ...manifest, code: 'xx' }));
    writeFileSync(join(dir, 'xx', 'no-such.schema.json'), '{}');
    expect(() => loadProfile('xx', { profilesDir: dir })).toThrow(/patches no-such\.schema\.json, which the base spec does not have/);
  });

  it('refuses a profile written for a later release of the standard', () => {
    const dir = join(root, 'later');
    mkdirSync(join(dir, 'yy'), { recursive: true });
    writeFileSync(join(dir, 'yy', 'profile.json'), JSON.stringify({ code: 'yy', name: 'Y', country: 'YY', version: '1.0.0', baseSpecVersion: '1.99.0', description: 'Later.' }));
    expect(() => loadProfile('yy', { profilesDir: dir })).toThrow(/needs NRX 1\.99\.0/);
  });

  it('nrx spec profile writes the merged schemas', async () => {
    const out = join(root, 'out');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await main(['spec', 'profile', 'rs', '--out', out]);
    } finally {
      write.mockRestore();
      writeErr.mockRestore();
    }
    expect(existsSync(join(out, 'identification.schema.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'residence-status.schema.json'), 'utf8')).$id).toBe(profileId('residence-status.schema.json'));
  });
});
