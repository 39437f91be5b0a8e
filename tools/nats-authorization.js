#!/usr/bin/env node
'use strict';
/**
 * `npm run nats:authorization [-- <NATS_PREFIX>]`: prints the nats-server `authorization`
 * block (one user per service, least privilege) for that prefix, '' by default:
 *   npm run -s nats:authorization > deploy/nats/authorization.conf
 */
const { join } = require('node:path');

let messaging;
try {
  messaging = require(join(__dirname, '..', 'libs', 'messaging', 'dist', 'index.js'));
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND') throw error;
  console.error('nats-authorization: libs/messaging/dist is missing; run `npm run build` first');
  process.exit(2);
}
process.stdout.write(messaging.renderNatsAuthorization(process.argv[2] ?? ''));
