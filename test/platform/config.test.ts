import { repoRoot } from '../../bot/platform/paths';
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig, redactedConfig } from '../../bot/platform/config';

const root = repoRoot();

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration', () => {
  test('defaults match the contract', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3978, DATA_DIR: '.data', COSMOS_DATABASE: 'helpdesk', DEFAULT_LOCALE: 'en-US', ADMINS: [] });
    expect(c.COSMOS_ENDPOINT).toBeUndefined();
  });

  test('HOST: 127.0.0.1 in local mode, all interfaces with an app id, HOST wins', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'x' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'x', HOST: '10.0.0.4' }).HOST).toBe('10.0.0.4');
  });

  test('the SDK settings for channel-token validation are read from the environment', () => {
    const c = loadConfig({
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/.well-known/openid-configuration',
      ToBotFromChannelTokenIssuer: 'x',
    });
    expect(c.ToBotFromChannelOpenIdMetadataUrl).toBe('http://127.0.0.1:9/.well-known/openid-configuration');
    expect(c.ToBotFromChannelTokenIssuer).toBe('x');
    expect(loadConfig({}).ToBotFromChannelOpenIdMetadataUrl).toBeUndefined();
  });

  test('role lists are split on commas and trimmed', () => {
    expect(loadConfig({ ADMINS: ' a-1 , b-2,,' }).ADMINS).toEqual(['a-1', 'b-2']);
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DEFAULT_LOCALE: 'de-DE' }, 'DEFAULT_LOCALE'],
    [{ DEFAULT_LOCALE: '../../etc' }, 'DEFAULT_LOCALE'],
    [{ COSMOS_ENDPOINT: 'not a url' }, 'COSMOS_ENDPOINT'],
    [{ MicrosoftAppType: 'Everyone' }, 'MicrosoftAppType'],
    [{ HOST: 'a host; rm -rf' }, 'HOST'],
    [{ ToBotFromChannelOpenIdMetadataUrl: 'not a url' }, 'ToBotFromChannelOpenIdMetadataUrl'],
    [{ ToBotFromChannelOpenIdMetadataUrl: 'file:///etc/passwd' }, 'ToBotFromChannelOpenIdMetadataUrl'],
    [{ ADMINS: 'ok-id,<script>' }, 'ADMINS'],
    [{ NODE_ENV: 'production' }, 'MicrosoftAppId'],
    [{ MicrosoftAppId: '00000000-0000-0000-0000-000000000001' }, 'MicrosoftAppPassword'],
    [
      { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' },
      'MicrosoftAppTenantId',
    ],
  ])('%j is refused with a message naming %s', (env, name) => {
    const found = problems(env);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((p) => p.startsWith(`${name}:`))).toBe(true);
  });

  test('secrets are masked in the start-up log view', () => {
    const c = loadConfig({
      MicrosoftAppId: 'id',
      MicrosoftAppPassword: 'hunter2',
      COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/',
      COSMOS_KEY: 'k3y',
    });
    const shown = JSON.stringify(redactedConfig(c));
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('k3y');
  });

  describe('the server process', () => {
    beforeAll(() => execFileSync(process.execPath, [path.join(root, 'scripts/build-if-needed.js')], { cwd: root, stdio: 'ignore' }));
    const start = (env: Record<string, string>) =>
      spawnSync(process.execPath, [path.join(root, 'dist/server.js')], {
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8',
        timeout: 90_000,
      });

    test('a wrong value stops it with a message naming the variable', () => {
      const r = start({ PORT: 'abc' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('PORT:');
    });

    test('NODE_ENV=production without MicrosoftAppId refuses to start', () => {
      const r = start({ NODE_ENV: 'production' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('MicrosoftAppId');
    });
  });
});
