import { SpanKind } from '@opentelemetry/api';
import { getOperationAST, Kind, type DocumentNode, type ExecutionResult, type FieldNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { inSpan } from '@tenantry/observability';
import type { TransportContext } from './use-authentication';

/** An operation done: its first root field, its name (`anonymous` without one), type, outcome and how long it took. */
export interface ObservedOperation {
  field: string;
  name: string;
  type: string;
  outcome: 'ok' | 'error';
  seconds: number;
}
export type OperationObserver = (operation: ObservedOperation) => void;

/** The first root field: bounded by the schema, unlike client-chosen operation names. */
export const rootFieldOf = (document: DocumentNode, operationName?: string | null): { field: string; type: string } => {
  const operation = getOperationAST(document, operationName);
  const first = operation?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
  return { field: first?.name.value ?? 'unknown', type: operation?.operation ?? 'unknown' };
};

/** The operation's name as the client gave it (`query ListTenants {…}`), or `anonymous`. */
export const operationNameOf = (document: DocumentNode, operationName?: string | null): string =>
  getOperationAST(document, operationName)?.name?.value ?? 'anonymous';

/** Envelop types execution arguments `any` (it serves several graphql versions): the gateway's are graphql 16's. */
const operationOf = (args: { document: unknown; operationName?: unknown }) => ({
  document: args.document as DocumentNode,
  operationName: args.operationName as string | null | undefined,
});

const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

const outcomeOf = (result: unknown): 'ok' | 'error' =>
  (result as ExecutionResult | undefined)?.errors?.length ? 'error' : 'ok';

/**
 * Every query and mutation runs in a span (continuing the caller's `traceparent`, if
 * any), so the command it sends to tenant-command carries the trace; every operation,
 * subscriptions too, is observed with its root field, name, outcome and duration (for a
 * subscription: until it is set up, not its lifetime).
 */
export function useOperationObservability(observe: OperationObserver): Plugin<TransportContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const start = process.hrtime.bigint();
      const { document, operationName } = operationOf(args);
      const { field, type } = rootFieldOf(document, operationName);
      const name = operationNameOf(document, operationName);
      const request = (args.contextValue as TransportContext).request;
      const carrier = request ? Object.fromEntries(request.headers.entries()) : undefined;
      setExecuteFn((executionArgs) =>
        inSpan(
          `graphql ${type} ${field}`,
          carrier,
          async (span) => {
            span.setAttribute('graphql.operation.type', type);
            span.setAttribute('graphql.operation.field', field);
            const result: unknown = await executeFn(executionArgs);
            return result;
          },
          SpanKind.SERVER,
        ),
      );
      return {
        onExecuteDone: ({ result }) =>
          observe({ field, name, type, outcome: outcomeOf(result), seconds: secondsSince(start) }),
      };
    },
    onSubscribe({ args }) {
      const start = process.hrtime.bigint();
      const { document, operationName } = operationOf(args);
      const { field, type } = rootFieldOf(document, operationName);
      const name = operationNameOf(document, operationName);
      return {
        onSubscribeResult: ({ result }) =>
          observe({ field, name, type, outcome: outcomeOf(result), seconds: secondsSince(start) }),
      };
    },
  };
}
