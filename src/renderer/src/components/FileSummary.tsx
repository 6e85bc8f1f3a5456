import type { FileInspection } from '../../../shared/contract/files'
import { formatBytes } from '../lib/format'

const ENCODINGS: Record<string, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', 'latin-1': 'Latin-1' }

/** One line describing an inspected file (format, delimiter, header, encoding, rows, size), then its warnings. */
export function FileSummary({ file, extra }: { file: FileInspection; extra?: string }) {
  const parts = [
    file.format === 'csv.gz' ? 'CSV (gzip)' : file.format.toUpperCase(),
    file.delimiter !== null ? `delimiter “${file.delimiter === '\t' ? 'tab' : file.delimiter}”` : null,
    file.format !== 'parquet' ? (file.header ? 'header row' : 'no header') : null,
    file.encoding ? `${ENCODINGS[file.encoding] ?? file.encoding}${file.bom ? ' with BOM' : ''}` : null,
    `${file.columns.length} column${file.columns.length === 1 ? '' : 's'}`,
    `${file.rowsExact ? '' : '≈ '}${file.rowEstimate.toLocaleString()} rows`,
    formatBytes(file.size),
    extra ?? null
  ].filter(Boolean)
  return (
    <>
      <p className="muted small" data-testid="file-summary">
        {parts.join(' · ')}
      </p>
      {file.warnings.map((w) => (
        <p key={w} className="notice notice-warn" role="alert">
          {w}
        </p>
      ))}
    </>
  )
}
