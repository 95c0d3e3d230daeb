import { spawn } from 'node:child_process';

/**
 * PostgreSQL's own tools (pg_dump, pg_restore) when they are installed. The password travels in
 * PGPASSWORD, never on the command line where other local users could read it.
 */
export type PgTool = 'pg_dump' | 'pg_restore';

export class PgToolError extends Error {
  constructor(
    readonly tool: PgTool,
    message: string,
  ) {
    super(message);
    this.name = 'PgToolError';
  }
}

function run(tool: PgTool, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      // Keep the end: that is where the reason is.
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

export async function pgToolAvailable(tool: PgTool): Promise<boolean> {
  try {
    return (await run(tool, ['--version'], process.env)).code === 0;
  } catch {
    return false;
  }
}

/** The connection for a tool: the URL without its password, and the password in the environment. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  else delete env.PGPASSWORD;
  return { dbname: u.toString(), env };
}

/** pg_dump in custom format into `file`, reading the snapshot an open transaction exported. */
export async function pgDump(url: string, file: string, snapshot: string): Promise<void> {
  const { dbname, env } = connection(url);
  const r = await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${dbname}`], env);
  if (r.code !== 0) throw new PgToolError('pg_dump', r.stderr.trim() || `pg_dump exited with ${r.code}`);
}

/** pg_restore of a custom-format dump in one transaction: all or nothing. */
export async function pgRestore(url: string, file: string): Promise<void> {
  const { dbname, env } = connection(url);
  const r = await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file], env);
  if (r.code !== 0) throw new PgToolError('pg_restore', r.stderr.trim() || `pg_restore exited with ${r.code}`);
}
