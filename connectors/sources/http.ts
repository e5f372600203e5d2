import jsonata from 'jsonata';
import { fromEnv, type ConnectorConfig, type EndpointSpec, type HttpSourceConfig } from '../config.ts';
import type { IdentifierKind } from '../contract.ts';
import { ConnectorError } from '../errors.ts';
import { readOne } from '../mapping/pointer.ts';
import type { LocalRecord, Source } from '../source.ts';

/**
 * An agency's REST/JSON service. The token is read from the environment variable the
 * configuration names; the configuration itself never holds it.
 */
export function httpSource(config: ConnectorConfig & { source: HttpSourceConfig }): Source {
  const connector = config.name;
  const { source } = config;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (source.auth) headers[source.auth.header.toLowerCase()] = `${source.auth.prefix ?? ''}${fromEnv(connector, source.auth.tokenEnv)}`;
  const timeoutMs = config.timeoutMs ?? 10_000;
  const bodies = new Map<EndpointSpec, ReturnType<typeof jsonata>>();
  for (const endpoint of [source.deliver, source.pushStatus]) {
    if (endpoint?.body) {
      try {
        bodies.set(endpoint, jsonata(endpoint.body));
      } catch (error) {
        throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: `body JSONata does not parse: ${(error as Error).message}` });
      }
    }
  }

  const url = (path: string, vars: Record<string, string> = {}, query: [string, string][] = []) => {
    const filled = path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => encodeURIComponent(vars[name] ?? ''));
    const target = new URL(source.baseUrl.replace(/\/$/, '') + filled);
    for (const [k, v] of query) target.searchParams.append(k, v);
    return target;
  };

  async function call(endpoint: EndpointSpec, target: URL, body?: unknown, { notFoundIsNull = false } = {}): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(target, {
        method: endpoint.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new ConnectorError({ connector, code: cause === 'TimeoutError' ? 'TIMEOUT' : 'UNREACHABLE', message: `${target.origin} cannot be reached (${cause})` }, { cause: error });
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new ConnectorError({ connector, code: 'AUTH_FAILED', message: `${target.origin} refused the credentials (HTTP ${response.status})` });
    }
    if (response.status === 404 && notFoundIsNull) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ConnectorError({ connector, code: 'SOURCE_ERROR', message: `${endpoint.path} answered HTTP ${response.status}` });
    }
    if (response.status === 204) return null;
    const text = await response.text();
    if (text === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new ConnectorError({ connector, code: 'SOURCE_ERROR', message: `${endpoint.path} answered with something that is not JSON` });
    }
  }

  const items = (endpoint: EndpointSpec, body: unknown): LocalRecord[] => {
    const list = endpoint.items ? readOne(body, endpoint.items) : body;
    if (!Array.isArray(list)) throw new ConnectorError({ connector, code: 'SOURCE_ERROR', message: `${endpoint.path} did not answer with a list${endpoint.items ? ` at ${endpoint.items}` : ''}` });
    return list.filter((x): x is LocalRecord => x !== null && typeof x === 'object');
  };

  const bodyFor = async (endpoint: EndpointSpec, document: unknown) => {
    const expression = bodies.get(endpoint);
    return expression ? expression.evaluate(document) : document;
  };

  const lookups = new Set(Object.keys(source.cases.query ?? { subject: 'subject' }) as IdentifierKind[]);
  const made: Source = {
    lookups,
    async findCases(kind, values) {
      const param = (source.cases.query ?? { subject: 'subject' })[kind]!;
      const body = await call(source.cases, url(source.cases.path, {}, values.map((v) => [param, v])));
      return items(source.cases, body);
    },
    async ping() {
      const endpoint = source.health ?? { path: '/' };
      await call(endpoint, url(endpoint.path));
    },
    close: async () => {},
  };
  if (source.services) made.services = async () => items(source.services!, await call(source.services!, url(source.services!.path)));
  if (source.deliver) {
    made.deliver = async (referral) => void (await call(source.deliver!, url(source.deliver!.path, { referralId: referral.id }), await bodyFor(source.deliver!, referral)));
  }
  if (source.status) {
    made.status = async (referralId) => {
      const body = await call(source.status!, url(source.status!.path, { referralId }), undefined, { notFoundIsNull: true });
      return body && typeof body === 'object' ? (body as LocalRecord) : null;
    };
  }
  if (source.pushStatus) {
    made.pushStatus = async (update) => {
      const referralId = update.referralId;
      await call(source.pushStatus!, url(source.pushStatus!.path, { referralId }), await bodyFor(source.pushStatus!, update));
    };
  }
  return made;
}
