import { Directive, effect, ElementRef, inject, input } from '@angular/core';

type SinkCapable = HTMLMediaElement & { setSinkId?: (sinkId: string) => Promise<void> };

/** Shows a MediaStream in a <video>: `srcObject` is a DOM property without an attribute form. */
@Directive({ selector: 'video[appMediaStream]' })
export class MediaStreamDirective {
  readonly appMediaStream = input.required<MediaStream | null>();
  /** Audio output device; '' or null is the system default. Ignored where setSinkId is missing. */
  readonly sinkId = input<string | null>(null);

  constructor() {
    const video = inject<ElementRef<SinkCapable>>(ElementRef).nativeElement;
    effect(() => {
      const stream = this.appMediaStream();
      if (video.srcObject !== stream) video.srcObject = stream;
    });
    effect(() => {
      const sinkId = this.sinkId() ?? '';
      if (typeof video.setSinkId !== 'function') return;
      video.setSinkId(sinkId).catch((error: unknown) => console.warn('[media] could not switch speaker', error));
    });
  }
}
