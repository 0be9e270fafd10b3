import { withoutSecrets } from './logging.module';

describe('withoutSecrets', () => {
  it('masks tokens and passwords in query strings and keeps the rest', () => {
    expect(withoutSecrets('/ws?token=abc.def&x=1')).toBe('/ws?token=[redacted]&x=1');
    expect(withoutSecrets('/a?x=1&TOKEN=abc#frag')).toBe('/a?x=1&TOKEN=[redacted]#frag');
    expect(withoutSecrets('/a?password=p')).toBe('/a?password=[redacted]');
    expect(withoutSecrets('/api/rooms/token=1')).toBe('/api/rooms/token=1');
  });
});
