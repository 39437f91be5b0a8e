import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const toIso = (value: unknown): string => {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
  return date.toISOString();
};

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 instant',
  serialize: toIso,
  parseValue: (value) => new Date(toIso(value)),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return new Date(toIso(ast.value));
  },
});

export const Cursor = new GraphQLScalarType({
  name: 'Cursor',
  description: 'Opaque, ordered position in a notification feed',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('Cursor must be a string');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Cursor must be a string');
    return ast.value;
  },
});
