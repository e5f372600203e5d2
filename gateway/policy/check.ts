import type { Spec } from '../../lib/spec/types.ts';
import { fieldModel, plainPointer, underPrefix } from './field-groups.ts';
import { grants, scopeOf } from './scope.ts';
import type { FirewallSide } from './field-groups.ts';
import type { ActorMatch, AgreementClause, DataSharingAgreement } from './types.ts';

export type FindingCode = 'STATISTICS_SPECIAL_CATEGORY' | 'CROSS_BORDER_IDENTITY_WITHOUT_CONSENT' | 'UNKNOWN_PATH' | 'UNKNOWN_GROUP' | 'CONTRADICTION' | 'FIREWALL_BROAD_CLAUSE';

export interface Finding {
  code: FindingCode;
  agreement: string;
  clause: string;
  message: string;
}

const SPECIAL = ['special-health', 'special-ethnicity', 'special-sex-life', 'special-criminal'];

/** An actor match with the country and class a member id (`RS/GOV/CPTV`) implies spelled out. */
function memberParts(match: ActorMatch): { member?: string; country?: string; memberClass?: string; agencyType?: string } {
  if (!match.member) return match;
  const [country, memberClass] = match.member.split('/');
  return { ...match, country: match.country ?? country, memberClass: match.memberClass ?? memberClass };
}

/** Two actor descriptions overlap when some member could satisfy both. */
function overlaps(a: ActorMatch, b: ActorMatch): boolean {
  const x = memberParts(a);
  const y = memberParts(b);
  return (['member', 'memberClass', 'country', 'agencyType'] as const).every((k) => x[k] === undefined || y[k] === undefined || x[k] === y[k]);
}

function setsOverlap(a: readonly ActorMatch[] | undefined, b: readonly ActorMatch[] | undefined): boolean {
  if (!a || !b) return true;
  return a.some((x) => b.some((y) => overlaps(x, y)));
}

function transformKey(c: AgreementClause): string {
  return JSON.stringify((c.transforms ?? []).map((t) => [[...(t.fieldGroups ?? [])].sort(), [...(t.paths ?? [])].map(plainPointer).sort(), [...t.use].sort()]).sort());
}

/**
 * The firewall crossings a clause's broad recipient entries would make but for the firewall: an
 * entry that names neither a member nor an agency type may match members of one side while the
 * clause reaches the other side's data. The engine withholds those fields; the finding says so.
 */
function broadCrossings(c: AgreementClause, reached: readonly { groups: ReadonlySet<string>; pointer: string }[], sides: Record<string, FirewallSide>): string[] {
  const broad = (c.to ?? []).filter((m) => m.member === undefined && m.agencyType === undefined);
  if (broad.length === 0) return [];
  const out: string[] = [];
  for (const [dataSide, data] of Object.entries(sides)) {
    const crossing = reached.filter((f) => data.groups.some((g) => f.groups.has(g)));
    if (crossing.length === 0) continue;
    for (const [memberSide, members] of Object.entries(sides)) {
      if (memberSide === dataSide) continue;
      out.push(`grants ${dataSide} data (e.g. ${crossing[0]!.pointer}, ${crossing.length} fields) to a broad class of recipients (${JSON.stringify(broad[0])}) that includes ${memberSide} members (${members.agencyTypes.slice(0, 3).join(', ')}, ...); the firewall withholds them unless the clause names the member or its agency type`);
    }
  }
  return out;
}

/** Finds agreement clauses that would release what must not be released, or that contradict each other. */
export function checkAgreements(agreements: readonly DataSharingAgreement[], spec: Spec): Finding[] {
  const model = fieldModel(spec);
  const findings: Finding[] = [];
  const plainFields = model.fields.map((f) => f.plain);
  const entries = agreements.flatMap((a) => a.clauses.map((c) => ({ a, c })));
  for (const { a, c } of entries) {
    const add = (code: FindingCode, message: string) => findings.push({ code, agreement: a.id, clause: c.id, message });
    const groups = [...(c.fieldGroups ?? []), ...(c.transforms ?? []).flatMap((t) => t.fieldGroups ?? [])];
    for (const g of new Set(groups)) if (!model.groupCodes.has(g)) add('UNKNOWN_GROUP', `field group '${g}' is not defined in spec/v1/field-groups.json`);
    const paths = [...(c.paths ?? []), ...(c.transforms ?? []).flatMap((t) => t.paths ?? [])];
    for (const p of new Set(paths)) {
      const plain = plainPointer(p);
      if (!plainFields.some((f) => underPrefix(plain, f))) add('UNKNOWN_PATH', `path '${p}' names no field of a referral`);
    }
    const scope = scopeOf(c);
    const reached = model.fields.filter((f) => scope.restricted && grants(scope, { plain: f.plain, tiers: f.tiers, groups: f.groups, valueTiers: [] }, model) && !f.envelope);
    if (c.purpose === 'statistics') {
      const special = reached.filter((f) => f.tiers.some((t) => SPECIAL.includes(t)));
      if (special.length) add('STATISTICS_SPECIAL_CATEGORY', `allows special-category fields for statistics, e.g. ${special[0]!.pointer} (${special.length} fields)`);
    }
    for (const crossing of broadCrossings(c, reached, model.file.firewall?.sides ?? {})) add('FIREWALL_BROAD_CLAUSE', crossing);
    if (c.crossBorder && c.requiresConsent === false) {
      const identifying = reached.filter((f) => f.tiers.includes('identifying'));
      if (identifying.length) add('CROSS_BORDER_IDENTITY_WITHOUT_CONSENT', `sends identifying fields across a border without requiring consent, e.g. ${identifying[0]!.pointer}`);
    }
  }
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const x = entries[i]!;
      const y = entries[j]!;
      if (x.c.purpose !== y.c.purpose || !setsOverlap(x.c.to, y.c.to) || !setsOverlap(x.c.from, y.c.from)) continue;
      const where = `${y.a.id} clause ${y.c.id}`;
      if (Boolean(x.c.crossBorder) !== Boolean(y.c.crossBorder)) {
        findings.push({ code: 'CONTRADICTION', agreement: x.a.id, clause: x.c.id, message: `disagrees with ${where} on crossBorder for the same parties and purpose '${x.c.purpose}'` });
      }
      if (transformKey(x.c) !== transformKey(y.c)) {
        findings.push({ code: 'CONTRADICTION', agreement: x.a.id, clause: x.c.id, message: `disagrees with ${where} on transforms for the same parties and purpose '${x.c.purpose}'` });
      }
    }
  }
  return findings;
}
