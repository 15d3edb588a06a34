#!/usr/bin/env node
// node server.mjs --port 5094 --client-redirect http://localhost:5090 [--client-redirect …] [--access-ttl 600]
// (or OIDC_PORT, OIDC_CLIENT_REDIRECT (comma-separated), OIDC_ACCESS_TTL). Prints `OIDC_READY {"issuer":"…"}` once
// it answers; SIGINT/SIGTERM stop it.
import { parseArgs } from 'node:util';
import { accounts } from './accounts.mjs';
import { startOidcServer } from './provider.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.OIDC_PORT ?? '0' },
    'client-redirect': { type: 'string', multiple: true, default: (process.env.OIDC_CLIENT_REDIRECT ?? '').split(',').filter(Boolean) },
    'access-ttl': { type: 'string', default: process.env.OIDC_ACCESS_TTL ?? '600' },
  },
});

const port = Number(values.port);
const accessTtl = Number(values['access-ttl']);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number; got '${values.port}'`);
if (!Number.isInteger(accessTtl) || accessTtl < 10) fail(`--access-ttl must be a whole number of seconds, 10 or more; got '${values['access-ttl']}'`);
const origins = values['client-redirect'];
if (!origins.length) fail('--client-redirect <web app origin> is required (e.g. http://localhost:5090)');
for (const origin of origins) {
  if (!URL.canParse(origin)) fail(`--client-redirect must be an absolute URL; got '${origin}'`);
}

const oidc = await startOidcServer({ port, origins, accessTtl });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => oidc.close().then(() => process.exit(0)));
}
console.log(`OIDC_READY ${JSON.stringify({ issuer: oidc.issuer })}`);
console.error(`Accounts: ${accounts.map((a) => `${a.username} / ${a.password}${a.groups.length ? ` (${a.groups.join(', ')})` : ''}`).join(', ')}`);

function fail(message) {
  console.error(message);
  process.exit(2);
}
