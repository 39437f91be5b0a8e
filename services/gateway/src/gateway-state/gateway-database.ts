/**
 * The gateway's own tables, in schema `gateway`: what users chose and where they are,
 * not derived from events. The read model (schema `read_model`) can be dropped and
 * rebuilt from the stream; these tables must survive that, so they live apart. Their
 * DDL is the gateway's migrations (gateway-migrations.ts).
 */
export const GATEWAY_SCHEMA = 'gateway';
