// Makes dist/pgdata-template.tgz: a fresh embedded-database cluster (PGlite's initdb, no migrations),
// which the gateway writes out on its first start instead of running initdb itself (seconds, and
// hundreds of MB). Migrations are left to the start, so the template depends only on the PGlite version.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const target = fileURLToPath(new URL('../dist/pgdata-template.tgz', import.meta.url));
const pg = await PGlite.create();
const tarball = await pg.dumpDataDir('gzip');
await pg.close();
writeFileSync(target, new Uint8Array(await tarball.arrayBuffer()));
