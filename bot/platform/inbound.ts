import { MAX_ACTIVITY_DEPTH } from './limits';

/** An incoming request body that is a Bot Framework activity we can process. */
export type InboundCheck = { ok: true; activity: Record<string, unknown> } | { ok: false; message: string };

/**
 * Checks a raw /api/messages body before anything processes it: JSON, an object with a `type`, a
 * sane depth, and an http(s) `serviceUrl` (without one the SDK would try the public Bot Framework
 * endpoint for seconds before failing).
 */
export function checkActivity(raw: string): InboundCheck {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'The body is not valid JSON.' };
  }
  if (!isRecord(body) || typeof body.type !== 'string') {
    return { ok: false, message: 'The body must be a Bot Framework activity (a JSON object with a "type").' };
  }
  if (depthExceeds(body, MAX_ACTIVITY_DEPTH, body.type === 'invoke' ? 'value' : undefined)) {
    return { ok: false, message: `The activity is nested deeper than ${MAX_ACTIVITY_DEPTH} levels.` };
  }
  if (!isHttpUrl(body.serviceUrl)) {
    return { ok: false, message: 'The activity has no valid "serviceUrl".' };
  }
  return { ok: true, activity: body };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.length === 0) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** True when `root` nests deeper than `max`; iterative, so no depth can overflow it. */
function depthExceeds(root: Record<string, unknown>, max: number, skipTopLevelKey?: string): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [];
  for (const [key, value] of Object.entries(root)) if (key !== skipTopLevelKey) stack.push({ value, depth: 2 });
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max) return true;
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
