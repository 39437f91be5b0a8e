export * from './passwords';
export * from './principal-key';
export * from './roles';
export * from './tokens';
