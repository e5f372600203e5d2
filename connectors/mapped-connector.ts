import type { Spec } from '../lib/spec/types.ts';
import type { ConnectorConfig } from './config.ts';
import {
  identifierKinds as allKinds,
  type CaseIdentifier,
  type CaseLookup,
  type CaseRecord,
  type Connector,
  type DeliveryReceipt,
  type Health,
  type IdentifierKind,
  type Operation,
  type ReferralDocument,
  type ServiceDocument,
  type ServiceLookup,
  type StatusUpdateDocument,
} from './contract.ts';
import { ConnectorError, toProblem, type ConnectorProblem } from './errors.ts';
import { compileMapping, type CompiledMapping } from './mapping/compile.ts';
import type { FieldMapping } from './mapping/types.ts';
import { readOne } from './mapping/pointer.ts';
import type { LocalRecord, Source } from './source.ts';
import { specCheck, type Checked, type SpecCheck } from './spec-check.ts';

/** Which part of the source each operation needs. */
const needs: Record<Operation, (s: Source) => boolean> = {
  getCase: () => true,
  findCases: () => true,
  listServices: (s) => typeof s.services === 'function',
  deliverReferral: (s) => typeof s.deliver === 'function',
  readStatus: (s) => typeof s.status === 'function',
  pushStatus: (s) => typeof s.pushStatus === 'function',
};

export interface MappedConnectorOptions {
  spec: Spec;
  /** A case mapping given in code (the HTCDS preset) instead of the configuration's. */
  caseMapping?: FieldMapping[];
}

/**
 * The part every connector shares: checks the configuration against what the source offers,
 * compiles the mappings against the spec at start, and on every call maps local records to
 * NRX objects, validates them, and reports each bad record instead of serving it.
 */
export class MappedConnector implements Connector {
  readonly name: string;
  readonly type: ConnectorConfig['type'];
  readonly capabilities: ReadonlySet<Operation>;
  readonly identifierKinds: ReadonlySet<IdentifierKind>;
  readonly config: ConnectorConfig;
  readonly mappings: Partial<Record<'case' | 'service' | 'status', CompiledMapping>>;
  private readonly source: Source;
  private readonly checker: SpecCheck;
  private readonly subjectPattern: RegExp;

  constructor(config: ConnectorConfig, source: Source, options: MappedConnectorOptions) {
    this.name = config.name;
    this.type = config.type;
    this.config = config;
    this.source = source;
    this.checker = specCheck(options.spec);
    const common = options.spec.byId.get('https://nrx.exchange/spec/v1/common.schema.json')?.json as any;
    this.subjectPattern = new RegExp(common?.$defs?.subjectRef?.pattern ?? '^.+$');

    const issues: string[] = [];
    for (const op of config.capabilities) {
      if (!needs[op](source)) issues.push(`capability ${op} is declared but the source configures no ${op === 'listServices' ? 'services' : op === 'deliverReferral' ? 'deliver' : op === 'readStatus' ? 'status' : 'pushStatus'} part`);
    }
    const kinds = config.identifiers ?? ['subject'];
    for (const kind of kinds) if (!source.lookups.has(kind)) issues.push(`identifier kind ${kind} is allowed but the source has no lookup for it`);
    if (config.type !== 'memory' && !config.record) issues.push('record (where the subject reference is in a local record) is required');
    if (issues.length) throw new ConnectorError({ connector: this.name, code: 'CONFIG_INVALID', message: `configuration is invalid:\n  - ${issues.join('\n  - ')}` });
    this.capabilities = new Set(config.capabilities);
    this.identifierKinds = new Set(kinds);

    const compile = (target: 'case' | 'service' | 'status', rules: FieldMapping[] | undefined) =>
      rules ? compileMapping(options.spec, this.name, target, rules, config.codes) : undefined;
    this.mappings = {};
    const caseRules = options.caseMapping ?? config.mapping?.case;
    const mapped = { case: compile('case', caseRules), service: compile('service', config.mapping?.service), status: compile('status', config.mapping?.status) };
    for (const [key, value] of Object.entries(mapped)) if (value) this.mappings[key as 'case'] = value;
    if (config.type !== 'memory') {
      const missing = (['case', 'service', 'status'] as const).filter(
        (m) => !this.mappings[m] && (m === 'case' || (m === 'service' ? this.capabilities.has('listServices') : this.capabilities.has('readStatus'))),
      );
      if (missing.length) throw new ConnectorError({ connector: this.name, code: 'CONFIG_INVALID', message: `configuration is invalid: no ${missing.join(', ')} mapping` });
    }
  }

  private require(op: Operation): void {
    if (!this.capabilities.has(op)) throw new ConnectorError({ connector: this.name, code: 'NOT_SUPPORTED', message: `${op} is not a capability of this connector` });
  }

  async getCase(reference: string): Promise<CaseLookup> {
    return this.getCases([reference]);
  }

  async getCases(references: string[]): Promise<CaseLookup> {
    this.require('getCase');
    return this.lookup('subject', references);
  }

  async findCases(identifiers: CaseIdentifier[]): Promise<CaseLookup> {
    this.require('findCases');
    const problems: ConnectorProblem[] = [];
    const byKind = new Map<IdentifierKind, string[]>();
    for (const { kind, value } of identifiers) {
      if (!(allKinds as readonly string[]).includes(kind) || !this.identifierKinds.has(kind)) {
        problems.push({ connector: this.name, code: 'BAD_REQUEST', message: `connector '${this.name}': cases cannot be looked up by '${String(kind)}' here (allowed: ${[...this.identifierKinds].join(', ')})` });
        continue;
      }
      byKind.set(kind, [...(byKind.get(kind) ?? []), value]);
    }
    const seen = new Set<string>();
    const records: CaseRecord[] = [];
    for (const [kind, values] of byKind) {
      const found = await this.lookup(kind, values);
      problems.push(...found.problems);
      for (const record of found.records) {
        const key = `${record.subject}\u0000${record.localCaseNumber ?? JSON.stringify(record.sections)}`;
        if (!seen.has(key)) records.push(record), seen.add(key);
      }
    }
    return { records, problems };
  }

  private async lookup(kind: IdentifierKind, values: string[]): Promise<CaseLookup> {
    const problems: ConnectorProblem[] = [];
    const valid = [...new Set(values)].filter((value) => {
      const ok = typeof value === 'string' && value.length > 0 && value.length <= 200 && (kind !== 'subject' || this.subjectPattern.test(value));
      if (!ok) {
        problems.push({
          connector: this.name,
          code: 'BAD_REQUEST',
          message: `connector '${this.name}': '${String(value).slice(0, 60)}' is not a valid ${kind === 'subject' ? 'subject reference' : 'local case number'}`,
          ...(kind === 'subject' && typeof value === 'string' ? { subject: value } : {}),
        });
      }
      return ok;
    });
    if (valid.length === 0) return { records: [], problems };
    const rows = await this.source.findCases(kind, valid);
    problems.push(...(this.source.readProblems?.() ?? []));
    const records: CaseRecord[] = [];
    for (const row of rows) {
      const mapped = await this.mapCase(row);
      if ('problems' in mapped) problems.push(...mapped.problems);
      else {
        records.push(mapped);
        const at = this.config.record?.caseNumber;
        // A case number the configuration promises and the record lacks comes back null: say why.
        if (at && mapped.localCaseNumber === undefined) {
          problems.push({ connector: this.name, code: 'CASE_NUMBER_MISSING', record: this.recordId(row), subject: mapped.subject, message: `connector '${this.name}': record '${this.recordId(row)}' has no case number at record.caseNumber (${at}); it is served without one` });
        }
      }
    }
    return { records, problems };
  }

  private recordId(row: LocalRecord): string {
    const r = this.config.record;
    const id = (r?.caseNumber && readOne(row, r.caseNumber)) ?? (r?.key && readOne(row, r.key)) ?? (r && readOne(row, r.subject)) ?? row.localCaseNumber ?? row.subject;
    return id === undefined || id === null ? '(no case number)' : String(id);
  }

  private async mapCase(row: LocalRecord): Promise<CaseRecord | { problems: ConnectorProblem[] }> {
    const recordId = this.recordId(row);
    const r = this.config.record;
    const subject = r ? readOne(row, r.subject) : row.subject;
    const caseNumber = r?.caseNumber ? readOne(row, r.caseNumber) : row.localCaseNumber;
    if (typeof subject !== 'string' || !this.subjectPattern.test(subject)) {
      return { problems: [{ connector: this.name, code: 'MALFORMED_RECORD', record: recordId, message: `connector '${this.name}': record '${recordId}' has no valid subject reference` }] };
    }
    let sections: Record<string, unknown>;
    if (this.mappings.case) {
      const mapped = await this.mappings.case.apply(row, recordId);
      if (!mapped.value) return { problems: mapped.problems.map((p) => ({ ...p.toProblem(), subject })) };
      sections = (mapped.value.sections as Record<string, unknown> | undefined) ?? {};
    } else {
      sections = (row.sections as Record<string, unknown> | undefined) ?? {};
    }
    const invalid = this.invalid('sections', sections, recordId);
    if (invalid) return { problems: [{ ...invalid, subject }] };
    return { connector: this.name, subject, ...(caseNumber !== undefined && caseNumber !== null ? { localCaseNumber: String(caseNumber) } : {}), sections };
  }

  /** A problem when `value` fails the spec, naming the paths and rules but never the values. */
  private invalid(kind: Checked, value: unknown, recordId: string): ConnectorProblem | undefined {
    const errors = this.checker.check(kind, value);
    if (!errors) return undefined;
    return {
      connector: this.name,
      code: 'INVALID_RECORD',
      record: recordId,
      message: `connector '${this.name}': record '${recordId}' does not conform to the NRX ${kind === 'sections' ? 'referral sections' : kind} schema: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
    };
  }

  async listServices(): Promise<ServiceLookup> {
    this.require('listServices');
    const rows = await this.source.services!();
    const services: ServiceDocument[] = [];
    const problems: ConnectorProblem[] = [];
    for (const [i, row] of rows.entries()) {
      const recordId = String(row.id ?? row.service_id ?? `service row ${i + 1}`);
      let doc: Record<string, unknown>;
      if (this.mappings.service) {
        const mapped = await this.mappings.service.apply(row, recordId);
        if (!mapped.value) {
          problems.push(...mapped.problems.map((p) => p.toProblem()));
          continue;
        }
        doc = { kind: 'service', ...mapped.value };
      } else doc = row;
      const invalid = this.invalid('service', doc, recordId);
      if (invalid) problems.push(invalid);
      else services.push(doc as ServiceDocument);
    }
    return { services, problems };
  }

  async deliverReferral(referral: ReferralDocument): Promise<DeliveryReceipt> {
    this.require('deliverReferral');
    const id = typeof referral?.id === 'string' ? referral.id : '(no id)';
    const invalid = this.invalid('referral', referral, id);
    if (invalid) throw new ConnectorError({ ...invalid, code: 'BAD_REQUEST' });
    await this.source.deliver!(referral);
    return { connector: this.name, referralId: referral.id };
  }

  async readStatus(referralId: string): Promise<StatusUpdateDocument | null> {
    this.require('readStatus');
    if (typeof referralId !== 'string' || !/^[0-9a-fA-F-]{36}$/.test(referralId)) {
      throw new ConnectorError({ connector: this.name, code: 'BAD_REQUEST', message: `'${String(referralId).slice(0, 60)}' is not a referral id (a UUID)` });
    }
    const row = await this.source.status!(referralId);
    if (!row) return null;
    let doc: Record<string, unknown> = row;
    if (this.mappings.status) {
      const mapped = await this.mappings.status.apply(row, referralId);
      if (!mapped.value) throw mapped.problems[0]!;
      doc = { kind: 'referral-status-update', ...mapped.value };
    }
    const invalid = this.invalid('status', doc, referralId);
    if (invalid) throw new ConnectorError(invalid);
    return doc as StatusUpdateDocument;
  }

  async pushStatus(update: StatusUpdateDocument): Promise<void> {
    this.require('pushStatus');
    const invalid = this.invalid('status', update, String(update?.referralId ?? '(status update)'));
    if (invalid) throw new ConnectorError({ ...invalid, code: 'BAD_REQUEST' });
    await this.source.pushStatus!(update);
  }

  async health(): Promise<Health> {
    const started = performance.now();
    try {
      await this.source.ping();
      return { ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), message: toProblem(this.name, error).message };
    }
  }

  close(): Promise<void> {
    return this.source.close();
  }
}
