import { ChangeDetectionStrategy, Component, effect, ElementRef, input, output, viewChild } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { MAX_CHAT_LENGTH } from '@webrtc-call/signaling-contracts';
import { ChatMessage } from './call-feed';

/** The in-call chat: messages live only as long as the call page. */
@Component({
  selector: 'app-chat-panel',
  imports: [FormsModule, DatePipe],
  template: `
    <h2 id="chat-title">Chat</h2>
    <ol class="messages" #list aria-live="polite" aria-labelledby="chat-title" data-testid="chat-messages">
      @for (message of messages(); track message.id) {
        <li data-testid="chat-message" [class.self]="message.self">
          <span class="from">{{ message.name }}</span>
          <time [attr.datetime]="message.at">{{ message.at | date: 'HH:mm' }}</time>
          <p>{{ message.text }}</p>
        </li>
      } @empty {
        <li class="empty">No messages yet. Messages are not saved.</li>
      }
    </ol>
    <form (ngSubmit)="submit()">
      <label for="chat-text" class="visually-hidden">Message</label>
      <input
        id="chat-text"
        name="chatText"
        type="text"
        autocomplete="off"
        placeholder="Write a message"
        data-testid="chat-input"
        [maxlength]="maxLength"
        [disabled]="disabled()"
        [(ngModel)]="draft"
      />
      <button type="submit" data-testid="chat-send" [disabled]="disabled()">Send</button>
    </form>
  `,
  styleUrl: './chat-panel.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatPanelComponent {
  readonly messages = input.required<readonly ChatMessage[]>();
  readonly disabled = input(false);
  readonly send = output<string>();

  protected readonly maxLength = MAX_CHAT_LENGTH;
  protected draft = '';
  private readonly list = viewChild<ElementRef<HTMLElement>>('list');

  constructor() {
    effect(() => {
      this.messages();
      const element = this.list()?.nativeElement;
      if (element) queueMicrotask(() => (element.scrollTop = element.scrollHeight));
    });
  }

  protected submit(): void {
    const text = this.draft.trim();
    if (!text) return;
    this.send.emit(text);
    this.draft = '';
  }
}
