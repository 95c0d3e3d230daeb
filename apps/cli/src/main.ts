import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ROLES, type TRole } from '@mpw/contracts';
import { loadConfig, openPlatform, serve, systemActor, regionsService, usersService, auditService, demoService, powerService, type Platform } from '@mpw/server';
import { decisionsService, alertsService } from '@mpw/server';
import { assetsService } from '@mpw/server';
import { booksService } from '@mpw/server';

const program = new Command();
program
  .name('micropower')
  .description('Micro-Power Watch (村级“小微权力”监督平台) command line.\nThe database is the embedded one in MICROPOWER_DATA_DIR (default ./data) unless DATABASE_URL names a PostgreSQL server.')
  .showHelpAfterError();

/** Opens the platform for one command and always closes it (the embedded store allows one process). */
async function withPlatform<T>(work: (p: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform(loadConfig());
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

function fail(message: string): never {
  process.stderr.write(`错误 (error): ${message}\n`);
  process.exit(1);
}

/** The bytes of an input file, or a clear error and exit when it cannot be read. */
function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    fail(`无法读取文件 ${file}: ${(err as Error).message}`);
  }
}

/** Every rejected row of an import, with its line number and reason. */
function printRejected(rejected: { line: number; reason: string }[]) {
  for (const x of rejected) process.stdout.write(`  line ${x.line}: ${x.reason}\n`);
}


program
  .command('serve')
  .description('start the web server (console at /, portal at /portal, API at /api); PORT and HOST override the address')
  .action(async () => {
    await serve();
  });

const db = program.command('db').description('database maintenance');
db.command('migrate')
  .description('apply pending migrations (also done at every start)')
  .action(() =>
    withPlatform(async (p) => {
      process.stdout.write(`migrations applied (${p.handle.kind})\n`);
    }),
  );

const demo = program.command('demo').description('demo data');
demo
  .command('seed')
  .description('seed the demo district and demo accounts into an empty store')
  .option('--force', 'seed even if the store already holds regions (adds what is missing)')
  .action((opts: { force?: boolean }) =>
    withPlatform(async (p) => {
      const empty = await demoService.isStoreEmpty(p.deps);
      if (!empty && !opts.force) fail('数据库中已有区划数据，未生成演示数据 (the store is not empty; use --force)');
      const r = await demoService.seedDemo(p.deps);
      process.stdout.write(`demo district ${r.districtCode} seeded with ${r.accounts.length} accounts\n`);
    }),
  );

const user = program.command('user').description('staff accounts');
user
  .command('add')
  .description('add an account; it must change the password at first login')
  .requiredOption('--username <name>', 'login name')
  .requiredOption('--name <displayName>', 'display name (姓名)')
  .requiredOption('--region <code>', '12-digit region code the account is bound to')
  .addOption(new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory())
  .requiredOption('--password <password>', 'initial password (or set MICROPOWER_INITIAL_PASSWORD and pass "-")')
  .action((o: { username: string; name: string; region: string; role: TRole[]; password: string }) =>
    withPlatform(async (p) => {
      const password = o.password === '-' ? (process.env.MICROPOWER_INITIAL_PASSWORD ?? '') : o.password;
      const u = await usersService.createUser(p.deps.db, systemActor(), { username: o.username, displayName: o.name, regionCode: o.region, roles: o.role, password });
      process.stdout.write(`account ${u.username} (${u.id}) created in ${u.regionName}\n`);
    }),
  );
user
  .command('reset-password')
  .description('set a new initial password; all sessions of the account end')
  .argument('<username>')
  .requiredOption('--password <password>', 'new initial password')
  .action((username: string, o: { password: string }) =>
    withPlatform(async (p) => {
      const id = await usersService.findUserIdByUsername(p.deps.db, username);
      if (!id) fail(`账号 ${username} 不存在`);
      await usersService.resetPassword(p.deps.db, systemActor(), id, o.password);
      process.stdout.write(`password of ${username} reset; it must be changed at next login\n`);
    }),
  );
user
  .command('disable')
  .description('disable an account; its sessions end at once')
  .argument('<username>')
  .action((username: string) =>
    withPlatform(async (p) => {
      const id = await usersService.findUserIdByUsername(p.deps.db, username);
      if (!id) fail(`账号 ${username} 不存在`);
      await usersService.setUserStatus(p.deps.db, systemActor(), id, 'disabled');
      process.stdout.write(`account ${username} disabled\n`);
    }),
  );
user
  .command('enable')
  .description('enable a disabled account')
  .argument('<username>')
  .action((username: string) =>
    withPlatform(async (p) => {
      const id = await usersService.findUserIdByUsername(p.deps.db, username);
      if (!id) fail(`账号 ${username} 不存在`);
      await usersService.setUserStatus(p.deps.db, systemActor(), id, 'active');
      process.stdout.write(`account ${username} enabled\n`);
    }),
  );

const region = program.command('region').description('administrative divisions');
region
  .command('import')
  .description('import regions.csv (format: shared/spec/data-exchange.md); UTF-8 or GB18030, English or Chinese headers')
  .argument('<file>')
  .option('--strict', 'import nothing if any row is bad')
  .action((file: string, o: { strict?: boolean }) =>
    withPlatform(async (p) => {
      const buf = readInput(file);
      const r = await regionsService.importRegions(p.deps.db, systemActor(), buf, { strict: o.strict });
      process.stdout.write(`${file}: created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected.length}\n`);
      printRejected(r.rejected);
      if (o.strict && r.rejected.length) process.exitCode = 2;
    }),
  );

const catalogue = program.command('catalogue').description('the power list (权力清单)');
catalogue
  .command('seed')
  .description('load the default district catalogue (at least 30 items with flows) into a district; existing codes are kept')
  .requiredOption('--district <code>', '12-digit district code, e.g. 330299000000')
  .action((o: { district: string }) =>
    withPlatform(async (p) => {
      const added = await powerService.seedDefaultCatalogue(p.deps.db, systemActor(), o.district);
      process.stdout.write(`${added} items added to the catalogue of ${o.district}\n`);
    }),
  );

const audit = program.command('audit').description('the tamper-evident audit log');
audit
  .command('verify')
  .description('recompute every event hash, the hash chain and every signed checkpoint; report the first bad event')
  .action(() =>
    withPlatform(async (p) => {
      const started = Date.now();
      const tty = process.stderr.isTTY;
      const r = await auditService.verifyAuditLog(p.deps.db, (n) => tty && process.stderr.write(`\r  checked ${n} events…`));
      if (tty) process.stderr.write('\n');
      const secs = ((Date.now() - started) / 1000).toFixed(2);
      if (r.ok) {
        process.stdout.write(`OK: ${r.eventsChecked} events and ${r.checkpointsChecked} checkpoints verified in ${secs}s\n`);
      } else {
        process.stdout.write(`FAILED at event #${r.firstBadSeq}: ${r.problem}\n(${r.eventsChecked} events before it verified)\n`);
        process.exitCode = 1;
      }
    }),
  );
audit
  .command('checkpoint')
  .description('sign a checkpoint of the log now')
  .action(() =>
    withPlatform(async (p) => {
      const cp = await auditService.createCheckpoint(p.deps.db, systemActor(), p.deps.signer);
      process.stdout.write(`checkpoint: size ${cp.treeSize}, root ${cp.rootHash}, ${cp.signatureAlg} key ${cp.keyId}\n`);
    }),
  );

/** Writes an exported CSV to a file (reporting the row count) or, without --out, to stdout as is. */
function writeCsv(csv: string, out: string | undefined, name: string) {
  if (!out) {
    process.stdout.write(csv);
    return;
  }
  writeFileSync(out, csv);
  const rows = csv.split('\r\n').length - 2;
  process.stdout.write(`${name}: ${rows} ${rows === 1 ? 'row' : 'rows'} written to ${out}\n`);
}

function checkRegion(code: string | undefined) {
  if (code !== undefined && !/^\d{12}$/.test(code)) fail(`区划代码必须是12位数字：${code}`);
}

const exportData = program.command('export').description('data-exchange files (shared/spec/data-exchange.md)');
exportData
  .command('decisions')
  .description('decisions.csv: one row per recorded stage of 四议两公开 (UTF-8, RFC 4180); stdout unless --out')
  .option('--out <file>', 'write to this file instead of stdout')
  .option('--region <code>', 'only this village, township or district (12-digit code)')
  .action((o: { out?: string; region?: string }) => {
    checkRegion(o.region);
    return withPlatform(async (p) => writeCsv(await decisionsService.exportDecisionsCsv(p.deps.db, { regionCode: o.region }), o.out, 'decisions.csv'));
  });

const alerts = program.command('alerts').description('alerts (预警)');
alerts
  .command('export')
  .description('alerts.csv: one row per alert (UTF-8, RFC 4180); stdout unless --out')
  .option('--out <file>', 'write to this file instead of stdout')
  .option('--region <code>', 'only this village, township or district (12-digit code)')
  .action((o: { out?: string; region?: string }) => {
    checkRegion(o.region);
    return withPlatform(async (p) => writeCsv(await alertsService.exportAlertsCsv(p.deps.db, { regionCode: o.region }), o.out, 'alerts.csv'));
  });

const books = program.command('books').description('village books (村级财务)');
books
  .command('import')
  .description('import ledger.csv (format: shared/spec/data-exchange.md); UTF-8 or GB18030, English or Chinese headers; rows become final entries')
  .argument('<file>')
  .option('--strict', 'import nothing if any row is bad')
  .action((file: string, o: { strict?: boolean }) =>
    withPlatform(async (p) => {
      const buf = readInput(file);
      const r = await booksService.importLedgerCsv(p.deps.db, systemActor(), buf, { strict: o.strict, fileName: file });
      process.stdout.write(`${file}: read ${r.read}, imported ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected.length}${o.strict && r.rejected.length ? ' (strict: nothing imported)' : ''}\n`);
      printRejected(r.rejected);
      if (o.strict && r.rejected.length) process.exitCode = 2;
    }),
  );
books
  .command('export')
  .description('ledger.csv of the final entries (UTF-8, RFC 4180); stdout unless --out')
  .option('--out <file>', 'write to this file instead of stdout')
  .option('--region <code>', 'only this village, township or district (12-digit code)')
  .action((o: { out?: string; region?: string }) => {
    checkRegion(o.region);
    return withPlatform(async (p) => writeCsv(await booksService.exportLedgerCsv(p.deps.db, { regionCode: o.region }), o.out, 'ledger.csv'));
  });

const contracts = program.command('contracts').description('contracts (合同): contracts.csv of shared/spec/data-exchange.md');
contracts
  .command('import')
  .description('import contracts.csv (upsert by contract_id); UTF-8 or GB18030, English or Chinese headers')
  .argument('<file>')
  .option('--strict', 'import nothing if any row is bad')
  .action((file: string, o: { strict?: boolean }) =>
    withPlatform(async (p) => {
      const buf = readInput(file);
      const r = await assetsService.importContracts(p.deps.db, systemActor(), buf, { strict: o.strict, fileName: file.split(/[\\/]/).pop() });
      const note = r.aborted ? ' (strict: nothing imported)' : '';
      process.stdout.write(`${file}: read ${r.read}, created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, flagged ${r.flagged}, rejected ${r.rejected.length}${note}\n`);
      printRejected(r.rejected);
      if (o.strict && r.rejected.length) process.exitCode = 2;
    }),
  );
contracts
  .command('export')
  .description('contracts.csv: one row per contract (UTF-8, RFC 4180); stdout unless --out')
  .option('--out <file>', 'write to this file instead of stdout')
  .option('--region <code>', 'only this village, township or district (12-digit code)')
  .action((o: { out?: string; region?: string }) => {
    checkRegion(o.region);
    return withPlatform(async (p) => writeCsv(await assetsService.exportContractsCsv(p.deps.db, { regionCode: o.region }), o.out, 'contracts.csv'));
  });

program.parseAsync(process.argv).catch((err: Error & { code?: string; details?: unknown }) => {
  // The message already names the field; details only add what it does not say.
  const details = Array.isArray(err.details)
    ? err.details.filter((d: { path: string; message: string }) => !err.message.includes(d.message)).map((d: { path: string; message: string }) => `\n  ${d.path}: ${d.message}`).join('')
    : '';
  fail(`${err.message}${details}`);
});
