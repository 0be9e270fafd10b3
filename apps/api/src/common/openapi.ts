import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs/openapi.json';

/** Interactive docs at /api/docs and the OpenAPI document at /api/docs/openapi.json, both public. */
export function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('webrtc-call API')
      .setDescription(
        'Accounts, rooms, TURN credentials and administration. Errors are `{statusCode, code, message}` with a ' +
          'stable `code`. The signaling WebSocket at /ws is described in docs/signaling.md.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    yamlDocumentUrl: 'api/docs/openapi.yaml',
    customSiteTitle: 'webrtc-call API',
  });
}
