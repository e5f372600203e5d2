import { afterAll, describe, expect, it } from 'vitest';
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
