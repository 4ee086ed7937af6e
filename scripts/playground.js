// `npm run playground [-- --customer]`: the Microsoft 365 Agents Playground (a local Teams-like
// client, pinned in package.json) wired to the bot on PORT. The playground puts everyone of one
// config file in one tenant, and the bot tells staff from customers by tenant, so there are two
// configs: .m365agentsplayground.yml (the partner's staff, port 56150) and
// .m365agentsplayground.customer.yml (a customer, port 56151). Both can run at once.
const { spawn } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const customer = args.includes('--customer');
const unknown = args.filter((a) => a !== '--customer');
if (unknown.length > 0 || args.includes('--help')) {
  process.stderr.write('Usage: npm run playground [-- --customer]\n');
  process.exit(unknown.length > 0 ? 2 : 0);
}

const botPort = Number(process.env.PORT || 3978);
const endpoint = `http://127.0.0.1:${botPort}/api/messages`;
const configFile = path.join(root, customer ? '.m365agentsplayground.customer.yml' : '.m365agentsplayground.yml');
const playgroundPort = Number(process.env.PLAYGROUND_PORT || (customer ? 56151 : 56150));

/** The first `key: value` line of our own config file (currentUser comes before users). */
function configValue(text, key) {
  const m = new RegExp(`^\\s*${key}:\\s*(\\S+)\\s*$`, 'm').exec(text);
  return m ? m[1] : '';
}

async function health() {
  try {
    const res = await fetch(`http://127.0.0.1:${botPort}/healthz`, { signal: AbortSignal.timeout(3000) });
    return res.status;
  } catch {
    return 0;
  }
}

async function main() {
  const status = await health();
  if (status === 0) {
    process.stderr.write(
      `The bot is not answering on http://127.0.0.1:${botPort}/healthz.\n` +
        'Start it first in another terminal:  npm start\n' +
        '(If it listens on another port, run the playground with the same PORT, e.g. PORT=4000 npm run playground.)\n',
    );
    process.exit(1);
  }
  if (status !== 200) process.stderr.write(`Warning: the bot answers /healthz with ${status}; its store may be unavailable.\n`);

  const yml = readFileSync(configFile, 'utf8');
  const tenant = configValue(yml, 'tenantId');
  if (customer) {
    const csv = path.join(os.tmpdir(), 'billing-help-desk-playground-customer.csv');
    writeFileSync(csv, `tenantId,name,locale,status\n${tenant},Fabrikam,en-US,current\n`);
    process.stdout.write(
      `Customer side: tenant ${tenant} (Fabrikam). The bot serves it once it is in the customer directory:\n` +
        `  npm run customers -- import ${csv}\n`,
    );
  } else {
    process.stdout.write(
      `Staff side: tenant ${tenant}. For its users to be staff, the bot must run with\n` +
        `  PARTNER_TENANT_ID=${tenant} ADMINS=${configValue(yml, 'aadObjectId')} npm start\n` +
        `In the Escalations channel, type "@Billing Help Desk setup escalations". A customer: npm run playground -- --customer\n`,
    );
  }

  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [root] });
  const child = spawn(process.execPath, [cli, '--disable-telemetry', '-c', 'msteams', '-p', String(playgroundPort), '-e', endpoint], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err) => {
  process.stderr.write(`npm run playground failed: ${err.message}\n`);
  process.exit(1);
});
