import { kbpsText, lossText, mosText, msText, outcomeText, pathText, percentText, ratioText } from './quality-format';

describe('quality figures as text', () => {
  it('shows a dash for every unknown figure', () => {
    expect([ratioText(null), percentText(null), msText(null), msText(undefined), kbpsText(undefined)]).toEqual([
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    expect([mosText(null), lossText(null), pathText(null)]).toEqual(['—', '—', '—']);
  });

  it('shows ratios as percentages and rounds figures', () => {
    expect(ratioText(0.9756)).toBe('97.6%');
    expect(ratioText(0)).toBe('0%');
    expect(percentText(0.256)).toBe('0.26%');
    expect(percentText(12.34)).toBe('12.3%');
    expect(msText(123.6)).toBe('124 ms');
    expect(kbpsText(1499.5)).toBe('1500 kbps');
    expect(mosText(4.123, 'good')).toBe('4.12 (good)');
    expect(lossText({ count: 3, min: 0, avg: 0.5, max: 2 })).toBe('0.5% / 2%');
  });

  it('calls a relay candidate "relay" and every other type "direct"', () => {
    expect(['host', 'srflx', 'prflx', 'relay'].map((t) => pathText(t as 'host'))).toEqual([
      'direct',
      'direct',
      'direct',
      'relay',
    ]);
  });

  it('words each outcome', () => {
    expect(outcomeText('never-connected')).toBe('never connected');
    expect(outcomeText('closed-before-connected')).toBe('closed before connecting');
    expect(outcomeText('connecting')).toBe('still connecting');
  });
});
