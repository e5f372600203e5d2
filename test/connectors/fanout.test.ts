import { afterEach, describe, expect, it } from 'vitest';
import { createCaseGatherer, type CaseGatherer } from '../../connectors/fanout.ts';
import { createConnector } from '../../connectors/index.ts';
import type { Connector } from '../../connectors/contract.ts';
import { caseDbConfig } from './fixtures/case-db.ts';

const ana = 'sub-ana-0001';
const mila = 'sub-mila-0002';

async function memory(name: string, cases: { subject: string; localCaseNumber?: string; sections: object }[], latencyMs = 0) {
  return createConnector({ name, type: 'memory', capabilities: ['getCase', 'findCases'], source: { cases, latencyMs } });
}

/** Counts the calls the gatherer makes on a connector. */
function counted(connector: Connector) {
  const calls: string[][] = [];
  const wrapped = Object.create(connector) as Connector;
  wrapped.getCases = (refs: string[]) => (calls.push(refs), connector.getCases(refs));
  return { connector: wrapped, calls };
}

let gatherer: CaseGatherer | undefined;
const opened: Connector[] = [];
afterEach(async () => {
  gatherer?.close();
  for (const c of opened.splice(0)) await c.close();
});

describe('the case view fan-out', () => {
  it('gathers a subject’s records from every connector, with per-connector errors beside partial results', async () => {
    const shelter = await memory('shelter', [{ subject: ana, localCaseNumber: 'S-1', sections: { person: { subject: ana, sex: 'female' } } }]);
    const legal = await memory('legal-aid', [{ subject: ana, sections: { needs: [] } }, { subject: mila, sections: {} }]);
    const down = await createConnector(caseDbConfig('postgres', { url: 'postgres://nrx@127.0.0.1:1/none', connectTimeoutMs: 1000 }, 'police-db'));
    const slow = await memory('slow-helpline', [{ subject: ana, sections: {} }], 3000);
    const badCodes = await memory('bad-codes', [{ subject: ana, localCaseNumber: 'B-9', sections: { person: { subject: ana, sex: 'F' } } }]);
    opened.push(shelter, legal, down, slow, badCodes);
    gatherer = createCaseGatherer([shelter, legal, down, slow, badCodes], { timeoutMs: 1500 });

    const { records, errors } = await gatherer.gather([ana, mila]);
    expect(records.get(ana)!.map((r) => r.connector).sort()).toEqual(['legal-aid', 'shelter']);
    expect(records.get(mila)!.map((r) => r.connector)).toEqual(['legal-aid']);
    const byConnector = Object.fromEntries(errors.map((e) => [e.connector, e]));
    expect(Object.keys(byConnector).sort()).toEqual(['bad-codes', 'police-db', 'slow-helpline']);
    expect(byConnector['police-db']).toMatchObject({ code: 'UNREACHABLE' });
    expect(byConnector['slow-helpline']).toEqual({ connector: 'slow-helpline', code: 'TIMEOUT', message: "connector 'slow-helpline' did not answer within 1500 ms" });
    expect(byConnector['bad-codes']).toMatchObject({ code: 'INVALID_RECORD', record: 'B-9', subject: ana });
    for (const e of errors) expect(e.message).toContain(`connector '${e.connector}'`);
  });

  it('reports an injection attempt as a bad request by each connector while the others keep serving', async () => {
    const shelter = await memory('shelter', [{ subject: ana, sections: {} }]);
    const legal = await memory('legal-aid', [{ subject: ana, sections: {} }]);
    opened.push(shelter, legal);
    gatherer = createCaseGatherer([shelter, legal]);
    const evil = "x' OR '1'='1";
    const [good, bad] = await Promise.all([gatherer.load(ana), gatherer.load(evil)]);
    expect(good.records.map((r) => r.connector).sort()).toEqual(['legal-aid', 'shelter']);
    expect(good.errors).toEqual([]);
    expect(bad.records).toEqual([]);
    expect(bad.errors.map((e) => [e.connector, e.code, e.subject])).toEqual([
      ['shelter', 'BAD_REQUEST', evil],
      ['legal-aid', 'BAD_REQUEST', evil],
    ]);
  });

  it('batches the loads of one tick: 100 subjects cost one call per connector', async () => {
    const subjects = Array.from({ length: 100 }, (_v, i) => `sub-batch-${String(i).padStart(4, '0')}`);
    const made = await Promise.all(['a', 'b', 'c'].map((n) => memory(`agency-${n}`, subjects.map((s) => ({ subject: s, sections: {} })))));
    opened.push(...made);
    const wrapped = made.map(counted);
    gatherer = createCaseGatherer(wrapped.map((w) => w.connector));
    const views = await Promise.all(subjects.map((s) => gatherer!.load(s)));
    expect(views.every((v) => v.records.length === 3 && v.errors.length === 0)).toBe(true);
    for (const w of wrapped) {
      expect(w.calls).toHaveLength(1);
      expect(w.calls[0]).toHaveLength(100);
    }
    // A later tick is a new batch.
    await gatherer.load(subjects[0]!);
    expect(wrapped[0]!.calls).toHaveLength(2);
  });

  it('opens a failing connector’s circuit and stops asking it, without holding up the others', async () => {
    const down = await createConnector(caseDbConfig('postgres', { url: 'postgres://nrx@127.0.0.1:1/none', connectTimeoutMs: 1000 }, 'police-db'));
    const shelter = await memory('shelter', [{ subject: ana, sections: {} }]);
    opened.push(down, shelter);
    const counting = counted(down);
    gatherer = createCaseGatherer([counting.connector, shelter], { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 });
    for (let i = 0; i < 2; i++) expect((await gatherer.gather([ana])).errors[0]).toMatchObject({ code: 'UNREACHABLE' });
    const third = await gatherer.gather([ana]);
    expect(third.errors).toEqual([{ connector: 'police-db', code: 'CIRCUIT_OPEN', message: "connector 'police-db' is failing and is not being asked for now" }]);
    expect(third.records.get(ana)).toHaveLength(1);
    expect(counting.calls).toHaveLength(2);
    expect(gatherer.state()).toEqual({ 'police-db': 'open', shelter: 'closed' });
  });

  it('asks only the connectors known to hold the subject when told which those are', async () => {
    const a = counted(await memory('a', [{ subject: ana, sections: {} }]));
    const b = counted(await memory('b', [{ subject: mila, sections: {} }]));
    opened.push(a.connector, b.connector);
    gatherer = createCaseGatherer([a.connector, b.connector], { holders: (s) => (s === ana ? ['a'] : ['b']) });
    const { records } = await gatherer.gather([ana, mila]);
    expect([...records].map(([s, r]) => [s, r.map((x) => x.connector)])).toEqual([[ana, ['a']], [mila, ['b']]]);
    expect(a.calls).toEqual([[ana]]);
    expect(b.calls).toEqual([[mila]]);
  });
});
