/**
 * Reminders in the conversation, as the router wires them: the card verbs (CONTRACT.md
 * "Reminders", plus `reminder.compose` for the preview's "Change") and the staff commands.
 */
import { ActionHandler, StaffHandler } from '../../cardActions';
import { REMINDER_RECIPIENT_ACTIONS } from './recipient';
import { remindCommand, remindersAutoCommand, remindersCommand, REMINDER_STAFF_ACTIONS, setupBillingCommand } from './staff';

export type ReminderVerb = keyof typeof REMINDER_STAFF_ACTIONS | keyof typeof REMINDER_RECIPIENT_ACTIONS;

/** The card verbs of reminders. */
export const REMINDER_ACTIONS: Record<ReminderVerb, ActionHandler> = { ...REMINDER_STAFF_ACTIONS, ...REMINDER_RECIPIENT_ACTIONS };

/** The staff commands of reminders, by command id (bot/commands.ts). */
export const REMINDER_COMMANDS: { remind: StaffHandler; reminders: StaffHandler; remindersAuto: StaffHandler; setupBilling: StaffHandler } =
  {
    remind: remindCommand,
    reminders: remindersCommand,
    remindersAuto: remindersAutoCommand,
    setupBilling: setupBillingCommand,
  };
