// `npm run bench:bundle`: gzipped size of the JavaScript and CSS each web app loads
// before first paint (the entry script, its modulepreloads and stylesheets), written
// to docs/benchmarks.md. The portal's budget: 200 KB of gzipped initial JS (issue 8).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_KB = { portal: 200, console: 900 };
const rows = [];
let over = false;
for (const app of ['portal', 'console']) {
  const dist = path.join(root, 'apps', app, 'dist');
  const b = spawnSync('npm', ['run', 'build', '-w', `@mpw/${app}`], { cwd: root, stdio: 'ignore' });
  if (b.status !== 0 || !existsSync(path.join(dist, 'index.html'))) throw new Error(`build of ${app} failed`);
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let js = 0;
  let css = 0;
  for (const ref of refs) {
    const file = path.join(dist, ref.replace(/^\/(portal\/)?/, ''));
    const size = gzipSync(readFileSync(file), { level: 9 }).length;
    if (ref.endsWith('.js')) js += size;
    else css += size;
  }
  const kb = (n) => (n / 1024).toFixed(1);
  const budget = BUDGET_KB[app];
  if (js / 1024 > budget) over = true;
  rows.push(`| ${app} | ${refs.filter((r) => r.endsWith('.js')).length} | ${kb(js)} KB | ${kb(css)} KB | ${budget} KB | ${js / 1024 <= budget ? 'within' : '**over**'} |`);
  process.stdout.write(`${app}: initial JS ${kb(js)} KB gzip, CSS ${kb(css)} KB gzip (budget ${budget} KB)\n`);
}
const section = `### Initial bundle size (\`npm run bench:bundle\`, ${new Date().toISOString().slice(0, 10)})

What a phone downloads before the first screen: the entry script, its modulepreloads and stylesheets, gzip -9. Routes load lazily after.

| app | initial JS files | JS gzip | CSS gzip | JS budget | |
|---|---|---|---|---|---|
${rows.join('\n')}`;
const file = path.join(root, 'docs/benchmarks.md');
const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const start = '<!-- bench:bundle -->';
const end = '<!-- /bench:bundle -->';
const block = `${start}\n${section}\n${end}`;
const i = doc.indexOf(start);
const j = doc.indexOf(end);
writeFileSync(file, i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`);
if (over) process.exitCode = 1;
