import { Type, type Static } from '@sinclair/typebox';
import { EXPORT_STATUSES, EXPORT_TYPES, type DataExport } from '../domain/exports/index.ts';
import { PortfolioIdNumber, portfolioIdNumber } from './portfolio.ts';
import { Id16, MsNumber, StringEnum, Strict } from './schema.ts';

export const ExportRequestedSchema = Strict({ exportId: Id16({ description: 'The export: its status in export/list, its file by export/url once COMPLETED.' }) }, { title: 'Export requested' });

export const ExportRowSchema = Strict(
  {
    exportId: Id16(),
    portfolioId: PortfolioIdNumber,
    exportType: StringEnum(EXPORT_TYPES),
    startTime: MsNumber({ description: 'The rows’ time from, inclusive.' }),
    endTime: MsNumber({ description: 'The rows’ time to, inclusive.' }),
    status: StringEnum(EXPORT_STATUSES),
    rowCount: Type.Integer({ minimum: 0, description: 'Rows of the file, its header left out (COMPLETED; else 0).' }),
    fileSize: Type.Integer({ minimum: 0, description: 'Bytes of the file (COMPLETED; else 0).' }),
    reason: Type.String({ description: 'Why it FAILED; empty otherwise.' }),
    createAt: MsNumber(),
    updateAt: MsNumber(),
  },
  { title: 'Data export' },
);

export const ExportUrlSchema = Strict(
  {
    exportId: Id16(),
    url: Type.String({ description: 'A path on this server with its query, signed: GET it (no API-key headers) from the base URL of the API.', examples: ['/files/v1/export?exportId=1732406400000001&expires=1732407300000&signature=…'] }),
    expireTime: MsNumber({ description: 'The link serves the file until then (wall clock).' }),
  },
  { title: 'Export download link' },
);

export function exportRow(record: DataExport): Static<typeof ExportRowSchema> {
  return {
    exportId: record.exportId,
    portfolioId: portfolioIdNumber(record.portfolioId),
    exportType: record.exportType,
    startTime: record.startTime,
    endTime: record.endTime,
    status: record.status,
    rowCount: record.rowCount,
    fileSize: record.fileSize,
    reason: record.reason,
    createAt: record.createAt,
    updateAt: record.updateAt,
  };
}
