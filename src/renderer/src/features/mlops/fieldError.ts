import { fieldKeyFor, messageWithoutField } from '../../lib/fieldErrors'

/** The service's message for one field of a refused command (or for something inside it). */
export const fieldError = (error: unknown, field: string): string | undefined =>
  fieldKeyFor(error, [field]) ? messageWithoutField(error) : undefined
