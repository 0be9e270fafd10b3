import { signal } from '@angular/core';

export interface CallNotice {
  id: number;
  text: string;
}

export interface ChatMessage {
  id: number;
  from: string;
  name: string;
  text: string;
  at: string;
  self: boolean;
}

const MAX_NOTICES = 3;
const MAX_CHAT_MESSAGES = 200;

/** The short-lived notices ("Alice joined") and the chat of one call; neither is stored anywhere. */
export class CallFeed {
  private readonly noticesState = signal<readonly CallNotice[]>([]);
  private readonly chatState = signal<readonly ChatMessage[]>([]);
  private nextId = 0;

  readonly notices = this.noticesState.asReadonly();
  readonly chat = this.chatState.asReadonly();

  notify(text: string): void {
    const notice: CallNotice = { id: ++this.nextId, text };
    this.noticesState.update((notices) => [...notices, notice].slice(-MAX_NOTICES));
  }

  addChat(message: Omit<ChatMessage, 'id'>): void {
    this.chatState.update((messages) => [...messages, { ...message, id: ++this.nextId }].slice(-MAX_CHAT_MESSAGES));
  }

  clear(): void {
    this.noticesState.set([]);
    this.chatState.set([]);
  }
}
