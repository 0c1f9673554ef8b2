/** shared/spec/signature-vectors.json: requests signed by an independent client (decisions C1), when shared/ is beside the repo. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Vector {
  method: string;
  /** The query for GET, the JSON body otherwise, as the independent client sent it. */
  wire: string;
  nonce: string;
  stringToSign: string;
  signature: string;
}

const vectorsFile = fileURLToPath(new URL('../../../shared/spec/signature-vectors.json', import.meta.url));

/** The reason to skip the tests that need the file, or false. */
export const skipWithoutVectors = !existsSync(vectorsFile) && 'shared/ not beside the repo';

export const { secretKey, vectors } = skipWithoutVectors
  ? { secretKey: '', vectors: [] as Vector[] }
  : (JSON.parse(readFileSync(vectorsFile, 'utf8')) as { secretKey: string; vectors: Vector[] });
