/** Validation of what ticket cards send: a clear message when something is wrong, and nothing changed. */
import type { TFunction } from 'i18next';
import { ActionData } from '../../cardActions';
import { Deps } from '../../deps';
import { isSectionId } from '../../knowledge/terms';
import { isGuid } from '../../platform/ids';
import { MAX_MESSAGE_CHARS } from '../../platform/limits';
import { Command, LIMITS } from '../domain/model';
import { canWorkTickets } from '../domain/policy';
import { TicketDraft } from '../domain/request';
import { parseMicrosoftCase } from '../microsoft';

const DRAFT_ID = /^[A-Za-z0-9_.:-]{8,100}$/;
const TOKEN = /^[A-Za-z0-9_-]{0,40}$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A text field: '' when absent, undefined when it is not text. */
function text(data: ActionData, field: string): string | undefined {
  const v = data[field];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : undefined;
}

/** The assignee must be an agent (someone with a ticket role); their name comes from whom the bot has met. */
async function parseAssign(data: ActionData, t: TFunction, deps: Deps): Promise<Parsed<Command>> {
  const id = text(data, 'assignee')?.trim() ?? '';
  if (!id || !isGuid(id)) return { ok: false, message: t('validation.assignee') };
  const roles = await deps.roles.rolesOf(id);
  if (!canWorkTickets(roles)) return { ok: false, message: t('validation.assigneeNotAgent') };
  const user = deps.config.PARTNER_TENANT_ID ? await deps.users.get(deps.config.PARTNER_TENANT_ID, id) : undefined;
  return { ok: true, value: { verb: 'assign', assignee: { id, ...(user?.name ? { name: user.name } : {}) } } };
}

function parseReply(data: ActionData, t: TFunction): Parsed<Command> {
  const message = text(data, 'message');
  if (message === undefined || !message.trim()) return { ok: false, message: t('validation.messageRequired') };
  if (message.length > LIMITS.message)
    return { ok: false, message: t('validation.messageTooLong', { length: message.length, max: LIMITS.message }) };
  return { ok: true, value: { verb: 'reply', message: message.trim() } };
}

function parseResolve(data: ActionData, t: TFunction): Parsed<Command> {
  const resolution = text(data, 'resolution');
  if (resolution === undefined || resolution.length > LIMITS.resolution)
    return { ok: false, message: t('validation.resolution', { max: LIMITS.resolution }) };
  return { ok: true, value: { verb: 'resolve', resolution } };
}

function parseRate(data: ActionData, t: TFunction): Parsed<Command> {
  const raw = data.rating;
  const rating = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { ok: false, message: t('validation.rating') };
  const comment = text(data, 'comment');
  if (comment === undefined || comment.length > LIMITS.comment)
    return { ok: false, message: t('validation.comment', { max: LIMITS.comment }) };
  return { ok: true, value: { verb: 'rate', rating, comment: comment.trim() ? comment.trim() : null } };
}

/** The command a card verb's inputs make, or the message saying what is wrong. */
export async function parseCommand(verb: Command['verb'], data: ActionData, t: TFunction, deps: Deps): Promise<Parsed<Command>> {
  switch (verb) {
    case 'claim':
      return { ok: true, value: { verb: 'claim' } };
    case 'reopen':
      return { ok: true, value: { verb: 'reopen' } };
    case 'assign':
      return parseAssign(data, t, deps);
    case 'reply':
      return parseReply(data, t);
    case 'resolve':
      return parseResolve(data, t);
    case 'escalateMicrosoft': {
      const parsed = parseMicrosoftCase(data);
      if (!parsed.ok) return { ok: false, message: t(parsed.problem.key, parsed.problem.values) };
      return { ok: true, value: { verb: 'escalateMicrosoft', ...parsed.value } };
    }
    case 'rate':
      return parseRate(data, t);
    case 'customerMessage':
      // Typed text, never a card input.
      return { ok: false, message: t('validation.unknown') };
  }
}

/** Reads the offer card's data and its description input; undefined when it is not a draft we made. */
export function parseDraft(data: ActionData): TicketDraft | undefined {
  const { draftId, product, topic, section, description } = data;
  // The offer card's editable description (the client sends its prefilled value when not edited) wins over the draft's question.
  const question = description !== undefined && description !== null ? description : data.question;
  if (typeof draftId !== 'string' || !DRAFT_ID.test(draftId)) return undefined;
  if (question !== undefined && (typeof question !== 'string' || question.length > MAX_MESSAGE_CHARS)) return undefined;
  if (product !== undefined && (typeof product !== 'string' || !TOKEN.test(product))) return undefined;
  if (topic !== undefined && topic !== null && (typeof topic !== 'string' || !TOKEN.test(topic))) return undefined;
  if (section !== undefined && section !== null && section !== '' && !isSectionId(section)) return undefined;
  return {
    draftId,
    question: typeof question === 'string' ? question.trim() : '',
    product: typeof product === 'string' ? product : '',
    topic: typeof topic === 'string' ? topic : '',
    section: typeof section === 'string' && section ? section : null,
  };
}
