#!/usr/bin/env node
// Looks for committed secrets and unpinned dependencies (docs/security.md, "Secrets and dependencies").
//
//   node scripts/secret-scan.mjs              tracked files (git ls-files) and the build output (apps/*/dist)
//   node scripts/secret-scan.mjs <paths...>   just these files or folders
//
// Secrets: private keys, AWS / GitHub / Slack style tokens, passwords in URLs, and long random
// values assigned to names like secret, token, password or key. A finding is printed as
// file:line and the rule, with the value cut to its first characters, never in full. Known fake
// values (test fixtures, documentation examples) go into .secret-scan-allow.
//
// Dependencies: every dependency of every workspace package.json must be recorded in
// package-lock.json (as npm ci requires) and resolve there to a pinned version with an integrity
// hash; "latest", "*" (except for the workspace's own packages), git and URL specs are refused.
//
// Exit 0 when clean, 1 listing every finding.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Files larger than this are not read (no text file of the repository comes near). */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const ALLOW_FILE = '.secret-scan-allow';
/** A line carrying this marker is not reported (for a fake value that must stay in code). */
export const INLINE_ALLOW = 'secret-scan: allow';

/** Values that stand for a password in examples, not a password. */
const PLACEHOLDER = /^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|[*x.…]+|pass(word)?|passwd|pwd|secret|changeme|change-me|example|user(name)?|your[-_]?password|\$\d|%s)$/i;

/** Shannon entropy in bits per character. */
export function entropy(s) {
  const counts = new Map();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Looks random: long enough, varied characters, letters mixed with digits or symbols. */
export function looksRandom(value) {
  if (value.length < 16) return false;
  // Secrets are printable ASCII; UI text (Chinese sentences) is not.
  if (/[^\x21-\x7e]/.test(value)) return false;
  if (/^[a-z]+$/i.test(value) || /^\d+$/.test(value)) return false;
  if (/^(https?:|\/|\.\/|\.\.\/)/.test(value) || /\s/.test(value)) return false;
  // Names, paths and identifiers in code (snake_case, kebab-case, dotted, camelCase words) are not secrets.
  if (/^[a-z]+([._:-][a-z0-9]+)*$/i.test(value) && !/\d.*[a-z]|[a-z].*\d/i.test(value.replace(/[._:-]/g, ''))) return false;
  return entropy(value) >= 3.5;
}

/**
 * The detectors: a pattern, and optionally which group holds the secret and a test that the
 * match is a real finding. Each returns the secret's text, so that the report can redact it.
 */
export const RULES = [
  { id: 'private-key', pattern: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/g, group: 1 },
  { id: 'aws-access-key-id', pattern: /\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16})\b/g, group: 1 },
  { id: 'aws-secret-access-key', pattern: /aws_?secret_?access_?key\s*[:=]\s*['"]?([A-Za-z0-9/+=]{40})\b/gi, group: 1 },
  { id: 'github-token', pattern: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, group: 1 },
  { id: 'slack-token', pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/g, group: 1 },
  { id: 'slack-webhook', pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+)/g, group: 1 },
  {
    id: 'password-in-url',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"`<>]+:([^\s@/'"`<>]+)@[^\s'"`<>]/gi,
    group: 1,
    accept: (secret) => !PLACEHOLDER.test(secret),
  },
  {
    id: 'secret-assignment',
    pattern: /\b[\w.-]*(?:secret|token|passw(?:or)?d|pwd|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?)[\w.-]*["']?\s*(?::=|=>|[:=])\s*(["'`])([^"'`\s]{16,})\1/gi,
    group: 2,
    accept: (secret) => looksRandom(secret) && !PLACEHOLDER.test(secret),
  },
];

/** What may be printed of a secret: its first four characters and its length. */
export function redact(secret) {
  return `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

/** The findings in a text: { line, rule, redacted } each, lines marked with the inline allowance skipped. */
export function scanText(text) {
  const findings = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.includes(INLINE_ALLOW)) return;
    for (const rule of RULES) {
      rule.pattern.lastIndex = 0;
      for (const m of line.matchAll(rule.pattern)) {
        const secret = m[rule.group] ?? m[0];
        if (rule.accept && !rule.accept(secret)) continue;
        findings.push({ line: i + 1, rule: rule.id, redacted: redact(secret) });
      }
    }
  });
  return findings;
}

/**
 * The allowlist: one entry a line, `<path glob> [rule]`; `#` starts a comment. `*` matches within
 * a folder, `**` across folders. A finding is ignored when its file matches the glob and, if a
 * rule is named, the rule is that one.
 */
export function parseAllowlist(text) {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => {
      const [glob, rule] = l.split(/\s+/);
      return { glob, rule: rule ?? null, re: globToRegExp(glob) };
    });
}

export function globToRegExp(glob) {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?|\*|\?/g, (t) => (t.startsWith('**') ? '(?:.*/)?' + (t.endsWith('/') ? '' : '.*') : t === '*' ? '[^/]*' : '[^/]'));
  return new RegExp(`^${escaped}$`);
}

export function isAllowed(allowlist, file, rule) {
  return allowlist.some((a) => a.re.test(file) && (!a.rule || a.rule === rule));
}

function isBinary(buf) {
  return buf.subarray(0, 8192).includes(0);
}

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The tracked files and the build output, relative to the root. */
function defaultFiles(root) {
  let tracked;
  try {
    tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).split('\0').filter(Boolean);
  } catch {
    // An export without git (a release tarball): every file of the tree but dependencies and data.
    process.stderr.write('secret scan: not a git checkout, scanning the folder tree instead\n');
    tracked = walk(root, []).map((f) => path.relative(root, f)).filter((f) => !/^(data|apps[\\/][^\\/]+[\\/]dist)[\\/]/.test(f));
  }
  const dist = [];
  const apps = path.join(root, 'apps');
  if (existsSync(apps)) {
    for (const app of readdirSync(apps)) {
      const d = path.join(apps, app, 'dist');
      if (existsSync(d)) walk(d, dist);
    }
  }
  return [...tracked, ...dist.map((f) => path.relative(root, f))];
}

/** Secrets in the files (paths relative to root); findings carry the file. */
export function scanFiles(root, files, allowlist = []) {
  const findings = [];
  for (const file of files) {
    const abs = path.join(root, file);
    let st;
    try {
      st = statSync(abs);
    } catch {
      continue; // deleted but still tracked
    }
    if (!st.isFile() || st.size > MAX_FILE_BYTES) continue;
    const buf = readFileSync(abs);
    if (isBinary(buf)) continue;
    const rel = file.split(path.sep).join('/');
    for (const f of scanText(buf.toString('utf8'))) if (!isAllowed(allowlist, rel, f.rule)) findings.push({ file: rel, ...f });
  }
  return findings;
}

const GIT_OR_URL = /^(git(\+[a-z]+)?:|github:|gitlab:|bitbucket:|gist:|https?:|file:|[\w.-]+\/[\w.-]+(#.*)?$)/i;

/** Problems with dependency pinning: { file, message } each. */
export function checkLockfile(root) {
  const problems = [];
  const lockPath = path.join(root, 'package-lock.json');
  if (!existsSync(lockPath)) return [{ file: 'package-lock.json', message: 'missing: dependencies are not pinned' }];
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const packages = lock.packages ?? {};
  const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const workspaces = ['', ...(rootPkg.workspaces ?? [])];
  const workspaceNames = new Set();
  for (const ws of workspaces) {
    const p = path.join(root, ws, 'package.json');
    if (existsSync(p)) workspaceNames.add(JSON.parse(readFileSync(p, 'utf8')).name);
  }
  for (const ws of workspaces) {
    const file = path.posix.join(ws, 'package.json');
    const abs = path.join(root, ws, 'package.json');
    if (!existsSync(abs)) {
      problems.push({ file, message: 'workspace listed in package.json has no package.json' });
      continue;
    }
    const pkg = JSON.parse(readFileSync(abs, 'utf8'));
    const locked = packages[ws] ?? {};
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
        const internal = workspaceNames.has(name);
        if (/^(latest|next|\*|x|)$/i.test(String(spec).trim()) && !internal) problems.push({ file, message: `${name}@"${spec}" is not a version range: pin it` });
        else if (GIT_OR_URL.test(String(spec))) problems.push({ file, message: `${name}@"${spec}" comes from git or a URL, not the registry` });
        if (locked[field]?.[name] !== spec) {
          problems.push({ file, message: `${name}@"${spec}" is not recorded in package-lock.json (run npm install and commit the lockfile)` });
          continue;
        }
        const entry = packages[path.posix.join(ws, 'node_modules', name)] ?? packages[`node_modules/${name}`];
        if (!entry) problems.push({ file, message: `${name} does not resolve in package-lock.json` });
        else if (entry.link) {
          if (!internal) problems.push({ file, message: `${name} resolves to a link outside the workspaces` });
        } else if (!entry.version || !entry.integrity) problems.push({ file, message: `${name} resolves without a pinned version and integrity hash` });
      }
    }
  }
  return problems;
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = process.argv.slice(2);
  const files = args.length
    ? args.flatMap((a) => {
        const abs = path.resolve(a);
        return (statSync(abs).isDirectory() ? walk(abs, []) : [abs]).map((f) => path.relative(root, f));
      })
    : defaultFiles(root);
  const allowPath = path.join(root, ALLOW_FILE);
  const allowlist = existsSync(allowPath) ? parseAllowlist(readFileSync(allowPath, 'utf8')) : [];
  const secrets = scanFiles(root, files, allowlist);
  const deps = checkLockfile(root);
  for (const f of secrets) process.stdout.write(`${f.file}:${f.line}: ${f.rule} ${f.redacted}\n`);
  for (const p of deps) process.stdout.write(`${p.file}: ${p.message}\n`);
  if (secrets.length || deps.length) {
    process.stdout.write(`secret scan: ${secrets.length} possible secret(s), ${deps.length} dependency problem(s) in ${files.length} files. Remove the secret (and rotate it), or add a fake value to ${ALLOW_FILE}.\n`);
    process.exit(1);
  }
  process.stdout.write(`secret scan: ${files.length} files clean, dependencies pinned by package-lock.json\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
