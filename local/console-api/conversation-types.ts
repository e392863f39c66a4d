/**
 * The shapes console-server serves at `/console/api/sandbox/conversations[/{customer}]`. Types only,
 * with no imports, so the console (console/src/views/customer.tsx) shares them with the server.
 */

/** One customer in the conversation list. */
export interface ConversationItem {
  customer: string;
  name?: string;
  messages: number;
  lastAt?: string;
  lastText?: string;
}

/** One WhatsApp message of a conversation as the console draws it (ticks from `status`). */
export interface ConversationMessage {
  direction: 'in' | 'out';
  id: string;
  at: string;
  type: string;
  text?: string;
  /** Outbound: the last status Meta reported (sent → delivered → read, or failed); inbound: received. */
  status: string;
  statuses?: string[];
  templateName?: string;
  message: unknown;
}
