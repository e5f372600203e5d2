/**
 * The one interception point for every field that serves spec data.
 *
 * Each spec-derived field carries `extensions.nrx` (where the property is defined in the spec, its
 * own sensitivity tier and allowed transforms). This plugin wraps exactly those resolvers with the
 * hook given as `specData.onSpecField` to the builder; field-level consent enforcement plugs in
 * there. Without a hook the resolvers are left untouched, so values pass through at no cost.
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

export interface SpecFieldCall {
  parent: unknown;
  args: Record<string, unknown>;
  context: unknown;
  info: GraphQLResolveInfo;
  field: SpecFieldInfo;
}

/** Sees every spec value before it is served; returns the value to serve (or a promise of it). */
export type SpecFieldHook = (value: unknown, call: SpecFieldCall) => unknown;

export interface SpecDataOptions {
  onSpecField?: SpecFieldHook;
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
    const hook = this.builder.options.specData?.onSpecField;
    if (!field || !hook) return resolver;
    return (parent, args, context, info) => {
      const value = resolver(parent, args, context, info);
      const call = { parent, args: args as Record<string, unknown>, context, info, field };
      return value instanceof Promise ? value.then((v) => hook(v, call)) : hook(value, call);
    };
  }
}

export const specDataPluginName = 'specData' as const;
SchemaBuilder.registerPlugin(specDataPluginName, PothosSpecDataPlugin);
