import type { YogaServerOptions } from 'graphql-yoga';
import type { Logger } from 'pino';
import { loggableError, toGraphQLError } from '../../errors';

/**
 * Yoga's error masking with our code table: errors raised on purpose keep their
 * code (and `fields`); anything else is logged and shown as INTERNAL.
 */
export function errorMasking(logger: Logger): YogaServerOptions<object, object>['maskedErrors'] {
  return {
    maskError: (error) =>
      toGraphQLError(error, (unexpected) =>
        logger.error({ err: loggableError(unexpected) }, 'unexpected error in a GraphQL operation'),
      ),
  };
}
