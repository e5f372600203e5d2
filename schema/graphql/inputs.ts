/**
 * Typed input objects for the documents the mutations take, derived from the spec model like the
 * output types: `ReferralInput` mirrors `Referral`, field for field, with the same code scalars.
 * Every input field is optional: whether a document is complete, and every other rule of its
 * schema, is the validator's to say, so an invalid document gets the spec's own messages
 * (SPEC_VALIDATION, with JSON Pointers) rather than GraphQL's.
 */
import type { AnyRef, Builder, SpecTypes } from './builder.ts';
import type { SpecFieldType, SpecModel } from './spec-model.ts';

export interface SpecInputs {
  /** The input object of a document kind (`referral` -> `ReferralInput`). */
  documentInput(kind: string): AnyRef;
  /** A coerced input value back as the spec's document (GraphQL field names to property names). */
  toDocument(kind: string, value: unknown): unknown;
}

export const inputName = (objectName: string) => `${objectName}Input`;

export function addSpecInputs(builder: Builder, model: SpecModel, specTypes: SpecTypes): SpecInputs {
  const b = builder as any;
  const refs = new Map<string, AnyRef>();

  const inputParam = (type: SpecFieldType): AnyRef => {
    if (type.kind === 'list') return [inputParam(type.of)];
    if (type.kind === 'object') return inputRef(type.name);
    return specTypes.typeParam(type);
  };

  function inputRef(objectName: string): AnyRef {
    const known = refs.get(objectName);
    if (known) return known;
    const object = model.objects.get(objectName)!;
    const name = inputName(objectName);
    if (model.objects.has(name) || model.codes.has(name)) throw new Error(`the input type ${name} would take the name of a spec type`);
    const ref = b.inputRef(name);
    refs.set(objectName, ref);
    ref.implement({
      description: `${object.description ? `${object.description}\n\n` : ''}Input form of \`${objectName}\`.`,
      fields: (t: any) => Object.fromEntries(object.fields.map((field) => [field.name, t.field({
        type: inputParam(field.type),
        required: field.type.kind === 'list' ? { list: false, items: false } : false,
        description: field.description || undefined,
      })])),
    });
    return ref;
  }

  function documentType(kind: string): SpecFieldType {
    const type = model.documents.get(kind);
    if (type?.kind !== 'object') throw new Error(`the spec has no object schema for documents of kind ${kind}`);
    return type;
  }

  function toDocument(type: SpecFieldType, value: unknown): unknown {
    if (value === null || value === undefined) return value;
    if (type.kind === 'list') return Array.isArray(value) ? value.map((item) => toDocument(type.of, item)) : value;
    if (type.kind !== 'object') return value;
    const given = value as Record<string, unknown>;
    const document: Record<string, unknown> = {};
    for (const field of model.objects.get(type.name)!.fields) {
      if (field.name in given) document[field.property] = toDocument(field.type, given[field.name]);
    }
    return document;
  }

  return {
    documentInput: (kind) => inputParam(documentType(kind)),
    toDocument: (kind, value) => toDocument(documentType(kind), value),
  };
}
