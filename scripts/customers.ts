import { readFileSync } from 'node:fs';
import { openStore } from '../bot/app';
import { ConfigError, loadConfig, supportedLanguage } from '../bot/platform/config';
import { createI18n } from '../bot/platform/i18n';
import { CustomerDirectory, parseCustomersCsv, RowProblem } from '../bot/customers/directory';
import { exitWith } from './exit';

/**
 * Customer directory CLI: `import <file.csv>` (upsert by tenantId; bad rows reported with
 * their line number and skipped) and `list [--json]`. Exit 0 when anything loaded.
 */
export async function runCustomers(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const err = (s: string) => process.stderr.write(`${s}\n`);
  const lang = supportedLanguage(env.DEFAULT_LOCALE) ?? 'en';
  const t = (await createI18n(lang)).getFixedT(lang, 'cli');
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`${t('config.invalid')}\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
      return 2;
    }
    throw e;
  }
  const [command, ...rest] = argv;
  if (command === 'import' && rest.length === 1) {
    const file = rest[0];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      err(t('customers.cannotRead', { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
      return 1;
    }
    const { customers, problems } = parseCustomersCsv(text);
    const reason = (p: RowProblem) => p.issues.map((i) => t(`customers.reasons.${i.code}`, i.params ?? {})).join('; ');
    for (const p of problems) {
      const key = p.issues.every((i) => i.code === 'unknownColumns') ? 'customers.note' : 'customers.badRow';
      err(t(key, { file, line: p.line, reason: reason(p) }));
    }
    if (customers.length === 0) {
      err(t('customers.nothingLoaded', { file }));
      return 1;
    }
    const store = await openStore(config);
    try {
      const directory = new CustomerDirectory(store);
      for (const c of customers) await directory.upsert(c);
    } finally {
      await store.close();
    }
    out(t('customers.imported', { count: customers.length, skipped: problems.filter((p) => p.line > 1).length, store: store.kind }));
    return 0;
  }
  if (command === 'list' && (rest.length === 0 || (rest.length === 1 && rest[0] === '--json'))) {
    const store = await openStore(config);
    try {
      const list = await new CustomerDirectory(store).list();
      if (rest[0] === '--json') {
        for (const c of list) out(JSON.stringify(c));
        return 0;
      }
      if (list.length === 0) {
        out(t('customers.empty'));
        return 0;
      }
      out(t('customers.header'));
      for (const c of list) {
        const balance = c.balance !== undefined ? `${c.balance} ${c.currency ?? ''}`.trim() : '';
        out([c.tenantId, c.name, c.locale ?? '', c.status ?? '', balance, c.dueDate ?? '', c.invoiceNumber ?? ''].join(' | '));
      }
      out(t('customers.count', { count: list.length }));
      return 0;
    } finally {
      await store.close();
    }
  }
  err(t('customers.usage'));
  return 2;
}

if (require.main === module) exitWith(runCustomers(process.argv.slice(2)));
