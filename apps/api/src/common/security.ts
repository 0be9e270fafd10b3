import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';

/**
 * Security headers for the API and the Angular client served beside it. The client talks only to its
 * own origin, the signaling WebSocket included ('self' covers ws:/wss: of the same host in CSP Level 3
 * browsers), plays media streams from blob: URLs and uses inline styles. Nothing may frame it.
 */
export function applySecurityHeaders(app: INestApplication, config: AppConfig): void {
  const https = config.tls.mode !== 'off';
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          // Over plain HTTP (e.g. on a LAN address) upgrading would break every request.
          upgradeInsecureRequests: https ? [] : null,
        },
      },
      frameguard: { action: 'deny' },
      // Pinning a host to HTTPS is the operator's call for a real certificate, never for a generated one.
      strictTransportSecurity: config.tls.mode === 'files' ? { maxAge: 15552000 } : false,
    }),
  );
  if (config.corsOrigins) {
    app.enableCors({
      origin: config.corsOrigins === '*' ? '*' : config.corsOrigins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
  }
}
