/**
 * The parts of botbuilder-dialogs the bot uses, imported from their own modules: the package's
 * index also loads every prompt with its recognizers (dates, numbers and choices in a dozen
 * languages), a sixth of the server's start-up, for prompts the bot never uses. Types come from
 * the index (type imports load nothing).
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export { TextPrompt } from 'botbuilder-dialogs/lib/prompts/textPrompt';
export type { DialogContext, DialogState, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
