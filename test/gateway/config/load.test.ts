import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../../gateway/config/load.ts';

let dir: string;
const required = { gatewayId: 'RS/GOV/CPTV', trustList: { file: 'trust-list.jws', operatorKeyFile: 'operator.jwk' }, signingKeyFile: 'signing.jwk' };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nrx-config-'));
  mkdirSync(join(dir, 'etc'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('fills every default around the required settings', () => {
    const config = loadConfig({ env: {}, overrides: required });
    expect(config).toMatchObject({
      gatewayId: 'RS/GOV/CPTV',
      audience: 'RS/GOV/CPTV',
      listen: { host: '127.0.0.1', port: 4000 },
      publicUrl: 'http://127.0.0.1:4000',
      dataDir: resolve('.nrx/data'),
      limits: { maxDepth: 12, maxAliases: 30, maxTokens: 2000, maxBodyBytes: 1024 * 1024, maxListSize: 100, maxTokenLifetimeSeconds: 900 },
      graphiql: false,
      log: { level: 'info' },
      connectors: [],
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.signingKeyFile).toBe(resolve('signing.jwk'));
  });

  it('reads YAML from NRX_CONFIG and resolves relative paths against the file’s directory', () => {
    const file = join(dir, 'etc', 'gateway.yaml');
    writeFileSync(
      file,
      [
        'gatewayId: RS/NGO/ASTRA',
        'trustList:',
        '  file: ../federation/trust-list.jws',
        '  operatorKeyFile: /keys/operator.jwk',
        'signingKeyFile: keys/astra.jwk',
        'dataDir: data',
        'listen: { port: 8080 }',
        'limits:',
        '  maxDepth: 8',
        'profile: rs',
      ].join('\n'),
    );
    const config = loadConfig({ env: { NRX_CONFIG: file } });
    expect(config.trustList).toEqual({ file: join(dir, 'federation', 'trust-list.jws'), operatorKeyFile: '/keys/operator.jwk' });
    expect(config.signingKeyFile).toBe(join(dir, 'etc', 'keys', 'astra.jwk'));
    expect(config.dataDir).toBe(join(dir, 'etc', 'data'));
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.limits.maxDepth).toBe(8);
    expect(config.limits.maxAliases).toBe(30);
    expect(config.profile).toBe('rs');
  });

  it('reads JSON too, and lets environment variables, then overrides, win over the file', () => {
    const file = join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify({ ...required, listen: { host: '0.0.0.0', port: 4100 }, log: { level: 'warn' } }));
    const config = loadConfig({
      file,
      env: { NRX_PORT: '5000', NRX_HOST: '::1', NRX_LOG_LEVEL: 'debug', NRX_DATABASE_URL: 'postgres://nrx@db:5432/nrx', NRX_PUBLIC_URL: 'https://gw.example.org', NRX_DATA_DIR: 'var/nrx', NRX_GATEWAY_ID: 'AT/NGO/LEFOE' },
      overrides: { log: { level: 'silent' } },
    });
    expect(config.listen).toEqual({ host: '::1', port: 5000 });
    expect(config.log.level).toBe('silent');
    expect(config.databaseUrl).toBe('postgres://nrx@db:5432/nrx');
    expect(config.publicUrl).toBe('https://gw.example.org');
    expect(config.gatewayId).toBe('AT/NGO/LEFOE');
    expect(config.audience).toBe('AT/NGO/LEFOE');
    expect(config.dataDir).toBe(resolve('var/nrx'));
  });

  it('names the path of a bad setting and what it must be', () => {
    const error = configError(() => loadConfig({ env: {}, overrides: { ...required, limits: { maxDepth: 0 } as any } }));
    expect(error.path).toBe('limits.maxDepth');
    expect(error.message).toContain('limits.maxDepth: must be integer >= 1');

    const port = configError(() => loadConfig({ env: { NRX_PORT: 'eighty' }, overrides: required }));
    expect(port.path).toBe('listen.port');
    expect(port.message).toMatch(/listen\.port: must be integer from 0 to 65535 \(from NRX_PORT\)/);

    expect(configError(() => loadConfig({ env: {}, overrides: { ...required, gatewayId: 'cptv' } })).message).toMatch(/gatewayId: must be a member id such as RS\/GOV\/CPTV/);
    expect(configError(() => loadConfig({ env: { NRX_LOG_LEVEL: 'loud' }, overrides: required })).message).toMatch(/log\.level: must be one of fatal, error/);
    expect(configError(() => loadConfig({ env: {}, overrides: { ...required, limits: { maxTokenLifetimeSeconds: 3600 } as any } })).message).toMatch(/maxTokenLifetimeSeconds: must be integer from 1 to 900/);
  });

  it('refuses unknown settings with a did-you-mean', () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, `gatewayId: RS/GOV/CPTV\nsigningKeyFile: k.jwk\ntrustList: { file: t.jws, operatorKeyFile: o.jwk }\nlimits:\n  maxDeph: 5\ngrapiql: true\n`);
    const error = configError(() => loadConfig({ file, env: {} }));
    expect(error.message).toContain(file);
    expect(error.message).toContain("limits.maxDeph: unknown setting; did you mean 'maxDepth'?");
    expect(error.message).toContain("grapiql: unknown setting; did you mean 'graphiql'?");
    expect(error.problems).toHaveLength(2);
    expect(configError(() => loadConfig({ env: {}, overrides: { ...required, colour: 'blue' } as any })).message).toMatch(/colour: unknown setting \(known: gatewayId/);
  });

  it('requires gatewayId, the trust-list files and the signing key', () => {
    const error = configError(() => loadConfig({ env: {} }));
    expect(error.problems.map((p) => p.path).sort()).toEqual(['gatewayId', 'signingKeyFile', 'trustList']);
    expect(error.message).toMatch(/gatewayId: is required/);
    expect(configError(() => loadConfig({ env: {}, overrides: { ...required, trustList: { file: 't.jws' } as any } })).path).toBe('trustList.operatorKeyFile');
  });

  it('reports a missing, unparsable or non-mapping file', () => {
    expect(configError(() => loadConfig({ file: join(dir, 'absent.yaml'), env: {} })).message).toMatch(/absent\.yaml: cannot read configuration file \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.yaml'), 'gatewayId: [unclosed\n');
    expect(configError(() => loadConfig({ file: join(dir, 'bad.yaml'), env: {} })).message).toMatch(/bad\.yaml: not valid YAML or JSON/);
    writeFileSync(join(dir, 'list.yaml'), '- a\n- b\n');
    expect(configError(() => loadConfig({ file: join(dir, 'list.yaml'), env: {} })).message).toMatch(/must be a mapping/);
  });
});
