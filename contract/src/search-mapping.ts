/**
 * The OpenSearch index mapping, derived from `LakeRowSchema`: a column is indexed when its
 * schema names a `search` type; everything else is kept in `_source` only.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { LakeRowSchema, type SearchType } from './event-contract';

export interface SearchFieldMapping {
  readonly type: SearchType;
  readonly format?: string;
  readonly ignore_above?: number;
}

function searchTypeOf(schema: TSchema): SearchType | undefined {
  if (schema[Kind] === 'Union') {
    return (schema.anyOf as TSchema[]).map(searchTypeOf).find((t) => t !== undefined);
  }
  return schema.search;
}

function fieldMapping(type: SearchType): SearchFieldMapping {
  if (type === 'date') return { type, format: 'strict_date_optional_time' };
  // Long URLs and ids beyond 1 KB are kept in _source but not indexed.
  if (type === 'keyword') return { type, ignore_above: 1024 };
  return { type };
}

/** `mappings` for the events index template: strict, so unknown fields never get indexed. */
export const searchMapping = {
  dynamic: 'false',
  properties: Object.fromEntries(
    Object.entries(LakeRowSchema.properties).flatMap(([name, schema]) => {
      const type = searchTypeOf(schema);
      return type ? [[name, fieldMapping(type)]] : [];
    }),
  ) as Record<string, SearchFieldMapping>,
} as const;
