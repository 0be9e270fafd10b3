import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { CallRecordsService } from './call-records.service';

describe('CallRecordsService', () => {
  let service: CallRecordsService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    service = TestBed.inject(CallRecordsService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks for the quality report of a range with ISO dates', () => {
    service.quality(new Date('2026-11-24T00:00:00Z'), new Date('2026-11-30T12:30:00Z')).subscribe();
    const request = http.expectOne((r) => r.url === '/api/admin/quality');
    expect(request.request.method).toBe('GET');
    expect(request.request.urlWithParams).toBe(
      '/api/admin/quality?from=2026-11-24T00:00:00.000Z&to=2026-11-30T12:30:00.000Z',
    );
    request.flush({});
  });

  it('lists calls with the filters and page given, leaving the others out', () => {
    service
      .calls({ roomId: 'r1', userId: 'u1', from: new Date('2026-11-01T00:00:00Z'), page: 2, limit: 10 })
      .subscribe();
    const request = http.expectOne((r) => r.url === '/api/admin/calls');
    expect(request.request.method).toBe('GET');
    expect(request.request.params.keys().sort()).toEqual(['from', 'limit', 'page', 'roomId', 'userId']);
    expect(request.request.params.get('roomId')).toBe('r1');
    expect(request.request.params.get('userId')).toBe('u1');
    expect(request.request.params.get('from')).toBe('2026-11-01T00:00:00.000Z');
    expect(request.request.params.get('page')).toBe('2');
    expect(request.request.params.get('limit')).toBe('10');
    request.flush({ items: [], total: 0, page: 2, limit: 10 });
  });

  it('lists calls without a query string when nothing is asked', () => {
    service.calls().subscribe();
    http.expectOne('/api/admin/calls').flush({ items: [], total: 0, page: 1, limit: 20 });
  });

  it('fetches one call by its escaped id', () => {
    service.call('a/b').subscribe();
    const request = http.expectOne('/api/admin/calls/a%2Fb');
    expect(request.request.method).toBe('GET');
    request.flush({});
  });
});
