/**
 * Loudness of a stream's audio with a Web Audio AnalyserNode, for the lobby meter and the self
 * speaking indicator. Muted (disabled) tracks read as silence.
 */
export class AudioLevelMeter {
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly samples: Float32Array<ArrayBuffer>;

  private constructor(stream: MediaStream) {
    this.context = new AudioContext();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 512;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.source = this.context.createMediaStreamSource(stream);
    this.source.connect(this.analyser);
  }

  /** Null when the stream has no audio or the browser has no Web Audio. */
  static create(stream: MediaStream | null): AudioLevelMeter | null {
    if (!stream?.getAudioTracks().length || typeof AudioContext === 'undefined') return null;
    try {
      return new AudioLevelMeter(stream);
    } catch {
      return null;
    }
  }

  /** 0–1: RMS of the latest samples, scaled so normal speech sits around the middle. */
  level(): number {
    // Autoplay rules may start the context suspended until the first click; retry quietly.
    if (this.context.state === 'suspended') void this.context.resume().catch(() => undefined);
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const sample of this.samples) sum += sample * sample;
    return Math.min(1, Math.sqrt(sum / this.samples.length) * 4);
  }

  close(): void {
    this.source.disconnect();
    void this.context.close().catch(() => undefined);
  }
}
