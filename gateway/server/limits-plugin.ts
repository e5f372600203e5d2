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
      return suggestions.onValidate!(payload as never) as ReturnType<NonNullable<Plugin['onValidate']>>;
    },
  };
}
