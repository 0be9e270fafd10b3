import { ComponentFixture, TestBed } from '@angular/core/testing';
import { LINE_CHART_LOADER, LineChartFactory } from './chart-loader';
import { LineChartSpec } from './quality-chart-data';
import { QualityChartComponent } from './quality-chart.component';

const spec = (id: string): LineChartSpec => ({
  id,
  title: 'MOS (median)',
  description: `Line chart ${id}`,
  unit: 'MOS',
  labels: ['2026-11-30'],
  series: [{ label: 'MOS p50', data: [4.2] }],
});

describe('QualityChartComponent', () => {
  let fixture: ComponentFixture<QualityChartComponent>;
  let load: jest.Mock<Promise<LineChartFactory>, []>;
  let drawn: { spec: LineChartSpec; destroy: jest.Mock }[];

  const root = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const factory: LineChartFactory = (_canvas, chartSpec) => {
    const chart = { spec: chartSpec, destroy: jest.fn() };
    drawn.push(chart);
    return chart;
  };

  beforeEach(() => {
    drawn = [];
    load = jest.fn(() => Promise.resolve(factory));
    TestBed.configureTestingModule({ providers: [{ provide: LINE_CHART_LOADER, useValue: load }] });
    fixture = TestBed.createComponent(QualityChartComponent);
  });

  it('draws its figures on a canvas named by the description', async () => {
    fixture.componentRef.setInput('spec', spec('a'));
    await settle();
    expect(root().querySelector('canvas')?.getAttribute('aria-label')).toBe('Line chart a');
    expect(drawn.map((c) => c.spec.id)).toEqual(['a']);
  });

  it('replaces the chart, destroying the old one, when its figures change', async () => {
    fixture.componentRef.setInput('spec', spec('a'));
    await settle();
    fixture.componentRef.setInput('spec', spec('b'));
    await settle();
    expect(drawn.map((c) => c.spec.id)).toEqual(['a', 'b']);
    expect(drawn.map((c) => c.destroy.mock.calls.length)).toEqual([1, 0]);
  });

  it('never draws a chart whose library arrives after the component is gone', async () => {
    let arrive: (f: LineChartFactory) => void = () => undefined;
    load.mockReturnValue(new Promise<LineChartFactory>((resolve) => (arrive = resolve)));
    fixture.componentRef.setInput('spec', spec('a'));
    await fixture.whenStable();
    fixture.destroy();
    arrive(factory);
    await new Promise((resolve) => setTimeout(resolve));
    expect(drawn).toHaveLength(0);
  });

  it('draws only the latest figures when they change while the library is loading', async () => {
    let arrive: (f: LineChartFactory) => void = () => undefined;
    const slow = new Promise<LineChartFactory>((resolve) => (arrive = resolve));
    load.mockReturnValue(slow);
    fixture.componentRef.setInput('spec', spec('a'));
    await fixture.whenStable();
    fixture.componentRef.setInput('spec', spec('b'));
    await fixture.whenStable();
    arrive(factory);
    await settle();
    expect(drawn.map((c) => c.spec.id)).toEqual(['b']);
  });

  it('says the table has the figures when the chart library cannot be loaded', async () => {
    load.mockReturnValue(Promise.reject(new Error('chunk failed')));
    fixture.componentRef.setInput('spec', spec('a'));
    await settle();
    expect(root().textContent).toContain('The chart could not be drawn');
  });
});
