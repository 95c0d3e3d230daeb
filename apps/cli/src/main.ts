import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ROLES, isCalendarDate, type TRole } from '@mpw/contracts';
import { loadConfig, openPlatform, serve, systemActor, regionsService, usersService, auditService, demoService, powerService, type Platform } from '@mpw/server';
import { decisionsService, alertsService } from '@mpw/server';
import { assetsService } from '@mpw/server';
import { booksService } from '@mpw/server';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DATASET_IMPORT_ORDER, type TDataset } from '@mpw/contracts';
import { datasetsService, reportsService, rectificationService } from '@mpw/server';
import { householdsService } from '@mpw/server';
import { openDatabase } from '@mpw/db';
import { backupService } from '@mpw/server';
const { createBackup, restoreBackup } = backupService;

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

const say = (line: string) => process.stdout.write(`${line}\n`);

program
  .command('backup')
  .description('write one backup file (.tar.gz): manifest, database dump (pg_dump on PostgreSQL when installed), every attached and imported file; keys are not in it (docs/operations.md). The embedded database must not be in use by a running server')
  .argument('<file>', 'the backup file to write (replaced atomically, mode 0600)')
  .option('--logical', 'PostgreSQL: the portable per-table dump instead of pg_dump (restores into the embedded database too)')
  .action(async (file: string, o: { logical?: boolean }) => {
    const config = loadConfig();
    const started = Date.now();
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
    try {
      say(`备份${handle.kind === 'postgres' ? ' PostgreSQL 数据库' : '嵌入式数据库'}和附件文件 → ${file}`);
      const r = await createBackup({ handle, databaseUrl: config.databaseUrl, dataDir: config.dataDir }, { file, format: o.logical ? 'logical' : 'auto', onProgress: say });
      say(
        `OK: ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${r.dumpFormat}): ${r.tables} tables, ${r.rows} rows, ${r.blobs} files, ${r.auditEvents} audit events in ${((Date.now() - started) / 1000).toFixed(1)}s`,
      );
      say(`密钥不在备份中，请另行保管 ${config.keyDir} 或 MICROPOWER_SECRET_KEY / MICROPOWER_AUDIT_SIGNING_KEY (keys are not in the backup)`);
    } finally {
      await handle.close();
    }
  });

program
  .command('restore')
  .description('restore a backup file onto an empty installation (the embedded store in MICROPOWER_DATA_DIR, or the empty database DATABASE_URL names): checks every file, migrates to this version, verifies the audit chain. Exit 2: restored, but some sealed values need keys that are not in place')
  .argument('<file>', 'a file written by micropower backup')
  .option('--force', 'embedded store: move the existing data folder contents aside (kept, not deleted) and restore; PostgreSQL always needs an empty database')
  .action(async (file: string, o: { force?: boolean }) => {
    const config = loadConfig();
    const started = Date.now();
    say(`从 ${file} 恢复到${config.databaseUrl ? ' PostgreSQL 数据库' : `嵌入式数据库 ${config.dataDir}`}`);
    const r = await restoreBackup(config, { file, force: o.force, onProgress: say });
    say(`备份创建于 ${r.manifest.createdAt}（版本 ${r.manifest.appVersion}，${r.manifest.kind}/${r.manifest.dumpFormat}）：${r.tables} 张表 ${r.rows} 行，${r.blobs} 个附件文件`);
    if (r.audit.ok) say(`留痕链校验通过：${r.audit.eventsChecked} 个事件、${r.audit.checkpointsChecked} 个校验点 (audit chain OK)`);
    else say(`留痕链校验失败 (audit chain FAILED) at event #${r.audit.firstBadSeq}: ${r.audit.problem}`);
    if (!r.auditHeadMatches) say('留痕日志的最后一个事件与备份清单记录的不一致 (the audit head differs from the manifest)');
    for (const u of r.unreadable) {
      say(`无法解密：${u.label}（${u.column}）${u.count} 条，需要备份时的密钥 ${u.keyId}；把当时的 secret.key 或 MICROPOWER_SECRET_KEY 放回后即可读取`);
    }
    if (r.signingKey === 'absent') say('未找到校验点签名密钥：首次启动时会生成新密钥，此后的校验点换用新密钥签名（原密钥请从密钥备份中放回）');
    if (r.signingKey === 'different') say('当前校验点签名密钥与备份中最新校验点的密钥不同：此后的校验点将用新密钥签名');
    if (!r.audit.ok || !r.auditHeadMatches) {
      say('数据已恢复，但留痕链未通过校验，请先排查再启用 (restored, but the audit chain did not verify)');
      process.exitCode = 1;
    } else if (r.unreadable.length) process.exitCode = 2;
    say(`${process.exitCode ? '完成（有警告）' : 'OK'}: restored in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  });

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
alerts
  .command('sweep')
  .description('compare the department data and books with the alert rules; prints per rule the alerts new, still open and resolved')
  .option('--as-of <date>', 'judge as of this date (YYYY-MM-DD; default today, China time)')
  .option('--district <code>', 'only this district (12-digit code ending in 000000; default every district)')
  .action((o: { asOf?: string; district?: string }) => {
    if (o.asOf !== undefined && !isCalendarDate(o.asOf)) fail(`--as-of 应为有效日期 YYYY-MM-DD：${o.asOf}`);
    if (o.district !== undefined && !/^\d{6}000000$/.test(o.district)) fail(`--district 必须是区县代码（12位，以000000结尾）：${o.district}`);
    return withPlatform(async (p) => {
      const tty = process.stderr.isTTY;
      const onProgress = (rule: string, done: number, total: number) => {
        if (tty) process.stderr.write(`\r\x1b[K  ${done}/${total} ${rule}`);
      };
      const districts = o.district ? [o.district] : await alertsService.listSweepDistricts(p.deps.db);
      if (districts.length === 0) fail('数据库中没有区县，请先导入行政区划 (no district in the store)');
      for (const districtCode of districts) {
        const r = await alertsService.runSweep(p.deps, systemActor(), { districtCode, asOf: o.asOf, kind: 'full', onProgress });
        if (tty) process.stderr.write('\r\x1b[K');
        process.stdout.write(`${districtCode} as of ${r.asOf} (sweep ${r.sweepId})\n`);
        process.stdout.write(`  ${'rule'.padEnd(28)}${'new'.padStart(8)}${'open'.padStart(8)}${'resolved'.padStart(10)}\n`);
        for (const [rule, c] of Object.entries(r.perRule)) {
          process.stdout.write(`  ${rule.padEnd(28)}${String(c.new).padStart(8)}${String(c.open).padStart(8)}${String(c.resolved).padStart(10)}\n`);
        }
      }
    });
  });

const reportsCmd = program.command('reports').description('reports from the public (举报)');
reportsCmd
  .command('export')
  .description('reports.csv: one row per report, Chinese headers, never the reporter (UTF-8, RFC 4180); stdout unless --out')
  .option('--out <file>', 'write to this file instead of stdout')
  .option('--region <code>', 'only reports that happened in this village, township or district (12-digit code)')
  .action((o: { out?: string; region?: string }) => {
    checkRegion(o.region);
    return withPlatform(async (p) => writeCsv(await reportsService.exportReportsCsv(p.deps.db, systemActor(), { regionCode: o.region }), o.out, 'reports.csv'));
  });

const rectificationCmd = program.command('rectification').description('rectification ledger (整改台账)');
rectificationCmd
  .command('export')
  .description('the rectification ledger as .xlsx (one row per item, Chinese headers)')
  .requiredOption('--out <file>', 'the .xlsx file to write')
  .option('--region <code>', 'only items of this village, township or district (12-digit code)')
  .action((o: { out: string; region?: string }) => {
    checkRegion(o.region);
    return withPlatform(async (p) => {
      writeFileSync(o.out, await rectificationService.exportLedgerXlsx(p.deps.db, systemActor(), { regionCode: o.region }));
      process.stdout.write(`rectification ledger written to ${o.out}\n`);
    });
  });
rectificationCmd
  .command('sweep')
  .description('escalate overdue items one level and raise RECTIFICATION_OVERDUE (the daily job, once)')
  .action(() =>
    withPlatform(async (p) => {
      const r = await rectificationService.sweepOverdueRectification(p.deps.db, systemActor());
      process.stdout.write(`escalated ${r.escalated}, alerts raised ${r.raised}, resolved ${r.resolved}\n`);
    }),
  );

const householdsCmd = program.command('households').description('household query codes (户查询码) for the own-household query on the portal');
householdsCmd
  .command('cards')
  .description('issue query codes (as the system, audited) and write a printable page of cards: 2 per row on A4, with the code and its QR code')
  .requiredOption('--village <code>', '12-digit village code')
  .option('--all', 'every household of the village that has no code yet')
  .option('--household <id...>', 'these household numbers (a household that has a code gets a new one: needs --reason)')
  .option('--reason <text>', 'why codes are re-issued (the old codes stop working at once)')
  .requiredOption('--out <file>', 'the HTML file to write (print it from a browser; it holds the codes: keep it safe)')
  .action((o: { village: string; all?: boolean; household?: string[]; reason?: string; out: string }) => {
    checkRegion(o.village);
    if (!o.all && !o.household?.length) fail('请用 --all 或 --household 指定要发放查询码的户');
    return withPlatform(async (p) => {
      const { cards } = await householdsService.issueHouseholdCodes(
        p.deps.db,
        systemActor(),
        { regionCode: o.village, householdIds: o.household, allWithoutCode: o.all, reason: o.reason },
        { baseUrl: p.deps.config.publicUrl },
      );
      writeFileSync(o.out, householdsService.renderCardsHtml(cards), { mode: 0o600 });
      process.stdout.write(`${cards.length} ${cards.length === 1 ? 'card' : 'cards'} of ${cards[0]?.villageName ?? o.village} written to ${o.out}\n`);
      if (!p.deps.config.publicUrl) process.stderr.write('注意：未设置 MICROPOWER_PUBLIC_URL，卡片二维码只含页面路径，手机扫码无法直接打开 (set MICROPOWER_PUBLIC_URL for scannable QR codes)\n');
    });
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

/** The files to import from the arguments: files as given, folders' dataset files in dependency order. */
function importFiles(paths: string[]): { files: { file: string; dataset: TDataset }[]; problems: number } {
  const files: { file: string; dataset: TDataset }[] = [];
  let problems = 0;
  const rank = (d: TDataset) => DATASET_IMPORT_ORDER.indexOf(d);
  for (const p of paths) {
    let stat;
    try {
      stat = statSync(p);
    } catch (err) {
      process.stderr.write(`错误 (error): 无法读取 ${p}: ${(err as Error).message}\n`);
      problems++;
      continue;
    }
    if (stat.isDirectory()) {
      const found: { file: string; dataset: TDataset }[] = [];
      for (const name of readdirSync(p).sort()) {
        const file = path.join(p, name);
        if (!statSync(file).isFile()) continue;
        const dataset = datasetsService.datasetFromFileName(name);
        if (dataset) found.push({ file, dataset });
        else process.stdout.write(`${file}: skipped (not a dataset file name such as residents.csv)\n`);
      }
      found.sort((a, b) => rank(a.dataset) - rank(b.dataset) || a.file.localeCompare(b.file));
      files.push(...found);
    } else {
      const dataset = datasetsService.datasetFromFileName(p);
      if (dataset) files.push({ file: p, dataset });
      else {
        process.stdout.write(`${p}: skipped (the file name does not name a dataset, e.g. residents.csv or payments.xlsx)\n`);
        problems++;
      }
    }
  }
  return { files, problems };
}

/** A one-line progress bar on stderr: bytes read of the file and rows so far. */
function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(p: { rowsRead: number; bytesRead: number; totalBytes?: number }) {
      const now = Date.now();
      if (!tty || now - last < 100) return;
      last = now;
      const width = 30;
      const share = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
      const filled = Math.round(share * width);
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      process.stderr.write(`\r  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0)}% ${mb(p.bytesRead)}/${mb(p.totalBytes ?? p.bytesRead)} MB, ${p.rowsRead} rows`);
    },
    done() {
      if (tty && last) process.stderr.write('\n');
    },
  };
}

program
  .command('import')
  .description('import department data (shared/spec/data-exchange.md): files or folders; the dataset is chosen by the file name (residents.csv, payments.xlsx, …); CSV in UTF-8 or GB18030, XLSX or JSON')
  .argument('<paths...>', 'files or folders; a folder imports every file named after a dataset, regions and people first')
  .option('--strict', 'import nothing of a file if any of its rows is bad')
  .option('--district <code>', 'district that data without a village (deaths, vehicles, …) belongs to; default: the only district in the store')
  .action((paths: string[], o: { strict?: boolean; district?: string }) =>
    withPlatform(async (p) => {
      checkRegion(o.district);
      const { files, problems } = importFiles(paths);
      let failed = problems > 0;
      let strictRejected = false;
      for (const { file, dataset } of files) {
        let totalBytes: number | undefined;
        try {
          totalBytes = statSync(file).size;
        } catch {
          totalBytes = undefined;
        }
        const bar = progressBar(path.basename(file));
        const r = await datasetsService.importDataset(p.deps, systemActor(), dataset, createReadStream(file), {
          fileName: path.basename(file),
          via: 'cli',
          strict: o.strict,
          totalBytes,
          onProgress: bar.update,
          inline: true,
          districtCode: o.district,
        });
        bar.done();
        const status = r.status === 'committed' ? '' : r.status === 'failed' ? ' — FAILED' : ' — NOT IMPORTED';
        process.stdout.write(
          `${file} (${dataset}): read ${r.rowsRead}, imported ${r.imported}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected}, flagged ${r.flagged}${status}\n`,
        );
        if (r.message) process.stdout.write(`  ${r.message}\n`);
        printRejected(r.rejectedRows);
        if (r.rejected > r.rejectedRows.length) process.stdout.write(`  … ${r.rejected - r.rejectedRows.length} more rejected rows in the error report (import ${r.importId})\n`);
        if (r.status === 'rejected' && o.strict && r.rejected > 0) strictRejected = true;
        else if (r.status !== 'committed') failed = true;
      }
      if (!files.length) process.stderr.write('错误 (error): 没有可导入的文件 (no importable file)\n');
      if (failed || !files.length) process.exitCode = 1;
      else if (strictRejected) process.exitCode = 2;
    }),
  );

program.parseAsync(process.argv).catch((err: Error & { code?: string; details?: unknown }) => {
  // The message already names the field; details only add what it does not say.
  const details = Array.isArray(err.details)
    ? err.details.filter((d: { path: string; message: string }) => !err.message.includes(d.message)).map((d: { path: string; message: string }) => `\n  ${d.path}: ${d.message}`).join('')
    : '';
  fail(`${err.message}${details}`);
});
