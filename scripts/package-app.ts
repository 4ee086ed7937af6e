import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { CommandSpec } from '../bot/platform/commands';
import { COMMANDS } from '../bot/commands';
import { Language, supportedLanguage } from '../bot/platform/config';
import { repoRoot } from '../bot/platform/paths';
import { GUID } from '../bot/platform/ids';
import { isObject, Json, JsonObject, lookup } from './package/json';
import { checkPackage, languageFiles, LIMITS } from './package/validate';
export { checkPackage };

/**
 * `npm run package`: builds the Teams app package from the templates in appPackage/.
 *
 * The templates carry `${{NAME}}` placeholders: `MicrosoftAppId` and `BOT_DOMAIN` from the
 * environment, `APP_VERSION` from package.json, `t:<key>` from locales/<lang>/bot.json in the
 * file's language, `COMMAND_LISTS` (manifest) and `COMMAND_STRINGS` (localization files)
 * generated from the command table in bot/commands.ts. The filled manifest and localization
 * files are validated offline against the official schemas bundled in @microsoft/app-manifest
 * plus the Teams rules the schema does not encode; an invalid package is never written.
 * `--validate <zip>` runs the same checks on an existing package.
 */

type Scope = CommandSpec['scopes'][number];

/** Teams limits the schema leaves out (it allows 128/4000 characters). */
export { LIMITS };

const NIL_GUID = '00000000-0000-0000-0000-000000000000';
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const PLACEHOLDER = /\$\{\{([^}]*)\}\}/g;

/** Values used by `--check` when the environment has none: shaped right, never shipped. */
const CHECK_SAMPLE = { MicrosoftAppId: '00000000-0000-4000-8000-000000000000', BOT_DOMAIN: 'bot.example.com' };

export interface PackageOptions {
  /** Repository root (package.json, locales/). */
  root?: string;
  /** Folder with manifest.json, the localization files and the icons; default appPackage/. */
  templateDir?: string;
  /** Zip to write; default appPackage/build/appPackage.<BOT_DOMAIN>.zip. */
  out?: string;
  env?: NodeJS.ProcessEnv;
  /** Validate only; write nothing. Missing MicrosoftAppId / BOT_DOMAIN get sample values. */
  check?: boolean;
  commands?: readonly CommandSpec[];
}

export interface PackageResult {
  ok: boolean;
  errors: string[];
  notes: string[];
  /** The zip written (not in check mode, never when errors). */
  zipPath?: string;
  /** Every file of the package by name, as it is (or would be) zipped. */
  files: Record<string, Buffer>;
}

/** Why a MicrosoftAppId is unusable, or undefined when it is a GUID. */
export function appIdProblem(value: string | undefined): string | undefined {
  if (!value)
    return "MicrosoftAppId is not set: give the Azure Bot's Microsoft App ID (a GUID), e.g. MicrosoftAppId=<guid> npm run package";
  if (!GUID.test(value)) return `MicrosoftAppId must be a GUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427 (got "${value}")`;
  if (value === NIL_GUID) return "MicrosoftAppId is the nil GUID; give the Azure Bot's real Microsoft App ID";
  return undefined;
}

/** Why a BOT_DOMAIN is unusable, or undefined when it is a plain host name. */
export function domainProblem(value: string | undefined): string | undefined {
  const example = 'e.g. BOT_DOMAIN=helpdesk.contoso.com or BOT_DOMAIN=<app>.azurewebsites.net';
  if (!value) return `BOT_DOMAIN is not set: give the host name where the bot is reachable, ${example}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return `BOT_DOMAIN must be a host name without scheme (got "${value}"), ${example}`;
  const labels = value.split('.');
  if (value.length > 253 || labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l))) {
    return `BOT_DOMAIN must be a host name like helpdesk.contoso.com, without scheme, port or path (got "${value}")`;
  }
  return undefined;
}

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

interface Strings {
  file: string;
  tree: Json;
}

function loadStrings(root: string, lang: Language): Strings {
  const file = path.join(root, 'locales', lang, 'bot.json');
  return { file: path.relative(root, file).split(path.sep).join('/'), tree: readJson(file) };
}

/** One string of a locale file; problems go to errors. */
function translate(strings: Strings, key: string, errors: string[]): string {
  const value = lookup(strings.tree, key);
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push(`${strings.file} has no string "${key}"`);
    return '';
  }
  if (value.includes('{{')) errors.push(`${strings.file} "${key}" needs interpolation, which the manifest cannot do`);
  return value;
}

/** One command list per scope of the bot (each command id in table order). */
export function planCommandLists(
  botScopes: readonly string[],
  commands: readonly CommandSpec[],
  errors: string[],
): { scopes: Scope[]; ids: string[] }[] {
  for (const c of commands) {
    for (const s of c.scopes) {
      if (!botScopes.includes(s)) errors.push(`command "${c.id}" is listed for scope "${s}" but the bot is not installed there`);
    }
  }
  return botScopes
    .map((scope) => ({
      scopes: [scope as Scope],
      ids: commands.filter((c) => (c.scopes as readonly string[]).includes(scope)).map((c) => c.id),
    }))
    .filter((l) => l.ids.length > 0);
}

interface FillContext {
  file: string;
  values: Record<string, string>;
  strings: Strings;
  lists: { scopes: Scope[]; ids: string[] }[];
  errors: string[];
}

function commandText(ctx: FillContext, id: string): { title: string; description: string } {
  return {
    title: translate(ctx.strings, `commands.${id}.title`, ctx.errors),
    description: translate(ctx.strings, `commands.${id}.description`, ctx.errors),
  };
}

function fillString(s: string, where: string, ctx: FillContext): Json {
  if (s === '${{COMMAND_LISTS}}') return ctx.lists.map((l) => ({ scopes: l.scopes, commands: l.ids.map((id) => commandText(ctx, id)) }));
  return s.replace(PLACEHOLDER, (match, name: string) => {
    if (name.startsWith('t:')) return translate(ctx.strings, name.slice(2), ctx.errors);
    if (Object.prototype.hasOwnProperty.call(ctx.values, name)) return ctx.values[name];
    ctx.errors.push(`${ctx.file}: unknown placeholder ${match} at ${where || '/'}`);
    return match;
  });
}

function fill(node: Json, where: string, ctx: FillContext): Json {
  if (typeof node === 'string') return fillString(node, where, ctx);
  if (Array.isArray(node)) return node.map((v, i) => fill(v, `${where}/${i}`, ctx));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (value !== '${{COMMAND_STRINGS}}') {
      out[key] = fill(value, `${where}/${key}`, ctx);
      continue;
    }
    // "bots[0].commandLists": "${{COMMAND_STRINGS}}" stands for every command key of a localization file
    ctx.lists.forEach((l, i) =>
      l.ids.forEach((id, j) => {
        const { title, description } = commandText(ctx, id);
        out[`bots[0].commandLists[${i}].commands[${j}].title`] = title;
        out[`bots[0].commandLists[${i}].commands[${j}].description`] = description;
      }),
    );
  }
  return out;
}

/** Fills the templates into the package's files; problems go to errors. */
function fillTemplates(
  root: string,
  templateDir: string,
  values: Record<string, string>,
  commands: readonly CommandSpec[],
  errors: string[],
): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  let template: Json;
  try {
    template = readJson(path.join(templateDir, 'manifest.json'));
  } catch (e) {
    errors.push(`cannot read ${path.join(templateDir, 'manifest.json')}: ${(e as Error).message}`);
    return files;
  }
  const bot = isObject(template) && Array.isArray(template.bots) && isObject(template.bots[0]) ? template.bots[0] : {};
  const botScopes = Array.isArray(bot.scopes) ? bot.scopes.filter((s): s is string => typeof s === 'string') : [];
  const lists = planCommandLists(botScopes, commands, errors);
  const languages = languageFiles(template);
  const defaultTag = isObject(template) && isObject(template.localizationInfo) ? template.localizationInfo.defaultLanguageTag : undefined;

  const render = (file: string, json: Json, tag: string): void => {
    const lang = supportedLanguage(tag);
    if (!lang) {
      errors.push(`${file}: language "${tag}" has no folder in locales/ (the bot speaks en, tr)`);
      return;
    }
    const filled = fill(json, '', { file, values, strings: loadStrings(root, lang), lists, errors });
    files[file] = Buffer.from(`${JSON.stringify(filled, null, 2)}\n`);
  };
  render('manifest.json', template, typeof defaultTag === 'string' ? defaultTag : 'en-us');
  for (const { tag, file } of languages) {
    try {
      render(file, readJson(path.join(templateDir, file)), tag);
    } catch (e) {
      errors.push(`cannot read localization file ${file}: ${(e as Error).message}`);
    }
  }
  const icons = isObject(template) && isObject(template.icons) ? Object.values(template.icons) : [];
  for (const name of icons) {
    if (typeof name === 'string' && existsSync(path.join(templateDir, name))) files[name] = readFileSync(path.join(templateDir, name));
  }
  return files;
}

/** Fills, validates and (unless check) zips the app package. Never writes an invalid one. */
export async function buildAppPackage(options: PackageOptions = {}): Promise<PackageResult> {
  const root = options.root ?? repoRoot();
  const env = options.env ?? process.env;
  const notes: string[] = [];
  let appId = env.MicrosoftAppId?.trim();
  let domain = env.BOT_DOMAIN?.trim();
  if (options.check) {
    if (!appId) notes.push(`MicrosoftAppId not set; checking with ${(appId = CHECK_SAMPLE.MicrosoftAppId)}`);
    if (!domain) notes.push(`BOT_DOMAIN not set; checking with ${(domain = CHECK_SAMPLE.BOT_DOMAIN)}`);
  }
  const errors = [appIdProblem(appId), domainProblem(domain)].filter((e): e is string => e !== undefined);
  if (errors.length > 0) return { ok: false, errors, notes, files: {} };

  const pkg = readJson(path.join(root, 'package.json'));
  const version = isObject(pkg) && typeof pkg.version === 'string' ? pkg.version : '';
  const values = { MicrosoftAppId: appId ?? '', BOT_DOMAIN: domain ?? '', APP_VERSION: version };
  const files = fillTemplates(root, options.templateDir ?? path.join(root, 'appPackage'), values, options.commands ?? COMMANDS, errors);
  if (files['manifest.json']) errors.push(...(await checkPackage(files)));
  if (errors.length > 0) return { ok: false, errors, notes, files };
  if (options.check) return { ok: true, errors, notes, files };

  const zipPath = options.out ?? path.join(root, 'appPackage', 'build', `appPackage.${domain}.zip`);
  const zip = new AdmZip();
  for (const [name, data] of Object.entries(files)) zip.addFile(name, data);
  mkdirSync(path.dirname(zipPath), { recursive: true });
  const tmp = `${zipPath}.${process.pid}.tmp`;
  writeFileSync(tmp, zip.toBuffer());
  renameSync(tmp, zipPath);
  return { ok: true, errors, notes, files, zipPath };
}

/** Reads a package zip's root files. */
export function readPackage(zipPath: string): Record<string, Buffer> {
  return Object.fromEntries(
    new AdmZip(zipPath)
      .getEntries()
      .filter((e) => !e.isDirectory)
      .map((e) => [e.entryName, e.getData()]),
  );
}

const USAGE = `Usage: npm run package [-- --check | --validate <file.zip>] [--template <dir>] [--out <file.zip>]
  Environment: MicrosoftAppId (the Azure Bot's app id, a GUID), BOT_DOMAIN (host name, no scheme).
  --check     validate the templates only, write nothing (sample id/domain when they are not set)
  --validate  check an existing package zip, write nothing
  --template  folder with manifest.json, localization files and icons (default appPackage/)
  --out       zip to write (default appPackage/build/appPackage.<BOT_DOMAIN>.zip)`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** The CLI; returns the exit code: 0 written or valid, 1 invalid package, 2 bad usage or environment. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = stdio): Promise<number> {
  const options: PackageOptions = { env };
  let validate: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--check') options.check = true;
    else if (arg === '--help' || arg === '-h') {
      io.out(USAGE);
      return 0;
    } else if (['--template', '--out', '--validate'].includes(arg) && value) {
      i++;
      if (arg === '--template') options.templateDir = path.resolve(value);
      else if (arg === '--out') options.out = path.resolve(value);
      else validate = path.resolve(value);
    } else {
      io.err(`Unknown or incomplete argument "${arg}".\n${USAGE}`);
      return 2;
    }
  }

  if (validate) {
    let problems: string[];
    try {
      problems = await checkPackage(readPackage(validate));
    } catch (e) {
      problems = [`cannot read ${validate}: ${(e as Error).message}`];
    }
    if (problems.length > 0) {
      io.err(`${validate} is not a valid Teams app package:\n${problems.map((e) => `  - ${e}`).join('\n')}`);
      return 1;
    }
    io.out(`${validate} is a valid Teams app package.`);
    return 0;
  }

  const result = await buildAppPackage(options);
  for (const n of result.notes) io.out(`note: ${n}`);
  if (!result.ok) {
    const envOnly = result.errors.every((e) => e.startsWith('MicrosoftAppId') || e.startsWith('BOT_DOMAIN'));
    io.err(`Refusing to write the Teams app package:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
    return envOnly ? 2 : 1;
  }
  const names = Object.keys(result.files).join(', ');
  if (options.check) io.out(`The Teams app package is valid (${names}); nothing written (--check).`);
  else io.out(`Wrote ${path.relative(process.cwd(), result.zipPath ?? '') || result.zipPath} (${names}).`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`npm run package failed: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
