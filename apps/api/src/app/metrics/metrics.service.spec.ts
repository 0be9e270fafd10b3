import type { Request, Response } from 'express';
import { EventEmitter } from 'node:events';
import { MetricsService } from './metrics.service';

describe('MetricsService', () => {
  it('counts relayed messages and signaling errors by label', async () => {
    const metrics = new MetricsService();
    metrics.countRelayed('offer');
    metrics.countRelayed('offer');
    metrics.countRelayed('candidate');
    metrics.countSignalingError('room-full');
    const text = await metrics.render();
    expect(text).toContain('signaling_messages_relayed_total{event="offer"} 2');
    expect(text).toContain('signaling_messages_relayed_total{event="candidate"} 1');
    expect(text).toContain('signaling_errors_total{code="room-full"} 1');
  });

  it('reads gauges from their owners at scrape time', async () => {
    const metrics = new MetricsService();
    let sockets = 3;
    metrics.gauge('signaling_sockets', 'Open signaling sockets', () => sockets);
    expect(await metrics.render()).toMatch(/^signaling_sockets 3$/m);
    sockets = 7;
    expect(await metrics.render()).toMatch(/^signaling_sockets 7$/m);
  });

  it('counts relayed messages over roughly the last minute', () => {
    const metrics = new MetricsService();
    metrics.countRelayed('offer');
    metrics.countRelayed('answer');
    expect(metrics.relayedPerMinute()).toBe(2);
    expect(metrics.relayedPerMinute(Date.now() + 120_000)).toBe(0);
  });

  it('labels HTTP requests by route pattern, and unmatched ones by a fixed value', async () => {
    const metrics = new MetricsService();
    const middleware = metrics.httpMiddleware();
    const request = (route?: string) => {
      const res = Object.assign(new EventEmitter(), { statusCode: 200 }) as unknown as Response;
      const req = { method: 'GET', route: route && { path: route } } as unknown as Request;
      middleware(req, res, () => undefined);
      (res as unknown as EventEmitter).emit('finish');
    };
    request('/api/rooms/:id');
    request(undefined);
    const text = await metrics.render();
    expect(text).toContain('http_requests_total{method="GET",route="/api/rooms/:id",status="200"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="(unmatched)",status="200"} 1');
  });
});
