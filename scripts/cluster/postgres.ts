/**
 * A throw-away PostgreSQL cluster for the Temporal cluster: initdb into the data folder, pg_ctl
 * start on a loopback port, trust authentication on loopback only (nothing else can connect).
 * Debian's binaries live in /usr/lib/postgresql/<major>/bin, not on PATH; the newest is taken.
 * PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` system user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

export interface Postgres {
  port: number;
  user: string;
  dataDir: string;
  stop(): void;
}

export function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => existsSync(path.join(root, d, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error(`no PostgreSQL binaries in ${root}/*/bin (apt-get install postgresql, or set PG_BIN_DIR)`);
  }
  return path.join(root, majors[0]!, 'bin');
}

/** Runs a PostgreSQL binary, as the postgres user when this process is root. */
function pg(bin: string, args: string[], owner: { uid: number; gid: number } | undefined): string {
  const cmd = path.join(postgresBinDir(), bin);
  const res = owner
    ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

function systemOwner(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Initialises the cluster when the folder is empty, then starts it (waits until it accepts connections). */
export function startPostgres(dataDir: string, port: number): Postgres {
  const owner = systemOwner();
  const user = 'temporal';
  mkdirSync(dataDir, { recursive: true });
  if (owner) {
    chownSync(dataDir, owner.uid, owner.gid);
    const reach = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dataDir]);
    if (reach.status !== 0) {
      throw new Error(
        `the postgres user cannot reach ${dataDir}: a folder above it is closed to others (chmod o+x it)`,
      );
    }
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    pg('initdb', ['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-locale'], owner);
  }
  const logFile = path.join(dataDir, 'postgres.log');
  // Sockets in the data folder (not /var/run/postgresql, which may not exist); TCP on loopback only.
  const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off`;
  pg('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start'], owner);
  return {
    port,
    user,
    dataDir,
    stop() {
      if (!existsSync(path.join(dataDir, 'postmaster.pid'))) return;
      pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'], owner);
    },
  };
}

/** True when the folder holds a cluster this module made (used to refuse reusing a foreign folder). */
export function isPostgresDataDir(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION')) && statSync(dataDir).isDirectory();
}
