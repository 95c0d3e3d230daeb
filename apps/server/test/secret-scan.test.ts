import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLockfile, INLINE_ALLOW, isAllowed, parseAllowlist, scanFiles, scanText } from '../../../scripts/secret-scan.mjs';

// The fake secrets are assembled at run time, so that this file itself holds none to find.
const join = (...parts: string[]) => parts.join('');
const FAKE = {
  awsId: join('AKIA', 'Q7W3E5R7T9Y2U4I6'),
  awsSecret: join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYz8Q3W5E7R9'),
  github: join('ghp_', 'a8Fk2Lm9Qw3Er5Ty7Ui1Op4As6Df8Gh0Jk2Lz'),
  githubPat: join('github_pat_', '11ABCDEFG0123456789_abcdefghijKLMNOP'),
  slack: join('xoxb-', '2841-9917-Xr4tYu8iOp2Q'),
  webhook: join('https://hooks.slack.com/services/', 'T0ABC1234/B0DEF5678/', 'x9Y8z7W6v5U4t3S2r1Q0'),
  key: join('-----BEGIN ', 'RSA PRIVATE KEY', '-----'),
  openssh: join('-----BEGIN ', 'OPENSSH PRIVATE KEY', '-----'),
  random: join('q8Z', '#v2Lp9Xw!4Rt7Nk'),
};

const rules = (text: string) => scanText(text).map((f) => f.rule);

describe('secret detectors', () => {
  it('find private keys, cloud and chat tokens, and say on which line', () => {
    const text = ['first line', `${FAKE.key}`, `aws_access_key_id = ${FAKE.awsId}`, `aws_secret_access_key = ${FAKE.awsSecret}`, `GH=${FAKE.github} ${FAKE.githubPat}`, `token ${FAKE.slack}`, `url: ${FAKE.webhook}`, FAKE.openssh].join('\n');
    const found = scanText(text);
    expect(found.map((f) => [f.line, f.rule])).toEqual([
      [2, 'private-key'],
      [3, 'aws-access-key-id'],
      [4, 'aws-secret-access-key'],
      [5, 'github-token'],
      [5, 'github-token'],
      [6, 'slack-token'],
      [7, 'slack-webhook'],
      [8, 'private-key'],
    ]);
  });

  it('find passwords in URLs, but not placeholders in examples', () => {
    expect(rules(`DATABASE_URL=${join('postgres://mpw:', 'Xk29-rT!q', '@db.internal:5432/micropower')}`)).toEqual(['password-in-url']);
    expect(rules(`smtp: ${join('smtps://notify:', 's3cr3tPw', '@mail.example.cn')}`)).toEqual(['password-in-url']);
    for (const example of ['postgres://user:pass@dbhost:5432/micropower', 'postgres://postgres@127.0.0.1:5432/postgres', 'postgres://u:${PGPASSWORD}@h/db', 'postgres://u:<password>@h/db', 'https://example.com/a:b@c']) {
      expect(rules(example), example).toEqual([]);
    }
  });

  it('find long random values assigned to secret-like names, not ordinary code', () => {
    expect(rules(`const apiKey = '${FAKE.random}';`)).toEqual(['secret-assignment']);
    expect(rules(`  "client_secret": "${FAKE.random}",`)).toEqual(['secret-assignment']);
    expect(rules(`SESSION_SECRET="${FAKE.random}"`)).toEqual(['secret-assignment']);
    for (const code of [
      "const tokenHeader = 'x-report-token-header';",
      "password: 'short-2026'",
      "const passwordLabel = '请输入新的密码，至少十二个字符';",
      "secretKeyPath: './data/secret-box.key'",
      "tokenPrefix: 'mpw_aaaaaaaaaaaaaaaa'",
      "const token = randomBytes(32).toString('base64url');",
    ]) {
      expect(rules(code), code).toEqual([]);
    }
  });

  it('never print the secret itself, and skip a line marked as a known fake', () => {
    const [f] = scanText(`const token = '${FAKE.github}';`);
    expect(f!.redacted).toBe(`ghp_…(${FAKE.github.length} chars)`);
    expect(f!.redacted).not.toContain(FAKE.github.slice(4));
    expect(scanText(`const token = '${FAKE.github}'; // ${INLINE_ALLOW}`)).toEqual([]);
  });
});

describe('allowlist and files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-secret-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ignores allowlisted files (by rule when one is named) and binary files, and reports file:line', () => {
    mkdirSync(path.join(dir, 'src/fixtures'), { recursive: true });
    writeFileSync(path.join(dir, 'src/config.ts'), `export const a = 1;\nexport const webhookToken = '${FAKE.random}';\n`);
    writeFileSync(path.join(dir, 'src/fixtures/keys.ts'), `export const apiKey = '${FAKE.random}';\nexport const k = '${FAKE.awsId}';\n`);
    writeFileSync(path.join(dir, 'logo.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), Buffer.from(FAKE.key)]));
    const allow = parseAllowlist('# fixtures with fake values\nsrc/fixtures/** secret-assignment\n\n');
    expect(isAllowed(allow, 'src/fixtures/keys.ts', 'secret-assignment')).toBe(true);
    expect(isAllowed(allow, 'src/fixtures/keys.ts', 'aws-access-key-id')).toBe(false);
    expect(isAllowed(allow, 'src/config.ts', 'secret-assignment')).toBe(false);
    const found = scanFiles(dir, ['src/config.ts', 'src/fixtures/keys.ts', 'logo.png', 'gone.txt'], allow);
    expect(found.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual(['src/config.ts:2:secret-assignment', 'src/fixtures/keys.ts:2:aws-access-key-id']);
  });
});

describe('dependency pinning', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-lock-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, value: unknown) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), JSON.stringify(value));
  };

  it('passes a lockfile that pins every dependency, and names each unpinned one', () => {
    write('package.json', { name: 'root', workspaces: ['apps/a'], devDependencies: { vitest: '4.1' } });
    write('apps/a/package.json', { name: '@x/a', dependencies: { fastify: '^5.1.0', '@x/a-shared': '*' } });
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { devDependencies: { vitest: '4.1' } },
        'apps/a': { dependencies: { fastify: '^5.1.0', '@x/a-shared': '*' } },
        'node_modules/vitest': { version: '4.1.0', integrity: 'sha512-x' },
        'node_modules/fastify': { version: '5.1.0', integrity: 'sha512-y' },
        'node_modules/@x/a-shared': { resolved: 'packages/shared', link: true },
      },
    };
    write('package-lock.json', lock);
    // "*" is refused for an outside package, allowed only for a workspace's own (linked) package.
    expect(checkLockfile(dir).map((p) => p.message)).toEqual(['@x/a-shared@"*" is not a version range: pin it', '@x/a-shared resolves to a link outside the workspaces']);
    write('package.json', { name: 'root', workspaces: ['apps/a', 'packages/shared'], devDependencies: { vitest: '4.1' } });
    write('packages/shared/package.json', { name: '@x/a-shared' });
    expect(checkLockfile(dir)).toEqual([]);

    write('apps/a/package.json', { name: '@x/a', dependencies: { fastify: '^5.1.0', '@x/a-shared': '*', pino: 'latest', left: 'github:someone/left-pad', dotenv: '^16.0.0' } });
    expect(checkLockfile(dir).map((p) => `${p.file}: ${p.message}`)).toEqual([
      'apps/a/package.json: pino@"latest" is not a version range: pin it',
      'apps/a/package.json: pino@"latest" is not recorded in package-lock.json (run npm install and commit the lockfile)',
      'apps/a/package.json: left@"github:someone/left-pad" comes from git or a URL, not the registry',
      'apps/a/package.json: left@"github:someone/left-pad" is not recorded in package-lock.json (run npm install and commit the lockfile)',
      'apps/a/package.json: dotenv@"^16.0.0" is not recorded in package-lock.json (run npm install and commit the lockfile)',
    ]);
  });

  it('holds for this repository', () => {
    expect(checkLockfile(path.resolve(__dirname, '../../..'))).toEqual([]);
  });
});
