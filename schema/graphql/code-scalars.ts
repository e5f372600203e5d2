/**
 * One GraphQL scalar per code type of the spec (a codelist or an inline enum). GraphQL enum values
 * cannot hold the standard's codes (`accommodation.open`, `15-17`, `P-256`), so a code travels as a
 * string, exactly as the documents write it, in answers, arguments, filters, input objects and
 * variables alike. The scalar accepts only its codes and lists them in its description; its
 * `@specifiedBy` URL is where the spec defines them (a codelist's `$id`, served by every gateway).
 */
import { GraphQLScalarType, Kind, valueFromASTUntyped, type GraphQLError, type ValueNode } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { render } from '../../lib/validator/issues.ts';
import { closestMatch } from '../../lib/validator/suggest.ts';
import { gatewayError } from './errors.ts';
import type { SpecCodeType } from './spec-codes.ts';

/** A code type the gateway defines itself (not from the spec) has no `location`, and no `@specifiedBy`. */
type CodeType = Omit<SpecCodeType, 'location'> & { location?: string };

export function codeScalar(type: CodeType): GraphQLScalarType<string, string> {
  const codes = new Set(type.codes.map((c) => c.code));
  const check = (value: unknown): string => {
    if (typeof value === 'string' && codes.has(value)) return value;
    throw unknownCode(type, value);
  };
  return new GraphQLScalarType<string, string>({
    name: type.name,
    description: codeScalarDescription(type),
    ...(type.location ? { specifiedByURL: type.location } : {}),
    serialize: check,
    parseValue: check,
    parseLiteral: (node: ValueNode) => {
      if (node.kind === Kind.STRING) {
        if (codes.has(node.value)) return node.value;
        throw unknownCode(type, node.value, undefined, node);
      }
      if (node.kind === Kind.ENUM) {
        const meant = codes.has(node.value) ? node.value : closestMatch(node.value, liveCodes(type)) ?? node.value;
        throw unknownCode(type, node.value, `codes are strings: write "${meant}" in quotes`, node);
      }
      throw unknownCode(type, valueFromASTUntyped(node), undefined, node);
    },
  });
}

function liveCodes(type: CodeType): string[] {
  return type.codes.filter((c) => !c.deprecated).map((c) => c.code);
}

function codeScalarDescription(type: CodeType): string {
  const lines = type.codes.map((c) => {
    const notes = [c.sensitivity ? `Sensitivity: ${c.sensitivity}.` : '', c.deprecated ? 'Deprecated in the codelist.' : ''].filter(Boolean).join(' ');
    const text = c.description === c.code ? '' : `: ${c.description}`;
    return `- \`${c.code}\`${text}${notes ? ` ${notes}` : ''}`;
  });
  return [type.description, 'A string holding one of these codes, as the standard\'s documents write them:', lines.join('\n')].filter(Boolean).join('\n\n');
}

/**
 * The error for a value that is not one of the type's codes, in the validator's words (at the
 * literal's place in the query when it was written there). It wraps a
 * GraphQL error carrying the extensions because graphql-js keeps only the wrapped error's
 * extensions when it reports a variable's invalid value.
 */
export function unknownCode(type: CodeType, value: unknown, hint?: string, node?: ValueNode): GraphQLError {
  const where = type.codelist ? `the codelist '${type.codelist}'` : `${type.name}`;
  const suggestion = typeof value === 'string' ? closestMatch(value, liveCodes(type)) : undefined;
  const what = typeof value === 'string' ? `${render(value)} is not a code of ${where}` : `expected a code of ${where} (a string), found ${render(value)}`;
  const message = `${what}${hint ? `; ${hint}` : suggestion ? `; did you mean '${suggestion}'?` : ''}`;
  const inner = gatewayError('UNKNOWN_CODE', message, {
    type: type.name,
    ...(type.codelist ? { codelist: type.codelist } : {}),
    found: render(value),
    ...(suggestion ? { suggestion } : {}),
    ...(type.location ? { specifiedBy: type.location } : {}),
  });
  return createGraphQLError(message, { originalError: inner, extensions: inner.extensions, ...(node ? { nodes: node } : {}) });
}
