/** The `connectors` setting: each entry checked against the connector schema at load, with its path; files and folders relative to the config file. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../gateway/config/load.ts';
import { startConnectedGateway } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'nrx-gwconn-cfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = `gatewayId: RS/GOV/CPTV\ntrustList: { file: trust.jws, operatorKeyFile: operator.jwk }\nsigningKeyFile: gateway.jwk\n`;
const memory = (name: string, extra = '') => `  - { name: ${name}, type: memory, member: RS/NGO/ASTRA, capabilities: [getCase]${extra}, source: { cases: [] } }\n`;

function load(yaml: string): ReturnType<typeof loadConfig> {
  const file = join(dir, `gateway-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  return loadConfig({ file, env: {} });
}

function problemsOf(yaml: string): ConfigError['problems'] {
  try {
    load(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('the connectors setting', () => {
  it('accepts inline entries and files, resolving relative paths against the config file', () => {
    writeFileSync(join(dir, 'agency.yaml'), memory('from-file').replace(/^ {2}- /, ''));
    const config = load(`${base}connectors:\n${memory('inline')}  - ./agency.yaml\nfanout: { timeoutMs: 300 }\n`);
    expect(config.connectors.map((c) => [c.name, c.baseDir])).toEqual([['inline', dir], ['from-file', dir]]);
    expect(config.fanout).toEqual({ timeoutMs: 300, errorThresholdPercentage: 50, volumeThreshold: 5, resetTimeoutMs: 30_000 });
  });

  it('fails on a bad entry, naming its path and what is wrong', () => {
    const problems = problemsOf(`${base}connectors:\n${memory('good')}  - { name: bad, type: memory, member: RS/NGO/ASTRA, capabilites: [getCase], source: {} }\n`);
    expect(problems).toEqual(expect.arrayContaining([
      { path: 'connectors.1.capabilites', message: "unknown setting; did you mean 'capabilities'?" },
      { path: 'connectors.1.capabilities', message: 'is required' },
    ]));
  });

  it('requires the member whose system it is, unique names, and readable files', () => {
    expect(problemsOf(`${base}connectors:\n  - { name: a, type: memory, capabilities: [getCase], source: {} }\n`)).toEqual([{ path: 'connectors.0.member', message: expect.stringContaining('is required') }]);
    expect(problemsOf(`${base}connectors:\n${memory('twin')}${memory('twin')}`)).toEqual([{ path: 'connectors.1.name', message: expect.stringContaining('connectors.0') }]);
    expect(problemsOf(`${base}connectors:\n  - ./missing.yaml\n`)).toEqual([{ path: 'connectors.0', message: expect.stringContaining('ENOENT') }]);
  });
});

describe('start-up and the circuit breaker', () => {
  it('refuses a connector of a member outside the trust list', async () => {
    await expect(startConnectedGateway([{ name: 'stranger', type: 'memory', member: 'RS/NGO/NOBODY', capabilities: ['getCase'], source: {} }]))
      .rejects.toMatchObject({ path: 'connectors.0.member' });
  });

  it('stops asking a failing connector and says so, while the others keep serving', async () => {
    const g = await startConnectedGateway(
      [
        { name: 'down', type: 'http', member: 'RS/GOV/POLICE', capabilities: ['getCase'], record: { subject: '/s' }, source: { baseUrl: 'http://127.0.0.1:1', cases: { path: '/c', query: { subject: 's' } } }, mapping: { case: [{ from: '/s', to: '/sections/person/subject' }] } },
        { name: 'up', type: 'memory', member: 'RS/NGO/ASTRA', capabilities: ['getCase'], source: { cases: [{ subject: 'sub-x-0001', sections: { person: { subject: 'sub-x-0001', sex: 'male' } } }] } },
      ],
      { volumeThreshold: 2 },
    );
    try {
      const token = await g.token('RS/NGO/ASTRA', 'referral');
      const codes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const body = await g.graphql(token, `{ subjectCase(subject: "sub-x-0001") { agencyRecords { connector sections { person { sex } } } } }`);
        expect(body.data.subjectCase.agencyRecords).toEqual([{ connector: 'up', sections: { person: { sex: 'male' } } }]);
        codes.push(body.extensions.nrx.connectorErrors.map((e: any) => `${e.connector}:${e.code}`).join());
      }
      expect(codes.slice(0, 2)).toEqual(['down:UNREACHABLE', 'down:UNREACHABLE']);
      expect(codes.slice(2)).toEqual(['down:CIRCUIT_OPEN', 'down:CIRCUIT_OPEN']);
    } finally {
      await g.stop();
    }
  });
});
