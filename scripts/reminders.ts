import { parseArgs } from 'node:util';
import type { TFunction } from 'i18next';
import { CustomerDirectory } from '../bot/customers/directory';
import { loadTerms } from '../bot/knowledge/terms';
import { systemClock } from '../bot/platform/clock';
import { Config, ConfigError, loadConfig, supportedLanguage } from '../bot/platform/config';
import { createI18n } from '../bot/platform/i18n';
import { createLogger } from '../bot/platform/log';
import { CosmosStore } from '../bot/platform/store/cosmos';
import { SqliteStore } from '../bot/platform/store/sqlite';
import { Store } from '../bot/platform/store/types';
import { UserService } from '../bot/platform/teams/users';
import { isReminderError } from '../bot/reminders/domain/errors';
import { exportCsv } from '../bot/reminders/export';
import { ReminderLadder } from '../bot/reminders/ladder';
import { ReminderTemplate } from '../bot/reminders/model';
import { ReminderService } from '../bot/reminders/service';
import { exitWith } from './exit';

/**
 * The reminders CLI (CONTRACT.md "Reminders"), against the configured store; the running bot
 * does the sending. `send`, `list`, `status <id>`, `export <id>`, `auto on|off|--dry-run`.
 * Bad arguments: a message on stderr and exit code 2.
 */

class Usage extends Error {}

interface Parts {
  config: Config;
  store: Store;
  service: ReminderService;
  ladder: ReminderLadder;
}

/** The configured store, as the bot opens it (bot/app.ts openStore; not imported: it would load the whole bot). */
async function openStore(config: Config): Promise<Store> {
  if (config.COSMOS_ENDPOINT) {
    return CosmosStore.open({ endpoint: config.COSMOS_ENDPOINT, key: config.COSMOS_KEY, database: config.COSMOS_DATABASE });
  }
  return new SqliteStore(config.DATA_DIR);
}

async function open(config: Config): Promise<Parts> {
  const terms = loadTerms();
  const store = await openStore(config);
  const customers = new CustomerDirectory(store);
  const timeZone = terms.partner.hours.timeZone;
  const service = new ReminderService({
    store,
    customers,
    users: new UserService(store),
    terms,
    clock: systemClock,
    defaultLocale: config.DEFAULT_LOCALE,
    timeZone,
    tenantRps: config.REMINDER_TENANT_RPS,
  });
  const ladder = new ReminderLadder(
    {
      service,
      customers,
      store,
      terms,
      clock: systemClock,
      log: createLogger('silent'),
      timeZone,
      fallbackLanguage: supportedLanguage(config.DEFAULT_LOCALE) ?? 'en',
    },
    { enabledByDefault: config.REMINDER_LADDER === 'on', at: config.REMINDER_LADDER_AT, catchUpDays: config.REMINDER_LADDER_CATCHUP_DAYS },
  );
  return { config, store, service, ladder };
}

async function run(argv: string[], parts: () => Promise<Parts>, out: (s: string) => void, t: TFunction): Promise<number> {
  const [command, ...rest] = argv;
  const positional = (n: number) => {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: {} });
    if (positionals.length !== n) throw new Usage();
    return positionals;
  };
  switch (command) {
    case 'send': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: { template: { type: 'string' }, audience: { type: 'string' }, note: { type: 'string' }, at: { type: 'string' } },
      });
      if (positionals.length > 0 || !values.template || !values.audience) throw new Usage();
      const { service } = await parts();
      const campaign = await service.create({
        template: values.template as ReminderTemplate,
        audience: values.audience,
        ...(values.note !== undefined ? { note: values.note } : {}),
        ...(values.at !== undefined ? { sendAt: values.at } : {}),
        origin: { kind: 'cli' },
      });
      out(
        JSON.stringify({
          campaignId: campaign.id,
          customers: campaign.customers,
          recipients: campaign.recipients,
          unreachable: campaign.unreachable.length,
        }),
      );
      return 0;
    }
    case 'list': {
      positional(0);
      const { service } = await parts();
      const list = await service.list(50);
      if (list.length === 0) {
        out(t('reminders.empty'));
        return 0;
      }
      out(t('reminders.header'));
      for (const c of list) {
        const n = await service.counts(c.id);
        out([c.id, c.createdAt, c.template, c.audience, c.status, c.recipients, n.sent, n.pending, n.unreachable].join(' | '));
      }
      return 0;
    }
    case 'status': {
      const [id] = positional(1);
      const { service } = await parts();
      out(JSON.stringify(await service.counts(id)));
      return 0;
    }
    case 'export': {
      const [id] = positional(1);
      const { service } = await parts();
      if (!(await service.get(id))) await service.counts(id); // throws the coded "not found"
      process.stdout.write(exportCsv(await service.recipientDocs(id)));
      return 0;
    }
    case 'auto': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: { 'dry-run': { type: 'boolean' } },
      });
      const mode = values['dry-run'] ? '--dry-run' : positionals[0];
      if (positionals.length + (values['dry-run'] ? 1 : 0) !== 1) throw new Usage();
      if (mode === 'on' || mode === 'off') {
        const { ladder } = await parts();
        await ladder.setAuto(mode === 'on');
        out(t(mode === 'on' ? 'reminders.autoOn' : 'reminders.autoOff'));
        return 0;
      }
      if (mode !== '--dry-run') throw new Usage();
      const { ladder } = await parts();
      const plan = await ladder.plan();
      out(t('reminders.dryRunHeader', { date: ladder.today(), auto: t((await ladder.isAuto()) ? 'reminders.on' : 'reminders.off') }));
      for (const p of plan) {
        const state = p.alreadySent ? t('reminders.alreadySent') : t('reminders.wouldSend', { count: p.recipients });
        out([p.tenantId, p.customer, p.step, p.template, p.date, state].join(' | '));
      }
      out(t('reminders.dryRunCount', { count: plan.filter((p) => !p.alreadySent).length }));
      return 0;
    }
    default:
      throw new Usage();
  }
}

export async function runReminders(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const err = (s: string) => process.stderr.write(`${s}\n`);
  const lang = supportedLanguage(env.DEFAULT_LOCALE) ?? 'en';
  const t = (await createI18n(lang)).getFixedT(lang, 'cli');
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`${t('config.invalid')}\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
      return 2;
    }
    throw e;
  }
  let opened: Parts | undefined;
  const parts = async () => (opened ??= await open(config));
  try {
    return await run(argv, parts, out, t);
  } catch (e) {
    if (e instanceof Usage || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(t('reminders.usage'));
      return 2;
    }
    if (isReminderError(e)) {
      err(`${t(`reminders.errors.${e.key}`, e.params)} (${e.code})`);
      return 2;
    }
    throw e;
  } finally {
    await opened?.store.close();
  }
}

if (require.main === module) exitWith(runReminders(process.argv.slice(2)));
