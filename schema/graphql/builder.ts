/**
 * The one place spec-derived GraphQL types are made. Every type built from the spec goes through
 * `addSpecTypes`, and every field it makes carries `extensions.nrx` so that the spec-data plugin
 * (plugins/spec-data.ts) can intercept its resolver.
 */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLScalarType, valueFromASTUntyped, type ValueNode } from 'graphql';
import { codeScalar } from './code-scalars.ts';
import type { AuthenticatedRequest } from '../../gateway/request/context.ts';
import { specDataPluginName, type SpecDataOptions, type SpecFieldInfo } from './plugins/spec-data.ts';
import type { SpecField, SpecFieldType, SpecModel } from './spec-model.ts';
import { NrxError } from '../../lib/errors.ts';

export type BuilderTypes = {
  /** The request context (gateway/request/context.ts); authentication has run before any resolver. */
  Context: AuthenticatedRequest;
  Scalars: { JSON: { Input: unknown; Output: unknown } };
  DefaultFieldNullability: true;
};

// Pothos types fields from static shapes; spec-derived types only exist at run time, so they are
// handled through this loosely typed view of the builder.
export type Builder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>>;
export type AnyRef = any;

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value. Used where the spec allows a value that no single GraphQL type describes.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast: ValueNode, variables) => valueFromASTUntyped(ast, variables ?? undefined),
});

export function createBuilder(specData: SpecDataOptions = {}): Builder {
  const builder: Builder = new SchemaBuilder<BuilderTypes>({
    plugins: [RelayPlugin, specDataPluginName],
    relay: { clientMutationId: 'omit', cursorType: 'String', nodeQueryOptions: false, nodesQueryOptions: false },
    specData,
  });
  builder.addScalarType('JSON', JSONScalar);
  return builder;
}

export interface SpecTypes {
  /** GraphQL type refs by spec type name (objects and code scalars). */
  refs: Map<string, AnyRef>;
  /** The Pothos type param for a spec field type (`'String'`, `[ref]`, ...). */
  typeParam(type: SpecFieldType): AnyRef;
}

/** Registers every object and code scalar of the spec model with the builder. */
export function addSpecTypes(builder: Builder, model: SpecModel): SpecTypes {
  const b = builder as any;
  const refs = new Map<string, AnyRef>();
  for (const type of model.codes.values()) refs.set(type.name, b.addScalarType(type.name, codeScalar(type)));
  for (const type of model.objects.values()) refs.set(type.name, b.objectRef(type.name));

  const typeParam = (type: SpecFieldType): AnyRef => {
    if (type.kind === 'scalar') return type.name;
    if (type.kind === 'list') return [typeParam(type.of)];
    const ref = refs.get(type.name);
    if (!ref) throw new NrxError('INTERNAL', `spec type ${type.name} was not registered`);
    return ref;
  };

  for (const type of model.objects.values()) {
    refs.get(type.name).implement({
      description: type.description || undefined,
      fields: (t: any) => Object.fromEntries(type.fields.map((field) => [field.name, specField(t, type.name, field, typeParam)])),
    });
  }
  return { refs, typeParam };
}

function specField(t: any, typeName: string, field: SpecField, typeParam: (type: SpecFieldType) => AnyRef) {
  const property = field.property;
  return t.field({
    type: typeParam(field.type),
    nullable: field.type.kind === 'list' ? { list: true, items: true } : true,
    description: field.description || undefined,
    extensions: { nrx: specFieldExtension(`${typeName}.${field.name}`, field) },
    resolve: (parent: Record<string, unknown>) => parent[property],
  });
}

export function specFieldExtension(coordinate: string, field: Pick<SpecField, 'property' | 'locations' | 'sensitivity' | 'transforms'>): SpecFieldInfo {
  return {
    coordinate,
    property: field.property,
    locations: field.locations,
    ...(field.sensitivity ? { sensitivity: field.sensitivity } : {}),
    transforms: field.transforms,
  };
}
