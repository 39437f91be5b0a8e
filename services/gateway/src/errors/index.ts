export * from './edge-error';
export * from './error-codes';
export * from './classify-error';
export * from './to-graphql-error';
export * from './to-problem';
export * from './loggable-error';
