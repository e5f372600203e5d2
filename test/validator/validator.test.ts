import { describe, expect, it } from 'vitest';
import { createValidator } from '../../lib/validator/index.ts';
import { fixtureReferral, fixtureSpecDir } from './helpers.ts';

const validator = createValidator({ specDir: fixtureSpecDir });

function issuesOf(doc: unknown) {
  const result = validator.validateText(JSON.stringify(doc, null, 2));
  expect(result.valid).toBe(false);
  return result.issues;
}

describe('valid documents', () => {
  it('accepts a valid referral and names its kind and schema', () => {
    const result = validator.validateValue(fixtureReferral());
    expect(result).toEqual({ valid: true, kind: 'referral', schemaId: 'https://example.org/nrx-fixture/v1/referral.schema.json', issues: [] });
  });

  it('accepts the same document as text, with a byte-order mark', () => {
    expect(validator.validateText(`\uFEFF${JSON.stringify(fixtureReferral())}`).valid).toBe(true);
  });

  it('lists the kinds it knows', () => {
    expect(validator.kinds).toEqual(['referral', 'status-update']);
  });
});

describe('codelists', () => {
  it('reports a codelist miss as oneOf with the closest code, at the line and column of the value', () => {
    const doc = fixtureReferral();
    doc.sections.traffickingEpisodes[0].forms[0] = 'forced-beging';
    const text = JSON.stringify(doc, null, 2);
    const [issue, ...rest] = validator.validateText(text).issues;
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      pointer: '/sections/traffickingEpisodes/0/forms/0',
      keyword: 'oneOf',
      found: "'forced-beging'",
      suggestion: 'forced-begging',
      schemaPath: 'https://example.org/nrx-fixture/v1/codelists/exploitation-form.schema.json#/oneOf',
    });
    expect(issue!.message).toContain("did you mean 'forced-begging'?");
    expect(issue!.expected).toContain("'forced-labour'");
    const lines = text.split('\n');
    expect(lines[issue!.line! - 1]!.slice(issue!.column! - 1)).toMatch(/^"forced-beging"/);
  });

  it('does not suggest a code when nothing is close', () => {
    const doc = fixtureReferral();
    doc.sections.person.sex = 'zzzzzzzzzz';
    const [issue] = issuesOf(doc);
    expect(issue!.keyword).toBe('oneOf');
    expect(issue!.suggestion).toBeUndefined();
    expect(issue!.message).not.toContain('did you mean');
  });

  it('suggests a code that differs only in case', () => {
    const doc = fixtureReferral();
    doc.sections.person.sex = 'Female';
    expect(issuesOf(doc)[0]!.suggestion).toBe('female');
  });

  it('collapses the type and enum errors of a non-string code into one issue', () => {
    const doc = fixtureReferral();
    doc.sections.person.sex = 7;
    const issues = issuesOf(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ pointer: '/sections/person/sex', keyword: 'oneOf', found: '7' });
    expect(issues[0]!.message).toContain("expected a code of the codelist 'sex', found the integer 7");
  });
});

describe('object structure', () => {
  it('names an unknown property and the property it probably meant, placed at the name', () => {
    const doc = fixtureReferral();
    doc.sections.person.givenNmae = doc.sections.person.givenName;
    delete doc.sections.person.givenName;
    const text = JSON.stringify(doc, null, 2);
    const [issue] = validator.validateText(text).issues;
    expect(issue).toMatchObject({ pointer: '/sections/person', keyword: 'additionalProperties', suggestion: 'givenName' });
    expect(issue!.message).toBe("unknown property 'givenNmae'; did you mean 'givenName'?");
    expect(text.split('\n')[issue!.line! - 1]!.slice(issue!.column! - 1)).toMatch(/^"givenNmae"/);
  });

  it('does not suggest a property the object already has', () => {
    const doc = fixtureReferral();
    doc.sections.person.givenNam = 'Ana';
    const [issue] = issuesOf(doc);
    expect(issue!.message).toBe("unknown property 'givenNam'");
  });

  it('names a missing required property', () => {
    const doc = fixtureReferral();
    delete doc.created;
    const [issue] = issuesOf(doc);
    expect(issue).toMatchObject({ pointer: '', keyword: 'required', line: 1, column: 1 });
    expect(issue!.message).toBe("missing required property 'created'");
  });

  it('reports the then-branch of a conditional without the if noise', () => {
    const doc = fixtureReferral();
    delete doc.sections.person.guardian;
    const issues = issuesOf(doc);
    expect(issues.map((i) => [i.pointer, i.keyword, i.message])).toEqual([['/sections/person', 'required', "missing required property 'guardian'"]]);
  });

  it('reports only the anyOf branch the author aimed at', () => {
    const doc = fixtureReferral();
    doc.sections.traffickingEpisodes[0].recruitment = { recruiterKind: 'channel' };
    const issues = issuesOf(doc);
    expect(issues.map((i) => [i.pointer, i.keyword, i.message])).toEqual([
      ['/sections/traffickingEpisodes/0/recruitment', 'required', "missing required property 'channel'"],
    ]);
  });

  it('reports one issue when no anyOf branch fits at all', () => {
    const doc = fixtureReferral();
    doc.sections.traffickingEpisodes[0].recruitment = 'a friend';
    const issues = issuesOf(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ pointer: '/sections/traffickingEpisodes/0/recruitment', keyword: 'anyOf', expected: 'recruiter, channel' });
  });
});

describe('values', () => {
  it.each([
    ['format', (d: any) => (d.sections.person.dateOfBirth = '14/05/2008'), '/sections/person/dateOfBirth', "'14/05/2008' is not a valid date"],
    ['pattern', (d: any) => (d.subject = 'ab'), '/subject', "'ab' does not have the expected form"],
    ['type', (d: any) => (d.sections.person.minor = 'yes'), '/sections/person/minor', "expected a boolean, found the string 'yes'"],
    ['maxLength', (d: any) => (d.sections.person.givenName = 'A'.repeat(30)), '/sections/person/givenName', 'expected at most 20 characters, found 30 characters'],
    ['maximum', (d: any) => (d.priority = 9), '/priority', 'expected a number <= 5, found 9'],
    ['uniqueItems', (d: any) => (d.sections.person.languages = ['ro', 'ro']), '/sections/person/languages', 'items 0 and 1 are the same; each item may appear once'],
    ['const', (d: any) => (d.kind = 'status-update'), '', ''],
  ])('%s: expected versus found', (keyword, mutate, pointer, message) => {
    const doc = fixtureReferral();
    mutate(doc);
    if (keyword === 'const') {
      // Checked as a referral whatever the payload says.
      const result = validator.validateValue(doc, { kind: 'referral' });
      expect(result.issues[0]).toMatchObject({ pointer: '/kind', keyword: 'const', expected: "'referral'", found: "'status-update'" });
      return;
    }
    const issues = issuesOf(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ pointer, keyword });
    expect(issues[0]!.message).toBe(message);
    expect(issues[0]!.line).toBeGreaterThan(1);
  });

  it('orders several issues as they appear in the source', () => {
    const doc = fixtureReferral();
    doc.sections.person.sex = 'x';
    doc.subject = 'ab';
    doc.priority = 0;
    const issues = issuesOf(doc);
    const lines = issues.map((i) => i.line!);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(issues.map((i) => i.pointer)).toEqual(['/subject', '/priority', '/sections/person/sex']);
  });

  it('reports issues without positions when given a value rather than text', () => {
    const doc = fixtureReferral();
    doc.subject = 'ab';
    const [issue] = validator.validateValue(doc).issues;
    expect(issue!.line).toBeUndefined();
    expect(issue!.pointer).toBe('/subject');
  });
});

describe('input problems', () => {
  it('reports malformed JSON with its line and column', () => {
    const result = validator.validateText('{\n  "kind": "referral",\n  "id": \n}');
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([expect.objectContaining({ keyword: 'parse', line: 4, column: 1 })]);
    expect(result.issues[0]!.message).toBe('malformed JSON at line 4, column 1: expected a value');
  });

  it('reports a trailing comma and a comment as malformed', () => {
    expect(validator.validateText('{"kind": "referral",}').issues[0]!.message).toMatch(/^malformed JSON at line 1, column 21/);
    expect(validator.validateText('{"kind": "referral" // x\n}').issues[0]!.keyword).toBe('parse');
  });

  it('reports empty input', () => {
    for (const text of ['', '   \n\t ']) {
      expect(validator.validateText(text).issues).toEqual([expect.objectContaining({ keyword: 'empty', message: 'the input is empty; expected a JSON document' })]);
    }
    expect(validator.validateBytes(new Uint8Array()).issues[0]!.keyword).toBe('empty');
  });

  it('reports binary input: NUL bytes and invalid UTF-8', () => {
    expect(validator.validateBytes(Buffer.from([0x7b, 0x00, 0x7d])).issues[0]).toMatchObject({ keyword: 'encoding', message: expect.stringContaining('binary') });
    expect(validator.validateBytes(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])).issues[0]).toMatchObject({ keyword: 'encoding', message: 'the input is not valid UTF-8 text' });
    expect(validator.validateText('{"a":"\u0000"}').issues[0]!.keyword).toBe('encoding');
  });

  it('refuses a document over the size limit without parsing it', () => {
    const small = createValidator({ specDir: fixtureSpecDir, maxBytes: 100 });
    const text = JSON.stringify(fixtureReferral());
    for (const result of [small.validateText(text), small.validateBytes(Buffer.from(text))]) {
      expect(result.issues).toEqual([expect.objectContaining({ keyword: 'size', expected: 'at most 100 bytes', found: `${Buffer.byteLength(text)} bytes` })]);
      expect(result.issues[0]!.message).toMatch(/^the document is .* over the limit of 100 bytes$/);
    }
  });

  it('reports a missing kind and lists the kinds that exist', () => {
    const doc = fixtureReferral();
    delete doc.kind;
    const [issue] = validator.validateValue(doc).issues;
    expect(issue).toMatchObject({ keyword: 'kind' });
    expect(issue!.message).toBe("the document has no 'kind' property, so its schema is unknown. The kinds are: referral, status-update.");
  });

  it('reports an unknown kind with the kind it probably meant', () => {
    const [issue] = validator.validateText('{"kind": "referal"}').issues;
    expect(issue).toMatchObject({ keyword: 'kind', pointer: '/kind', suggestion: 'referral', line: 1, column: 10 });
    expect(issue!.message).toBe("unknown kind 'referal'; did you mean 'referral'? The kinds are: referral, status-update.");
  });

  it('reports a document that is not an object', () => {
    expect(validator.validateText('[1, 2]').issues[0]!.message).toBe("expected a JSON object with a 'kind' property, found an array of 2 items");
    expect(validator.validateText('"referral"').issues[0]!.keyword).toBe('kind');
  });

  it('lets the caller choose the kind, and refuses a kind that does not exist', () => {
    expect(validator.validateValue({ kind: 'referral' }, { kind: 'status-update' }).schemaId).toBe('https://example.org/nrx-fixture/v1/status-update.schema.json');
    expect(validator.validateValue({}, { kind: 'nope' }).issues[0]!.message).toMatch(/^unknown kind 'nope'\. The kinds are/);
  });
});
