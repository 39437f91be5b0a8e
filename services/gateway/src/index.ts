export { startGateway } from './start-gateway';
export type { RunningGateway, GatewayOverrides } from './start-gateway';
export * from './errors';
export type { ReadSide } from './read-side';
