/**
 * The query limits (config.limits) as one envelop plugin: graphql-armor's rules for depth,
 * aliases, directives and cost, its token-counting parser and its masking of field suggestions.
 * `EnvelopArmorPlugin` adds the same pieces as six plugins, each with its own hooks, and builds
 * each rule anew on every request; here the rules are built once and added in one hook.
 */
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayConfig } from '../config/types.ts';

/** Cost at most per operation (graphql-armor's cost model: objects 2, scalars 1, times 1.5 per level). */
export const MAX_COST = 20_000;

export function limitsPlugin(limits: GatewayConfig['limits']): Plugin {
  const rules = [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesRule({ n: limits.maxAliases }),
    maxDirectivesRule({ n: Math.max(10, limits.maxAliases) }),
    costLimitRule({ maxCost: MAX_COST, ignoreIntrospection: true }),
  ];
  // Each armor plugin's own hook, kept whole: the token-counting parser, and the masking of
  // "Did you mean" suggestions in validation errors (they would name fields a caller cannot see).
  const tokens = maxTokensPlugin({ n: limits.maxTokens });
  const suggestions = blockFieldSuggestionsPlugin();
  return {
    onParse(payload) {
      tokens.onParse!(payload as never);
    },
    onValidate(payload) {
      for (const rule of rules) payload.addValidationRule(rule);
      const armor = suggestions.onValidate!(payload as never) as (end: { valid: boolean; result: readonly GraphQLError[]; setResult: (errors: GraphQLError[]) => void }) => void;
      return (end) => {
        armor(end as never);
        if (!end.valid) for (const error of end.result) maskSuggestions(error);
      };
    },
    // Variables are coerced when the operation executes: an unknown enum value is reported there.
    onExecute() {
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          for (const error of result.errors ?? []) maskSuggestions(error);
        },
      };
    },
  };
}

/** The mask graphql-armor puts in place of a field suggestion, used for every other kind too. */
export const SUGGESTION_MASK = '[Suggestion hidden]';

/**
 * graphql-armor masks `Did you mean "x"?`; graphql-js also suggests enum values (`Did you mean the
 * enum value "X"?`), which would list values of an enum the caller never named. Every suggestion
 * goes, whatever it names.
 */
export function maskSuggestions(error: GraphQLError): void {
  // No instanceof: yoga's errors may come from another copy of graphql (its CommonJS build).
  if (typeof error.message === 'string' && error.message.includes('Did you mean')) {
    (error as { message: string }).message = error.message.replace(/Did you mean [^?]*\?/g, SUGGESTION_MASK).trim();
  }
}
