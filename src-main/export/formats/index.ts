// The pluggable list of export formats: each renders the canonical document to text.
import type { ConfigDocument, ExportFormat } from '../../../src-shared/config-file';
import { renderDotenv } from './dotenv';
import { renderJson } from './json';
import { renderProperties } from './properties';

export interface FormatDefinition {
  render: (doc: ConfigDocument) => string;
  extension: string;
  multipleProfiles: boolean;
}

export const FORMATS: Record<ExportFormat, FormatDefinition> = {
  json: { render: renderJson, extension: 'json', multipleProfiles: true },
  dotenv: { render: renderDotenv, extension: 'env', multipleProfiles: false },
  properties: { render: renderProperties, extension: 'properties', multipleProfiles: false },
};
