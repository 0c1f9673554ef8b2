/**
 * Data export (decisions I1; the reference has no such endpoint, so the paths follow its trading/*
 * style): a portfolio's history of one kind over past days, written as a CSV file by the export worker
 * (ops/exports), listed with its status, and fetched through a signed, expiring link on this server.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ApiError } from '../../catalogue/index.ts';
import { EXPORT_STATUSES, EXPORT_TYPES } from '../../domain/exports/index.ts';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { LINK_TTL_MS } from '../../auth/download-links.ts';
import { exportFilePath } from '../../store/exports/export-files.ts';
import { ARCHIVE_DAYS, daysMs } from '../../store/history/queries/history-store.ts';
import { failure } from '../../wire/envelope.ts';
import { check, integer, oneOf, page, text } from '../../wire/field-spec.ts';
import { paged } from '../../wire/fields.ts';
import { actorOf } from '../../wire/order-requests.ts';
import { rangeOf, type Clock } from '../../wire/time-range.ts';
import { ExportRequestedSchema, ExportRowSchema, ExportUrlSchema, exportRow } from '../../views/exports.ts';
import { Paged } from '../../views/schema.ts';
import { jsonAnswer, type RawAnswer, type Router } from '../router.ts';

/** Outside /api/v1/, where every call is signed with an API key: here the link itself is the credential. */
const DOWNLOAD_URL = '/files/v1/export';
const HISTORY_KEPT = { defaultSpanMs: 0, maxAgeMs: daysMs(ARCHIVE_DAYS) };
const CSV_TYPE = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const EXPORT_ID = text({ missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 401109, example: '1732406400000001' });

function refused(status: number, code: 2000 | 401109): RawAnswer {
  return { ...jsonAnswer(status, failure(code)), code };
}

export function exportRoutes(router: Router): void {
  const routes = router.group('Data export', 'A portfolio’s history as CSV files, written in the background and fetched by a signed link (decisions I1).');

  routes.add({
    method: 'POST',
    url: '/api/v1/trading/export',
    summary: 'Request a CSV export of a portfolio’s history',
    description:
      'ORDERS: finished orders (history/orders rows); EXECUTIONS: fills (executions rows); POSITIONS: closed positions (history/position rows); ' +
      'STATEMENTS: balance changes (statement rows); TRANSFERS: transfers into or out of the portfolio (transfer/list rows). ' +
      'The range must end before 00:00 UTC of today (venue time, 401108); a start older than the 90 days of history kept is moved up to it. ' +
      `At most 10 requests per portfolio per UTC day (401105). Answered once journaled (PENDING); the file follows (export/list).`,
    permission: 'READ',
    scope: 'any',
    rateGroup: 'dataExport',
    acting: true,
    fields: {
      exportType: oneOf(EXPORT_TYPES, { missing: 400009, invalid: 401106 }),
      startTime: integer({ missing: 400009, invalid: 400000, min: 0, description: 'ms, inclusive.' }),
      endTime: integer({ missing: 400009, invalid: 400000, min: 0, description: 'ms, inclusive; before 00:00 UTC of today.' }),
      range: check(
        [400005, 400006, 400004],
        'startTime not in the future, endTime within the history kept, startTime before endTime',
        (values: { startTime: number; endTime: number }, clock: Clock) => rangeOf(values.startTime, values.endTime, clock.now(), HISTORY_KEPT),
      ),
    },
    response: ExportRequestedSchema,
    codes: [401108, 401105],
    handle(call) {
      const { exportType, range } = call.values;
      const actor = actorOf(call.portfolio().portfolioId, call.caller);
      return call.gateway.submit('requestExport', { actor, exportType, startTime: range.start, endTime: range.end });
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/export/list',
    summary: 'The portfolio’s data exports, newest first',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'dataExportRead',
    acting: true,
    fields: {
      status: oneOf(EXPORT_STATUSES, { invalid: 401107, description: 'Only those in this status.' }),
      exportType: oneOf(EXPORT_TYPES, { invalid: 401106, description: 'Only those of this type.' }),
      page: page(100, 1000),
    },
    response: Paged(ExportRowSchema),
    codes: [400003],
    handle(call) {
      const { status, exportType, page } = call.values;
      const exports = call.gateway.reads.exportsOf(call.portfolio().portfolioId).filter((e) => (status ?? e.status) === e.status && (exportType ?? e.exportType) === e.exportType);
      return paged(exports, page, exportRow);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/export/url',
    summary: 'A signed link to a COMPLETED export’s file',
    description: `The link serves the file for ${LINK_TTL_MS / 60_000} minutes, to anyone who has it; ask again for a fresh one.`,
    permission: 'READ',
    scope: 'any',
    rateGroup: 'dataExportRead',
    acting: true,
    fields: { exportId: EXPORT_ID },
    response: ExportUrlSchema,
    codes: [401109, 401110],
    handle(call) {
      const { exportId } = call.values;
      const record = call.gateway.reads.dataExport(exportId);
      if (!record || record.portfolioId !== call.portfolio().portfolioId) throw new ApiError(401109);
      if (record.status !== 'COMPLETED') throw new ApiError(401110);
      const expireTime = call.gateway.clock() + LINK_TTL_MS;
      const signature = call.gateway.downloadLinks.sign(exportId, expireTime);
      return { exportId, url: `${DOWNLOAD_URL}?exportId=${exportId}&expires=${expireTime}&signature=${signature}`, expireTime };
    },
  });

  routes.add({
    method: 'GET',
    url: DOWNLOAD_URL,
    auth: 'none',
    raw: true,
    summary: 'The file of an export, by the signed link of export/url',
    description: 'The link is the credential: no API-key headers. CSV (RFC 4180): a header of the fields of the endpoint’s rows, then one row per line, values as the API shows them.',
    fields: {
      exportId: text({ missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 400000 }),
      expires: integer({ missing: 400009, invalid: 400000, min: 0, description: 'ms, as export/url wrote it.' }),
      signature: text({ missing: 400009, maxLength: 64, invalid: 400000 }),
    },
    answers: [
      { status: 200, description: 'The file, as an attachment named after its type and id.', contentType: 'text/csv' },
      { status: 403, description: 'A link not signed by this server for this export and expiry.', contentType: JSON_TYPE, codes: [2000] },
      { status: 404, description: 'The export’s file is gone (removed from the data dir).', contentType: JSON_TYPE, codes: [401109] },
      { status: 410, description: 'The link has expired: ask export/url for a fresh one.', contentType: JSON_TYPE, codes: [2000] },
    ],
    async handle({ values: { exportId, expires, signature }, gateway }) {
      const link = gateway.downloadLinks.check(exportId, expires, signature, gateway.clock());
      if (link !== 'valid') return refused(link === 'forged' ? 403 : 410, 2000);
      const record = gateway.reads.dataExport(exportId);
      const path = exportFilePath(gateway.config.dataDir, exportId);
      const file = await stat(path).catch(() => undefined);
      if (!record || !file) return refused(404, 401109);
      return {
        status: 200,
        contentType: CSV_TYPE,
        body: createReadStream(path),
        headers: { 'content-length': String(file.size), 'content-disposition': `attachment; filename="${record.exportType.toLowerCase()}-${exportId}.csv"` },
      };
    },
  });
}
