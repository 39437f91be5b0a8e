import { SpanKind } from '@opentelemetry/api';
import { getOperationAST, type DocumentNode, type ExecutionResult, type FieldNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { inSpan } from '@tenantry/observability';
import type { TransportContext } from './use-authentication';

export type OperationObserver = (operation: string, type: string, outcome: 'ok' | 'error') => void;

/** The first root field: bounded by the schema, unlike client-chosen operation names. */
export const rootFieldOf = (document: DocumentNode, operationName?: string | null): { field: string; type: string } => {
  const operation = getOperationAST(document, operationName);
  const first = operation?.selectionSet.selections.find((s): s is FieldNode => s.kind === 'Field');
  return { field: first?.name.value ?? 'unknown', type: operation?.operation ?? 'unknown' };
};

const outcomeOf = (result: unknown): 'ok' | 'error' =>
  (result as ExecutionResult | undefined)?.errors?.length ? 'error' : 'ok';

/**
 * Every query and mutation runs in a span (continuing the caller's `traceparent`, if
 * any), so the command it sends to tenant-command carries the trace; every operation,
 * subscriptions too, is counted by root field and outcome.
 */
export function useOperationObservability(observe: OperationObserver): Plugin<TransportContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { field, type } = rootFieldOf(args.document, args.operationName);
      const request = (args.contextValue as TransportContext).request;
      const carrier = request ? Object.fromEntries(request.headers.entries()) : undefined;
      setExecuteFn((executionArgs) =>
        inSpan(`graphql ${type} ${field}`, carrier, async (span) => {
          span.setAttribute('graphql.operation.type', type);
          span.setAttribute('graphql.operation.field', field);
          return executeFn(executionArgs);
        }, SpanKind.SERVER),
      );
      return { onExecuteDone: ({ result }) => observe(field, type, outcomeOf(result)) };
    },
    onSubscribe({ args }) {
      const { field, type } = rootFieldOf(args.document, args.operationName);
      return { onSubscribeResult: ({ result }) => observe(field, type, outcomeOf(result)) };
    },
  };
}
