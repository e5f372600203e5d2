/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, on a free port, run as
 * the `postgres` OS user), so that a test may restart it without touching the shared server.
 * `available()` says why it cannot run where the binaries or the user are missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

export interface PrivatePostgres {
  url: string;
  port: number;
  restart(): void;
  stop(): void;
}

const bin = (name: string) => {
  for (const dir of ['/usr/local/bin', '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
};

/** Why a private server cannot be started here, or undefined when it can. */
export function unavailable(): string | undefined {
  if (!bin('initdb') || !bin('pg_ctl')) return 'initdb and pg_ctl are not installed';
  if (spawnSync('id', ['postgres']).status !== 0) return 'there is no postgres OS user';
  if (spawnSync('runuser', ['--help']).error) return 'runuser is not available';
  return undefined;
}

const asPostgres = (args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe', timeout: 120_000 });

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres([bin('initdb')!, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctl = (action: string) => asPostgres([bin('pg_ctl')!, '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '120', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, action]);
  ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: () => ctl('restart'),
    stop() {
      try {
        asPostgres([bin('pg_ctl')!, '-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
