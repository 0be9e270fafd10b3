import type { Request, Response } from 'express';
import { EventEmitter } from 'node:events';
import type { RoomRegistry } from '../presence/room-registry';
import { MetricsService } from './metrics.service';

describe('MetricsService', () => {
  const presence = { socketCount: () => 3, roomCount: () => 2, totalParticipants: () => 5 } as RoomRegistry;

  it('counts relayed messages and signaling errors by label', async () => {
    const metrics = new MetricsService(presence);
    metrics.countRelayed('offer');
    metrics.countRelayed('offer');
    metrics.countRelayed('candidate');
    metrics.countSignalingError('room-full');
    const text = await metrics.render();
    expect(text).toContain('signaling_messages_relayed_total{event="offer"} 2');
    expect(text).toContain('signaling_messages_relayed_total{event="candidate"} 1');
    expect(text).toContain('signaling_errors_total{code="room-full"} 1');
  });

  it('reads live gauges from the presence registry at scrape time', async () => {
    const text = await new MetricsService(presence).render();
    expect(text).toMatch(/^signaling_sockets 3$/m);
    expect(text).toMatch(/^signaling_rooms 2$/m);
    expect(text).toMatch(/^signaling_participants 5$/m);
  });

  it('labels HTTP requests by route pattern, and unmatched ones by a fixed value', async () => {
    const metrics = new MetricsService(presence);
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
