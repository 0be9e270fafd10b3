import type { CandidateType, FigureAggregate, LegView, QualityBand } from '@webrtc-call/signaling-contracts';

/** Shown wherever a figure is unknown. */
export const NO_FIGURE = '—';

/** A ratio (0–1) as a percentage. */
export function ratioText(ratio: number | null): string {
  return ratio === null ? NO_FIGURE : `${round(ratio * 100, 1)}%`;
}

/** A figure that already is a percentage (packet loss). */
export function percentText(percent: number | null | undefined): string {
  if (percent === null || percent === undefined) return NO_FIGURE;
  return `${round(percent, percent < 1 ? 2 : 1)}%`;
}

export function msText(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? NO_FIGURE : `${Math.round(ms)} ms`;
}

export function kbpsText(kbps: number | null | undefined): string {
  return kbps === null || kbps === undefined ? NO_FIGURE : `${Math.round(kbps)} kbps`;
}

export function mosText(mos: number | null, band: QualityBand | null = null): string {
  if (mos === null) return NO_FIGURE;
  return band ? `${mos.toFixed(2)} (${band})` : mos.toFixed(2);
}

/** Loss of a leg as "average / worst". */
export function lossText(loss: FigureAggregate | null): string {
  return loss ? `${percentText(loss.avg)} / ${percentText(loss.max)}` : NO_FIGURE;
}

/** What an administrator cares about in a candidate type: did the media go through the TURN server. */
export function pathText(type: CandidateType | null): string {
  return type === null ? NO_FIGURE : type === 'relay' ? 'relay' : 'direct';
}

export function outcomeText(outcome: LegView['outcome']): string {
  switch (outcome) {
    case 'connected':
      return 'connected';
    case 'failed':
      return 'failed';
    case 'never-connected':
      return 'never connected';
    case 'closed-before-connected':
      return 'closed before connecting';
    case 'connecting':
      return 'still connecting';
    default: {
      const unknown: never = outcome;
      return String(unknown);
    }
  }
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
