import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CandidateType, LegOutcome } from '@webrtc-call/signaling-contracts';
import { MinuteCounter } from './minute-counter';

/** socket connected → seated → its first leg connected → media arriving. */
export type JoinStage = 'socket-connected' | 'joined' | 'first-leg-connected' | 'media-flowing';

type CounterChild = ReturnType<Counter<string>['labels']>;

/**
 * Prometheus metrics of this instance. A registry per service instance rather than prom-client's global
 * one, so that several applications in one process (the e2e tests) do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern',
    labelNames: ['method', 'route'] as const,
    registers: [this.registry],
  });
  /**
   * Relayed frames are counted here, on every frame, and handed to the counter below when it is scraped:
   * prom-client builds a label key per increment, which is more than the relay path should pay.
   */
  private readonly relayedSinceScrape = new Map<string, number>();
  private readonly relayed = new Counter({
    name: 'signaling_messages_relayed_total',
    help: 'Signaling messages relayed from one peer to another, by event',
    labelNames: ['event'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [event, count] of this.relayedSinceScrape) child(this.relayedByEvent, this.relayed, event).inc(count);
      this.relayedSinceScrape.clear();
    },
  });
  private readonly signalingErrors = new Counter({
    name: 'signaling_errors_total',
    help: 'Error frames sent to signaling clients, by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly joinFunnel = new Counter({
    name: 'call_join_funnel_total',
    help: 'Seats reaching each stage of joining a call, each stage counted once per seat',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });
  private readonly timeToConnect = new Histogram({
    name: 'call_leg_time_to_connect_seconds',
    help: "From a peer connection's creation to connected, as its side reported it",
    buckets: [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30],
    registers: [this.registry],
  });
  private readonly legOutcomes = new Counter({
    name: 'call_leg_outcomes_total',
    help: 'Leg outcomes, counted when each side of a leg sends its final sample',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly candidatePairs = new Counter({
    name: 'call_leg_candidate_pairs_total',
    help: 'Selected candidate pairs of connected legs, by local and remote candidate type, once per side',
    labelNames: ['local', 'remote'] as const,
    registers: [this.registry],
  });
  // The relay path calls these per message: children are looked up once per label value, then reused.
  private readonly relayedByEvent = new Map<string, CounterChild>();
  private readonly errorsByCode = new Map<string, CounterChild>();
  private readonly relayedLastMinute = new MinuteCounter();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge read at scrape time from whoever owns the figure. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  countRelayed(event: string): void {
    this.relayedSinceScrape.set(event, (this.relayedSinceScrape.get(event) ?? 0) + 1);
    this.relayedLastMinute.count();
  }

  /** Relayed messages over roughly the last minute, for the admin page. */
  relayedPerMinute(nowMs = Date.now()): number {
    return this.relayedLastMinute.perMinute(nowMs);
  }

  countSignalingError(code: string): void {
    child(this.errorsByCode, this.signalingErrors, code).inc();
  }

  countJoinStage(stage: JoinStage): void {
    this.joinFunnel.inc({ stage });
  }

  observeTimeToConnect(seconds: number): void {
    this.timeToConnect.observe(seconds);
  }

  countLegOutcome(outcome: LegOutcome): void {
    this.legOutcomes.inc({ outcome });
  }

  /** Label values come from the validated enum, or `unknown`: never from the client's free text. */
  countCandidatePair(local: CandidateType | null, remote: CandidateType | null): void {
    this.candidatePairs.inc({ local: local ?? 'unknown', remote: remote ?? 'unknown' });
  }

  /** Express middleware: counts every response by its route pattern, never by raw URL, to bound label values. */
  httpMiddleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const stopTimer = this.httpDuration.startTimer();
      res.once('finish', () => {
        const route = routePattern(req);
        stopTimer({ method: req.method, route });
        this.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function child(cache: Map<string, CounterChild>, counter: Counter<string>, label: string): CounterChild {
  let found = cache.get(label);
  if (!found) {
    found = counter.labels(label);
    cache.set(label, found);
  }
  return found;
}

/** Requests that matched no route (static files, 404s) share one label value. */
function routePattern(req: Request): string {
  const path: unknown = (req as Request & { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' ? path : '(unmatched)';
}
