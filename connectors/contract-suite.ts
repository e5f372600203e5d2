import { loadConfigFile, type ConnectorConfig } from './config.ts';
import type { CaseLookup } from './contract.ts';
import { toProblem, type ConnectorProblem } from './errors.ts';
import { createConnector, type CreateOptions } from './index.ts';
import type { MappedConnector } from './mapped-connector.ts';

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail?: string;
  /** A lookup's mapped records, as the gateway would receive them (for `nrx connector test --show`). */
  records?: CaseLookup['records'];
}

const describeProblems = (problems: ConnectorProblem[]) => problems.map((p) => `${p.code}: ${p.message}`).join('\n');
const lookupResult = (name: string, lookup: CaseLookup): CheckResult =>
  lookup.problems.length
    ? { name, status: 'fail', detail: describeProblems(lookup.problems) }
    : { name, status: 'pass', detail: `${lookup.records.length} record(s), each valid against the spec`, records: lookup.records };

/**
 * The checks an integrator runs before going live: the configuration and its mappings against
 * the spec, the system's health, each configured capability on the sample references, and
 * that lookups outside the allowed identifier kinds and injection attempts are refused.
 * Nothing is written to the agency's system.
 */
export async function runContractSuite(file: string, options: CreateOptions = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let config: ConnectorConfig;
  let connector: MappedConnector;
  try {
    config = loadConfigFile(file);
    results.push({ name: 'configuration matches connectors/config.schema.json', status: 'pass' });
    connector = await createConnector(config, options);
    const counts = Object.entries(connector.mappings).map(([k, m]) => `${k}: ${m.fields} rule(s)`);
    results.push({ name: 'mappings fit the spec (targets exist, codes are valid)', status: 'pass', detail: counts.join(', ') || 'no mappings (records are NRX already)' });
  } catch (error) {
    results.push({ name: 'configuration and mappings', status: 'fail', detail: toProblem(file, error).message });
    return results;
  }

  const attempt = async (name: string, run: () => Promise<CheckResult | CheckResult[]>) => {
    try {
      results.push(...[await run()].flat());
    } catch (error) {
      results.push({ name, status: 'fail', detail: toProblem(connector.name, error).message });
    }
  };

  try {
    const health = await connector.health();
    results.push({ name: 'health', status: health.ok ? 'pass' : 'fail', detail: health.ok ? `answered in ${health.latencyMs} ms` : health.message });
    results.push({ name: 'capabilities', status: 'pass', detail: `${[...connector.capabilities].join(', ')}; lookups by ${[...connector.identifierKinds].join(', ')}` });
    const samples = config.samples ?? {};

    if (connector.capabilities.has('getCase')) {
      if (!samples.subjects?.length) results.push({ name: 'getCase', status: 'skip', detail: 'no samples.subjects configured' });
      for (const subject of samples.subjects ?? []) await attempt(`getCase ${subject}`, async () => lookupResult(`getCase ${subject}`, await connector.getCase(subject)));
      await attempt('getCase refuses an injection attempt', async () => {
        const probe = await connector.getCase("x' OR '1'='1");
        const refused = probe.records.length === 0 && probe.problems.some((p) => p.code === 'BAD_REQUEST');
        return { name: 'getCase refuses an injection attempt', status: refused ? 'pass' : 'fail', ...(refused ? {} : { detail: 'the reference was not refused' }) };
      });
    }
    if (connector.capabilities.has('findCases')) {
      if (!samples.identifiers?.length) results.push({ name: 'findCases', status: 'skip', detail: 'no samples.identifiers configured' });
      for (const id of samples.identifiers ?? []) {
        const name = `findCases ${id.kind}=${id.value}`;
        await attempt(name, async () => lookupResult(name, await connector.findCases([id])));
      }
      await attempt('findCases refuses a name search', async () => {
        const probe = await connector.findCases([{ kind: 'familyName' as never, value: 'Smith' }]);
        const refused = probe.records.length === 0 && probe.problems.some((p) => p.code === 'BAD_REQUEST');
        return { name: 'findCases refuses a name search', status: refused ? 'pass' : 'fail' };
      });
    }
    if (connector.capabilities.has('listServices')) {
      await attempt('listServices', async () => {
        const { services, problems } = await connector.listServices();
        return problems.length ? { name: 'listServices', status: 'fail', detail: describeProblems(problems) } : { name: 'listServices', status: 'pass', detail: `${services.length} service(s), each valid against the spec` };
      });
    }
    if (connector.capabilities.has('readStatus')) {
      if (!samples.referralIds?.length) results.push({ name: 'readStatus', status: 'skip', detail: 'no samples.referralIds configured' });
      for (const id of samples.referralIds ?? []) {
        await attempt(`readStatus ${id}`, async () => {
          const status = await connector.readStatus(id);
          return { name: `readStatus ${id}`, status: 'pass', detail: status ? `status ${String(status.status)}` : 'the system does not hold this referral' };
        });
      }
    }
    for (const write of ['deliverReferral', 'pushStatus'] as const) {
      if (connector.capabilities.has(write)) results.push({ name: write, status: 'skip', detail: 'not exercised: it would write to the live system' });
    }
  } finally {
    await connector.close();
  }
  return results;
}
