import { MAX_SEATS, MIN_SAMPLE_SPACING_MS, SampleGate } from './sample-gate';

describe('SampleGate', () => {
  it('takes one sample per leg and sender every 2 s, legs and senders counted apart', () => {
    const gate = new SampleGate();
    expect(gate.admit('a', 'b', false, 0)).toBe(true);
    expect(gate.admit('a', 'b', false, MIN_SAMPLE_SPACING_MS - 1)).toBe(false);
    expect(gate.admit('a', 'c', false, 1)).toBe(true);
    expect(gate.admit('b', 'a', false, 1)).toBe(true);
    expect(gate.admit('a', 'b', false, MIN_SAMPLE_SPACING_MS)).toBe(true);
  });

  it('lets one final sample through early, not two', () => {
    const gate = new SampleGate();
    expect(gate.admit('a', 'b', false, 0)).toBe(true);
    expect(gate.admit('a', 'b', true, 10)).toBe(true);
    expect(gate.admit('a', 'b', true, 20)).toBe(false);
  });

  it('bounds the peers one seat may report on, making room for those whose slot has passed', () => {
    const gate = new SampleGate();
    for (let i = 0; i < 16; i++) expect(gate.admit('a', `p${i}`, false, 0)).toBe(true);
    expect(gate.admit('a', 'one-too-many', false, 1)).toBe(false);
    expect(gate.admit('a', 'later', false, MIN_SAMPLE_SPACING_MS)).toBe(true);
  });

  it('forgets a released seat, and the oldest seats beyond its bound', () => {
    const gate = new SampleGate();
    gate.admit('a', 'b', false, 0);
    gate.progress('a').connected = true;
    gate.forget('a');
    expect(gate.progress('a').connected).toBe(false);
    for (let i = 0; i < MAX_SEATS + 5; i++) gate.admit(`s${i}`, 'x', false, 0);
    expect(gate.size).toBe(MAX_SEATS);
  });
});
