import { rmSync } from 'node:fs';
import { App, buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { createLogger } from '../../bot/platform/log';
import { inWaves, TenantWaves } from '../../bot/reminders/waves';
import { LimitsConnector } from '../harness/limitsConnector';
import { ManualClock } from '../helpers/manualClock';
import { tempDataDir } from '../helpers/stores';
import { seedWorld } from './world';

/**
 * Tenants are sent in waves: no more than REMINDER_TENANTS_IN_FLIGHT customers' reminders are
 * going out at once, the next customer starts when one is done, and every person still gets
 * exactly one card.
 */

describe('a campaign over five tenants with two in flight', () => {
  let connector: LimitsConnector;
  let app: App;
  let dir: string;

  beforeEach(async () => {
    connector = new LimitsConnector();
    await connector.start();
    dir = tempDataDir();
    app = await buildApp(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', REMINDER_TENANTS_IN_FLIGHT: '2', REMINDER_WAVES: 'fixed' }),
      { logger: createLogger('silent'), clock: new ManualClock(Date.parse('2026-12-01T08:00:00Z')) },
    );
  });

  afterEach(async () => {
    await app.close();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('at most two customers are being sent at any moment; each person gets one card', async () => {
    const people = await seedWorld(app.deps.store, connector, { tenants: 5, perTenant: 4 });
    const campaign = await app.deps.reminders.create({ template: 'overdue', audience: 'all', origin: { kind: 'cli' } });
    await app.reminders!.sender.run(campaign.id);
    expect(await app.deps.reminders.counts(campaign.id)).toMatchObject({ sent: 20, pending: 0, done: true });
    for (const p of people) expect(connector.deliveries.get(p.conversationId)).toHaveLength(1);
    // The connector numbers accepted posts in order: each tenant's first and last post.
    const order = new Map<string, [number, number]>();
    for (const [d] of connector.deliveries.values()) {
      const n = Number(d.activityId.replace('act-', ''));
      const span = order.get(d.tenantId);
      order.set(d.tenantId, span ? [Math.min(span[0], n), Math.max(span[1], n)] : [n, n]);
    }
    expect(order.size).toBe(5);
    let most = 0;
    for (let n = 1; n <= 20; n++) most = Math.max(most, [...order.values()].filter(([a, b]) => a <= n && n <= b).length);
    expect(most).toBeLessThanOrEqual(2);
    expect(app.reminders!.waves.maxInFlight).toBe(2);
    expect(connector.stats.violations).toBe(0);
  });
});

describe('TenantWaves', () => {
  test('a full wave takes the next tenant once one is done, and never the same tenant twice', async () => {
    const waves = new TenantWaves({ maxTenants: 2, adaptive: false, tenantRps: 40 });
    const a = waves.tryEnter('a', () => 10);
    expect(waves.tryEnter('a', () => 10)).toBeUndefined();
    const b = waves.tryEnter('b', () => 10);
    expect(a && b).toBeDefined();
    expect(waves.tryEnter('c', () => 10)).toBeUndefined();
    const changed = waves.changed();
    a!();
    await changed;
    expect(waves.tryEnter('c', () => 10)).toBeDefined();
    expect(waves.inFlight).toBe(2);
  });

  test('adaptive starts small and stays within the maximum', () => {
    expect(new TenantWaves({ maxTenants: 16, adaptive: true, tenantRps: 40 }).limit).toBe(2);
    expect(new TenantWaves({ maxTenants: 1, adaptive: true, tenantRps: 40 }).limit).toBe(1);
    expect(new TenantWaves({ maxTenants: 16, adaptive: false, tenantRps: 40 }).limit).toBe(16);
  });

  test('a tenant that fails stops the wave from starting others, and the failure comes back', async () => {
    const waves = new TenantWaves({ maxTenants: 1, adaptive: false, tenantRps: 40 });
    const started: string[] = [];
    const run = inWaves(waves, ['a', 'b', 'c'], {
      remaining: () => 1,
      run: async (t) => {
        started.push(t);
        if (t === 'b') throw new Error('store gone');
      },
      halted: () => false,
      pause: () => new Promise((r) => setTimeout(r, 10)),
    });
    await expect(run).rejects.toThrow('store gone');
    expect(started).toEqual(['a', 'b']);
    expect(waves.inFlight).toBe(0);
  });
});
