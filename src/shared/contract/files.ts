import { z } from 'zod'

/** What reading the start of a data file tells: the one "inspect a file" shape every area answers with. */

export const FILE_FORMATS = ['csv', 'csv.gz', 'parquet'] as const
export const FileFormat = z.enum(FILE_FORMATS)
export type FileFormat = z.infer<typeof FileFormat>

/** Text encodings the CSV reader knows; `latin-1` is decoded as Windows-1252 (its superset). */
export const FILE_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'latin-1'] as const
export const FileEncoding = z.enum(FILE_ENCODINGS)
export type FileEncoding = z.infer<typeof FileEncoding>

/** A column's type as read from the sample: text inferred (CSV) or the stored values' type (Parquet). */
export const VALUE_TYPES = ['integer', 'number', 'boolean', 'date', 'datetime', 'string', 'empty'] as const
export const ValueType = z.enum(VALUE_TYPES)
export type ValueType = z.infer<typeof ValueType>

export const InspectedColumn = z.object({
  name: z.string(),
  type: ValueType,
  /** Cells of the sample that are empty or a missing-value token (NA, null, …). */
  missing: z.number(),
  /** Distinct present values in the sample (counted up to 10,000). */
  distinct: z.number(),
  /** Up to 5 distinct values of the sample, as text (long ones shortened). */
  samples: z.array(z.string())
})
export type InspectedColumn = z.infer<typeof InspectedColumn>

export const FileInspection = z.object({
  path: z.string(),
  format: FileFormat,
  /** Bytes on disk. */
  size: z.number(),
  /** Text encoding; null for Parquet. */
  encoding: FileEncoding.nullable(),
  /** Whether the text starts with a byte-order mark. */
  bom: z.boolean(),
  /** Field delimiter; null for Parquet. */
  delimiter: z.string().nullable(),
  /** Whether the first row holds the column names (always true for Parquet). */
  header: z.boolean(),
  columns: z.array(InspectedColumn),
  /** Data rows the column types were inferred from. */
  sampleRows: z.number(),
  /** Data rows in the file: exact when `rowsExact`, else extrapolated from the sample's bytes per row. */
  rowEstimate: z.number(),
  rowsExact: z.boolean(),
  warnings: z.array(z.string())
})
export type FileInspection = z.infer<typeof FileInspection>
