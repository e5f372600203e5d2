/**
 * A gateway that fails part-way through start-up closes what it had opened, latest first: its port
 * is free again and its embedded database can be opened by the next start. The teardown that does
 * it is the one close() runs.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { demoGatewayConfig, ensureDemoFiles } from '../../../gateway/demo/files.ts';
import { startGateway } from '../../../gateway/server/gateway.ts';
import { createTeardown } from '../../../gateway/server/start/teardown.ts';
import { canListen, freePort } from '../../support/ports.ts';

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });

describe('the start-up teardown', () => {
  it('closes latest first, runs every step when one fails, and rejects with the first failure', async () => {
    const closed: string[] = [];
    const teardown = createTeardown();
    teardown.add(() => void closed.push('store'));
    teardown.add(async () => {
      closed.push('notifier');
      throw new Error('notifier would not close');
    });
    teardown.add(() => {
      closed.push('routes');
      throw new Error('second failure');
    });
    await expect(teardown.run()).rejects.toThrow('second failure');
    expect(closed).toEqual(['routes', 'notifier', 'store']);
    await teardown.run();
    expect(closed).toHaveLength(3);
  });
});

describe('a gateway whose start-up fails after its server and database opened', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-start-failure-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('frees its port and its database, so the next start succeeds', async () => {
    const files = await ensureDemoFiles(dir);
    const port = await freePort();
    // An agreement that is not one: the policy step, after the HTTP server and the store, refuses it.
    const badAgreements = join(dir, 'bad-agreements');
    mkdirSync(badAgreements);
    writeFileSync(join(badAgreements, 'broken.json'), JSON.stringify({ kind: 'data-sharing-agreement', id: 'not-an-agreement' }));
    const listen = { host: '127.0.0.1', port };

    const failed = startGateway(demoGatewayConfig(files, { listen, policy: { enforce: true, agreementsDir: badAgreements } }), { logDestination: quiet() });
    await expect(failed).rejects.toMatchObject({ code: 'AGREEMENT_INVALID' });
    expect(await canListen(port)).toBe(true);

    const gateway = await startGateway(demoGatewayConfig(files, { listen, policy: { enforce: true, agreementsDir: files.agreementsDir } }), { logDestination: quiet() });
    try {
      const ready = await fetch(`${gateway.url}/ready`);
      expect(ready.status).toBe(200);
    } finally {
      await gateway.close();
    }
    expect(await canListen(port)).toBe(true);
  }, 120_000);
});
