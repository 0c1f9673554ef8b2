/**
 * Serves the API documents: `/openapi.json` (REST), `/asyncapi.json` (WebSocket) and the Swagger UI
 * page at `/docs`, whose HTML, scripts and styles come with the @fastify/swagger-ui package (nothing is
 * fetched from a CDN: the page works offline). The two JSON documents are endpoints of the router like
 * any other (declared, metered, documented; another method → 405); the page's paths are the plugin's,
 * GET only, and anything else under them is the usual 404 envelope.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Router } from '../http/router.ts';
import { asyncApiDocument } from './asyncapi.ts';
import { openApiDocument } from './openapi.ts';

export const OPENAPI_PATH = '/openapi.json';
export const ASYNCAPI_PATH = '/asyncapi.json';
export const DOCS_PATH = '/docs';

const JSON_TYPE = 'application/json; charset=utf-8';

/** After every other endpoint is declared: the document describes the router's endpoints as they are then. */
export async function serveDocs(app: FastifyInstance, router: Router): Promise<void> {
  const documents = { openApi: '', asyncApi: '' };
  const routes = router.group('Documents', `These documents; the page at ${DOCS_PATH} shows the REST one.`);
  for (const [url, summary, which] of [
    [OPENAPI_PATH, 'The REST API: this OpenAPI 3.1 document', 'openApi'],
    [ASYNCAPI_PATH, 'The WebSocket streams: an AsyncAPI 3.0 document', 'asyncApi'],
  ] as const) {
    routes.add({
      method: 'GET',
      url,
      auth: 'none',
      raw: true,
      summary,
      fields: {},
      answers: [{ status: 200, description: 'The document.', contentType: JSON_TYPE, schema: Type.Object({}, { description: 'See its specification.' }) }],
      handle: () => ({ status: 200, contentType: JSON_TYPE, body: documents[which] }),
    });
  }
  const openApi = openApiDocument(router.routes, router.groups);
  documents.openApi = JSON.stringify(openApi);
  documents.asyncApi = JSON.stringify(asyncApiDocument());
  // Static mode: the document is ours, generated from the declarations; the plugin only hands it to the page.
  await app.register(swagger, { mode: 'static', specification: { document: openApi as never } });
  await app.register(swaggerUi, { routePrefix: DOCS_PATH, uiConfig: { deepLinking: true, docExpansion: 'list' } });
}
