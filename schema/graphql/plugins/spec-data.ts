/**
 * The one interception point for every field that serves spec data.
 *
 * Each spec-derived field carries `extensions.nrx` (where the property is defined in the spec, its
 * own sensitivity tier and allowed transforms). This plugin wraps exactly those resolvers with the
 * per-field guard that `specData.guardSpecField` makes for it; field-level enforcement
 * (plugins/field-guard.ts) plugs in there. Without a guard the resolvers are left untouched, so
 * values pass through at no cost.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';

/** What the spec says about one GraphQL field, recorded as `extensions.nrx`. */
export interface SpecFieldInfo {
  /** GraphQL type and field, e.g. `Person.givenName`. */
  coordinate: string;
  /** The JSON property the value comes from. */
  property: string;
  /** Where the property is defined: `<schema $id>#<JSON pointer>`, one or more. */
  locations: string[];
  /** The property's own tier; a value's effective tiers add those of its enclosing spec fields (see `info.path`). */
  sensitivity?: string;
  transforms: string[];
}

/**
 * A guard made once per GraphQL field at schema build, so that the per-value work is a plain call
 * with no allocation: (value, parent, context, info) -> the value to serve.
 */
export type SpecFieldGuard<Context = any> = (value: unknown, parent: unknown, context: Context, info: GraphQLResolveInfo) => unknown;

export interface SpecDataOptions {
  /** Called once per spec-data field while the schema is built; its guard sees every value of that field. */
  guardSpecField?: (field: SpecFieldInfo) => SpecFieldGuard;
}

export function specFieldInfo(extensions: Record<string, unknown> | null | undefined): SpecFieldInfo | undefined {
  return (extensions?.nrx as SpecFieldInfo | undefined) ?? undefined;
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      specData: PothosSpecDataPlugin<Types>;
    }
    export interface SchemaBuilderOptions<Types extends SchemaTypes> {
      specData?: SpecDataOptions;
    }
  }
}

export class PothosSpecDataPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const field = specFieldInfo(fieldConfig.extensions);
    if (!field) return resolver;
    const makeGuard = this.builder.options.specData?.guardSpecField;
    if (!makeGuard) return resolver;
    const guard = makeGuard(field);
    return (parent, args, context, info) => {
      const value = resolver(parent, args, context, info);
      return value instanceof Promise ? value.then((v) => guard(v, parent, context, info)) : guard(value, parent, context, info);
    };
  }
}

export const specDataPluginName = 'specData' as const;
SchemaBuilder.registerPlugin(specDataPluginName, PothosSpecDataPlugin);
