import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, LOG_FIELDS } from '../../gateway/log.ts';

/** A destination that keeps every line pino writes. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { destination, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjdy0wMDQyIn0.c2lnbmF0dXJlLXNlY3JldA';
const PERSONAL = ['Ana Popescu', '1999-04-12', 'MD1234567', 'Strada Lalelelor', 'HIV', TOKEN, 'c2lnbmF0dXJlLXNlY3JldA', 'session=abc123'];

/** A request as a Node server or framework hands it over, carrying her data in every place it can. */
function requestWithPersonalData() {
  return {
    id: 'req-7',
    method: 'POST',
    url: '/graphql?variables=%7B%22name%22%3A%22Ana%20Popescu%22%7D&token=' + TOKEN,
    headers: { authorization: `Bearer ${TOKEN}`, cookie: 'session=abc123', 'content-type': 'application/json' },
    body: { query: 'mutation { refer(name: "Ana Popescu") { id } }', variables: { name: 'Ana Popescu', dateOfBirth: '1999-04-12', documentNumber: 'MD1234567' } },
    socket: { remoteAddress: '10.0.0.8' },
  };
}

describe('createLogger', () => {
  it('writes a request as method, path, status, duration, member, operation and request id only', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.destination });
    log.info(
      {
        req: requestWithPersonalData(),
        res: { statusCode: 200, headers: { 'set-cookie': 'session=abc123' } },
        durationMs: 12.5,
        member: { id: 'RS/GOV/CPTV', name: 'Centre', jwks: { keys: [] } },
        operationName: 'ReferPerson',
        variables: { name: 'Ana Popescu', address: 'Strada Lalelelor 4' },
        body: 'HIV positive',
        authorization: `Bearer ${TOKEN}`,
        token: TOKEN,
        person: { givenName: 'Ana Popescu', health: 'HIV' },
      },
      'request served',
    );
    const [record] = out.records();
    expect(record).toMatchObject({ level: 'info', msg: 'request served', requestId: 'req-7', method: 'POST', path: '/graphql', status: 200, durationMs: 12.5, member: 'RS/GOV/CPTV', operationName: 'ReferPerson' });
    for (const value of PERSONAL) expect(out.lines[0]).not.toContain(value);
    const allowed = new Set<string>([...LOG_FIELDS, 'level', 'time', 'pid', 'hostname', 'msg', 'droppedFields']);
    expect(Object.keys(record!).filter((key) => !allowed.has(key))).toEqual([]);
    expect(record!.droppedFields).toBe(5);
  });

  it('keeps child bindings to the allowed fields and lets no child undo the redaction', () => {
    const out = capture();
    const log = createLogger({ level: 'debug', destination: out.destination });
    const child = log.child({ requestId: 'req-8', member: 'RS/NGO/ASTRA', body: { name: 'Ana Popescu' }, token: TOKEN });
    const grandchild = child.child({ variables: { dob: '1999-04-12' } }, { redact: [], formatters: { log: (o: object) => o } } as any);
    grandchild.debug({ headers: { authorization: `Bearer ${TOKEN}` }, person: { documentNumber: 'MD1234567' } }, 'step');
    const [record] = out.records();
    expect(record).toMatchObject({ requestId: 'req-8', member: 'RS/NGO/ASTRA', msg: 'step' });
    for (const value of PERSONAL) expect(out.lines[0]).not.toContain(value);
  });

  it('logs errors by type, message, code and stack, without what libraries attach to them', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.destination });
    const error = Object.assign(new Error('duplicate key value violates unique constraint "person_pkey"'), {
      code: '23505',
      detail: 'Key (document_number)=(MD1234567) already exists.',
      parameters: ['Ana Popescu', '1999-04-12'],
      config: { headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    log.error({ err: error, requestId: 'req-9' }, 'store failed');
    log.error(error);
    const [first, second] = out.records();
    expect(first!.err).toMatchObject({ type: 'Error', code: '23505', message: expect.stringContaining('person_pkey') });
    expect(second!.err).toMatchObject({ code: '23505' });
    for (const line of out.lines) for (const value of PERSONAL) expect(line).not.toContain(value);
  });

  it('logs a path field without its query string, where GET requests carry GraphQL variables', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.destination });
    log.info({ requestId: 'r', method: 'GET', path: '/graphql?query=%7Bperson%7D&variables=%7B%22name%22%3A%22Ana%20Popescu%22%7D#x', status: 200 }, 'request');
    expect(out.records()[0]).toMatchObject({ path: '/graphql', status: 200 });
    expect(out.lines[0]).not.toContain('Ana');
  });

  it('honours the level and writes one JSON object per line', () => {
    const out = capture();
    const log = createLogger({ level: 'warn', destination: out.destination });
    log.info({ event: 'ignored' }, 'not written');
    log.warn({ event: 'gateway.slow', durationMs: 2500, component: 'store', code: 'SLOW' }, 'slow query');
    expect(out.lines).toHaveLength(1);
    expect(out.records()[0]).toMatchObject({ level: 'warn', event: 'gateway.slow', component: 'store', code: 'SLOW' });
  });
});
