import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../gateway/audit/entry.ts';
import { renderSubjectAccessReport } from '../../../gateway/reports/subject-access.ts';
import { createWorkPool } from '../../../gateway/server/work-pool.ts';
import { fullReferral, unknownProperties } from '../../fixtures/hostile-documents.ts';

const pool = createWorkPool({ threads: 1, taskTimeoutMs: 300, maxQueue: 1, offloadBytes: 0 }, { maxBytes: 256 * 1024 * 1024 });
afterAll(() => pool.close());

const bytes = (text: string) => new TextEncoder().encode(text);

describe('the worker pool', () => {
  it('validates in a worker thread as the validator does on the event loop', async () => {
    expect(await pool.validateBytes(bytes(JSON.stringify(fullReferral())), {})).toMatchObject({ valid: true, kind: 'referral' });
    expect(await pool.validateBytes(bytes(unknownProperties(3)), {})).toMatchObject({ valid: false, issues: { length: 3 } });
  });

  it('renders a subject access report in a worker thread, byte for byte as on the event loop, names from a table', async () => {
    const now = new Date('2026-03-01T10:00:00Z');
    const entries = [
      { id: 1, at: '2026-02-01T09:00:00.000Z', type: 'disclosure-decision', requester: 'RS/NGO/ATINA', purpose: 'assistance', subject: 's-1', fields: [{ path: 'referral.sections.needs', decision: 'released', group: 'needs' }], details: { recipient: 'RS/NGO/ATINA' } },
      { id: 2, at: '2026-02-02T09:00:00.000Z', type: 'consent-recorded', requester: 'RS/GOV/CSR-NS', subject: 's-1' },
    ] as unknown as AuditEntry[];
    const names: Record<string, string> = { 'RS/NGO/ATINA': 'Atina <NGO>' };
    const inline = renderSubjectAccessReport({ subject: 's-1', lang: 'sr', entries, now, memberName: (id) => names[id] });
    expect(await pool.renderReport({ subject: 's-1', lang: 'sr', entries, now, names })).toBe(inline);
    expect(inline).toContain('Atina &lt;NGO&gt;');
  });

  it('stops a task over its time budget, refuses work past the queue, and serves the next task on a new thread', async () => {
    // Six hundred thousand errors take seconds anywhere, far over 300 ms.
    const huge = bytes(unknownProperties(600_000));
    const running = pool.validateBytes(huge, {});
    const queued = pool.validateBytes(huge, {});
    await expect(pool.validateBytes(huge, {})).rejects.toMatchObject({ code: 'WORK_QUEUE_FULL' });
    await expect(running).rejects.toMatchObject({ code: 'WORK_TIME_BUDGET', message: expect.stringContaining('300 ms') });
    await expect(queued).rejects.toMatchObject({ code: 'WORK_TIME_BUDGET' });
    expect(await pool.validateBytes(bytes(JSON.stringify(fullReferral())), {})).toMatchObject({ valid: true });
  }, 60_000);
});
