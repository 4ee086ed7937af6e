/**
 * The offline checks of a Teams app package: the manifest and its localization files against
 * the official schemas bundled in @microsoft/app-manifest, plus the Teams rules the schema does
 * not encode (icon sizes and outline transparency, command text lengths).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppManifest, AppManifestUtils as ManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { supportedLanguage } from '../../bot/platform/config';
import { isObject, Json } from './json';

/** Teams' limits on command lists: title and description lengths, commands per list. */
export const LIMITS = { commandTitle: 32, commandDescription: 128, commandsPerList: 10 } as const;

type Schema = NonNullable<Parameters<typeof ManifestUtils.validateAgainstSchema>[1]>;
const SCHEMA_URL = /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v(\d+\.\d+)\/MicrosoftTeams(\.Localization)?\.schema\.json$/;
const LOCALIZED_COMMAND = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/;

function loadSchema(url: string, file: string, errors: string[]): Schema | undefined {
  const local =
    SCHEMA_URL.test(url) &&
    path.join(
      path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
      'build',
      url.slice('https://developer.microsoft.com/'.length),
    );
  if (!local || !existsSync(local)) {
    errors.push(
      `${file}: $schema "${url}" is not one of the Teams schemas bundled with @microsoft/app-manifest, so it cannot be checked offline`,
    );
    return undefined;
  }
  const raw = readFileSync(local, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  // The official localization schemas contain patterns like `\b]` that are legal only outside
  // unicode mode, which ajv uses; escaping the bracket keeps their meaning and lets them compile.
  return JSON.parse(raw.split('\\\\b]').join('\\\\b\\\\]')) as Schema;
}

/** Schema-validates one file; returns the schema version it declares. */
async function validateFile(file: string, json: Json, errors: string[]): Promise<string | undefined> {
  const url = isObject(json) && typeof json.$schema === 'string' ? json.$schema : '';
  const schema = loadSchema(url, file, errors);
  if (!schema) return undefined;
  // loaded on first use: it drags in ESM-only dependencies that a plain import would load eagerly
  const { AppManifestUtils } = await import('@microsoft/app-manifest');
  for (const p of await AppManifestUtils.validateAgainstSchema(json as unknown as AppManifest, schema)) errors.push(`${file}: ${p.trim()}`);
  return SCHEMA_URL.exec(url)?.[1];
}

function checkIcon(name: string, data: Buffer | undefined, size: number, outline: boolean, errors: string[]): void {
  if (!data) {
    errors.push(`icon ${name} is missing`);
    return;
  }
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch (e) {
    errors.push(`icon ${name} is not a PNG (${(e as Error).message})`);
    return;
  }
  if (png.width !== size || png.height !== size) errors.push(`icon ${name} is ${png.width}×${png.height}; Teams wants ${size}×${size}`);
  if (!outline) return;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = png.data.subarray(i, i + 4);
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
      const px = i / 4;
      errors.push(
        `outline icon ${name} must be white on transparent only; pixel (${px % png.width}, ${Math.floor(px / png.width)}) is rgb(${r},${g},${b})`,
      );
      return;
    }
  }
}

function checkCommandText(file: string, where: string, field: string, text: Json | undefined, errors: string[]): void {
  const limit = field === 'title' ? LIMITS.commandTitle : LIMITS.commandDescription;
  if (typeof text === 'string' && text.length > limit) errors.push(`${file}: ${where} is ${text.length} characters; Teams allows ${limit}`);
}

/** The localization files a manifest names, with their language tags. */
export function languageFiles(manifest: Json): { tag: string; file: string }[] {
  const info = isObject(manifest) && isObject(manifest.localizationInfo) ? manifest.localizationInfo : {};
  const out: { tag: string; file: string }[] = [];
  const defaultTag = typeof info.defaultLanguageTag === 'string' ? info.defaultLanguageTag : 'en-us';
  if (typeof info.defaultLanguageFile === 'string') out.push({ tag: defaultTag, file: info.defaultLanguageFile });
  for (const extra of Array.isArray(info.additionalLanguages) ? info.additionalLanguages : []) {
    if (isObject(extra) && typeof extra.languageTag === 'string' && typeof extra.file === 'string')
      out.push({ tag: extra.languageTag, file: extra.file });
  }
  return out;
}

function parse(file: string, data: Buffer | undefined, errors: string[]): Json | undefined {
  if (!data) {
    errors.push(`${file} is missing from the package`);
    return undefined;
  }
  try {
    return JSON.parse(data.toString('utf8')) as Json;
  } catch (e) {
    errors.push(`${file} is not JSON: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * Everything Teams checks that we can check offline, on a complete package: the official
 * schemas, no placeholder left, localization schema version = manifest version, command limits,
 * icon sizes and the white-on-transparent outline. Returns the problems.
 */
/** Every problem of a package's files (empty when it is valid). */
export async function checkPackage(files: Record<string, Buffer>): Promise<string[]> {
  const errors: string[] = [];
  for (const [name, data] of Object.entries(files)) {
    const text = name.endsWith('.json') ? data.toString('utf8') : '';
    if (text.includes('${{')) errors.push(`${name} still contains a placeholder: ${/\$\{\{[^}\s]*(\}\})?/.exec(text)?.[0]}`);
  }
  const manifest = parse('manifest.json', files['manifest.json'], errors);
  if (!isObject(manifest)) return errors.length > 0 ? errors : ['manifest.json is not a JSON object'];
  const version = await validateFile('manifest.json', manifest, errors);
  if (version && manifest.manifestVersion !== version) {
    errors.push(`manifest.json: manifestVersion "${String(manifest.manifestVersion)}" differs from its $schema version ${version}`);
  }

  const bots = Array.isArray(manifest.bots) ? manifest.bots : [];
  bots.forEach((bot, b) => {
    const lists = isObject(bot) && Array.isArray(bot.commandLists) ? bot.commandLists : [];
    lists.forEach((list, i) => {
      const commands = isObject(list) && Array.isArray(list.commands) ? list.commands : [];
      if (commands.length > LIMITS.commandsPerList) {
        errors.push(
          `manifest.json: bots[${b}].commandLists[${i}] has ${commands.length} commands; Teams shows at most ${LIMITS.commandsPerList}`,
        );
      }
      commands.forEach((c, j) => {
        for (const field of ['title', 'description'] as const) {
          checkCommandText(
            'manifest.json',
            `bots[${b}].commandLists[${i}].commands[${j}].${field}`,
            field,
            isObject(c) ? c[field] : undefined,
            errors,
          );
        }
      });
    });
  });

  for (const { tag, file } of languageFiles(manifest)) {
    if (!supportedLanguage(tag)) errors.push(`manifest.json: language "${tag}" is not one the bot speaks (en, tr)`);
    const loc = parse(file, files[file], errors);
    if (loc === undefined) continue;
    const locVersion = await validateFile(file, loc, errors);
    if (locVersion && version && locVersion !== version)
      errors.push(`${file}: localization schema v${locVersion} must match the manifest's v${version}`);
    for (const [key, value] of Object.entries(isObject(loc) ? loc : {})) {
      const m = LOCALIZED_COMMAND.exec(key);
      if (m) checkCommandText(file, key, m[3], value, errors);
    }
  }

  const icons = isObject(manifest.icons) ? manifest.icons : {};
  if (typeof icons.color === 'string') checkIcon(icons.color, files[icons.color], 192, false, errors);
  if (typeof icons.outline === 'string') checkIcon(icons.outline, files[icons.outline], 32, true, errors);
  return errors;
}
