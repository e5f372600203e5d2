/**
 * The gateway's GraphQL schema as SDL: published in the repository as schema/nrx.graphql (written by
 * `npm run generate`, checked fresh by a test) and served by every gateway at GET /graphql/sdl.
 * Types are printed in name order so that a change to the spec shows as a small diff.
 */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { join } from 'node:path';
import type { ArtefactGenerator } from '../../lib/spec/generate.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import type { Spec } from '../../lib/spec/types.ts';
import type { DpoOptions } from './dpo.ts';
import type { DirectorySchemaOptions } from './directory.ts';
import { buildGatewaySchema } from './gateway-schema.ts';
import type { GatewayOperations } from './operations.ts';
import type { StatisticsService } from '../../gateway/statistics/index.ts';

export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/**
 * The schema of a gateway serving `spec` with everything on: the audit trail (so the
 * data-protection officer's queries), its service directory and the statistics queries. Building
 * it calls none of the operations, so none is given.
 */
export function completeGatewaySchema(spec: Spec): GraphQLSchema {
  return buildGatewaySchema({
    spec, operations: {} as GatewayOperations, maxListSize: 100, dpo: {} as DpoOptions, directory: {} as DirectorySchemaOptions, statistics: {} as StatisticsService,
  }).schema;
}

/** The published SDL: the complete schema, printed. */
export function gatewaySdl(spec: Spec): string {
  return printSdl(completeGatewaySchema(spec));
}

/** Where the repository publishes the SDL. */
export const SDL_FILE = join(repoRoot, 'schema', 'nrx.graphql');

/** The published SDL as one of the artefacts generated from the spec (lib/spec/generate.ts). */
export const sdlArtefact: ArtefactGenerator = (spec) => [SDL_FILE, gatewaySdl(spec)];
